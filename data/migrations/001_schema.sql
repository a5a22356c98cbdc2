-- guichet schema, version 1: the whole domain, so that later work adds behaviour, not rewrites.
-- Applied inside one BEGIN IMMEDIATE transaction; guichet then sets user_version.
-- Vocabulary columns hold the stable codes of data/vocab.tsv; the core validates them on
-- every write and `guichet check` verifies them.
-- Times: *_at columns of events are local wall-clock 'YYYY-MM-DD HH:MM' (what the desk saw);
-- created_at/updated_at are UTC 'YYYY-MM-DDTHH:MM:SSZ'.

PRAGMA application_id = 1196771651; -- 'GUIC'

CREATE TABLE vocab (
    kind     TEXT NOT NULL,
    code     TEXT NOT NULL,
    label    TEXT NOT NULL,            -- English label; French through gettext
    position INTEGER NOT NULL,
    PRIMARY KEY (kind, code)
) WITHOUT ROWID;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- A library network may have several médiathèques.
CREATE TABLE site (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_fold  TEXT NOT NULL UNIQUE,   -- case- and accent-folded, for look-up
    created_at TEXT NOT NULL
);

-- Who is at the desk.
CREATE TABLE operator (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    name_fold    TEXT NOT NULL UNIQUE,
    site_id      INTEGER REFERENCES site(id) ON DELETE SET NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    last_seen_at TEXT,
    created_at   TEXT NOT NULL
);

-- One anonymous help session (accompagnement individuel).
CREATE TABLE help_session (
    id             INTEGER PRIMARY KEY,
    started_at     TEXT NOT NULL
                   CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),
    duration_min   INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
    place          TEXT NOT NULL DEFAULT 'lieu_activite',
    site_id        INTEGER REFERENCES site(id),
    operator_id    INTEGER REFERENCES operator(id),
    autonomy       TEXT,
    age            TEXT,
    status         TEXT,
    gender         TEXT,
    oriented       INTEGER NOT NULL DEFAULT 0 CHECK (oriented IN (0, 1)),
    orientation    TEXT,                -- structure category, when oriented
    procedure_name TEXT,
    note           TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX help_session_by_start    ON help_session(started_at);
CREATE INDEX help_session_by_site     ON help_session(site_id, started_at);
CREATE INDEX help_session_by_operator ON help_session(operator_id, started_at);

CREATE TABLE help_session_theme (
    session_id INTEGER NOT NULL REFERENCES help_session(id) ON DELETE CASCADE,
    theme      TEXT NOT NULL,
    PRIMARY KEY (session_id, theme)
) WITHOUT ROWID;
CREATE INDEX help_session_theme_by_theme ON help_session_theme(theme, session_id);

CREATE TABLE help_session_demarche (
    session_id INTEGER NOT NULL REFERENCES help_session(id) ON DELETE CASCADE,
    demarche   TEXT NOT NULL,
    PRIMARY KEY (session_id, demarche)
) WITHOUT ROWID;
CREATE INDEX help_session_demarche_by_demarche ON help_session_demarche(demarche, session_id);

CREATE TABLE help_session_material (
    session_id INTEGER NOT NULL REFERENCES help_session(id) ON DELETE CASCADE,
    material   TEXT NOT NULL,
    PRIMARY KEY (session_id, material)
) WITHOUT ROWID;

-- Workshops (ateliers numériques); a series groups the dates of a repeated workshop.
CREATE TABLE workshop_series (
    id          INTEGER PRIMARY KEY,
    every_weeks INTEGER NOT NULL CHECK (every_weeks >= 1),
    created_at  TEXT NOT NULL
);

CREATE TABLE workshop (
    id             INTEGER PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,    -- stable iCalendar UID
    sequence       INTEGER NOT NULL DEFAULT 0,  -- iCalendar SEQUENCE, raised on each change
    series_id      INTEGER REFERENCES workshop_series(id) ON DELETE SET NULL,
    title          TEXT NOT NULL,
    description    TEXT,
    level          TEXT,
    site_id        INTEGER REFERENCES site(id),
    room           TEXT,
    starts_at      TEXT NOT NULL,
    duration_min   INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
    capacity       INTEGER NOT NULL CHECK (capacity >= 0),
    facilitator_id INTEGER REFERENCES operator(id),
    status         TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled', 'held')),
    walk_ins       INTEGER NOT NULL DEFAULT 0 CHECK (walk_ins >= 0),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX workshop_by_start ON workshop(starts_at);

CREATE TABLE workshop_theme (
    workshop_id INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    theme       TEXT NOT NULL,
    PRIMARY KEY (workshop_id, theme)
) WITHOUT ROWID;

-- Personal data: kept only as long as needed (domain.md §6), erased in place.
CREATE TABLE participant (
    id               INTEGER PRIMARY KEY,
    name             TEXT,                 -- NULL once erased
    name_fold        TEXT,
    phone            TEXT,
    email            TEXT,
    consent_at       TEXT,
    last_activity_on TEXT,
    erased_at        TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX participant_by_name ON participant(name_fold);

CREATE TABLE registration (
    id             INTEGER PRIMARY KEY,
    workshop_id    INTEGER NOT NULL REFERENCES workshop(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participant(id),
    state          TEXT NOT NULL
                   CHECK (state IN ('booked', 'waitlisted', 'cancelled', 'attended', 'absent', 'excused')),
    booked_at      TEXT NOT NULL,          -- first come, first served
    updated_at     TEXT NOT NULL,
    UNIQUE (workshop_id, participant_id)
);
CREATE INDEX registration_by_workshop ON registration(workshop_id, state, booked_at);
CREATE INDEX registration_by_participant ON registration(participant_id);

-- Partners, in the fields of the national place standard (domain.md §5).
CREATE TABLE partner (
    id             INTEGER PRIMARY KEY,
    mednum_id      TEXT UNIQUE,
    pivot          TEXT,
    name           TEXT NOT NULL,
    name_fold      TEXT NOT NULL,
    typology       TEXT,                   -- '|'-separated typology codes
    category       TEXT,                   -- orientation category (vocab 'orientation')
    address        TEXT,
    address_extra  TEXT,
    postal_code    TEXT,
    commune        TEXT,
    code_insee     TEXT,
    latitude       REAL,
    longitude      REAL,
    phone          TEXT,
    emails         TEXT,
    website        TEXT,
    opening_hours  TEXT,                   -- OpenStreetMap opening_hours syntax
    access_methods TEXT,                   -- '|'-separated
    handles        TEXT,
    notes          TEXT,
    mednum_extra   TEXT,                   -- the standard's other fields, as JSON
    is_national    INTEGER NOT NULL DEFAULT 0 CHECK (is_national IN (0, 1)),
    updated_on     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX partner_by_name ON partner(name_fold);

-- The library's routing policy: what it handles and where it sends people.
CREATE TABLE request_kind (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL,
    keywords   TEXT NOT NULL DEFAULT '',   -- words people use, folded, space-separated
    answer     TEXT NOT NULL CHECK (answer IN ('here', 'partly', 'redirect')),
    partner_id INTEGER REFERENCES partner(id) ON DELETE SET NULL,
    theme      TEXT,
    bring      TEXT,
    staff_note TEXT,
    position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE referral (
    id              INTEGER PRIMARY KEY,
    referred_at     TEXT NOT NULL,
    operator_id     INTEGER REFERENCES operator(id),
    request_kind_id INTEGER REFERENCES request_kind(id) ON DELETE SET NULL,
    need            TEXT,
    partner_id      INTEGER REFERENCES partner(id) ON DELETE SET NULL,
    method          TEXT NOT NULL DEFAULT 'information'
                    CHECK (method IN ('information', 'appointment', 'call', 'prescription')),
    status          TEXT NOT NULL DEFAULT 'a_suivre'
                    CHECK (status IN ('a_suivre', 'abouti', 'sans_suite', 'refuse')),
    follow_up_on    TEXT,
    contact_name    TEXT,                  -- only with consent
    contact_phone   TEXT,
    consent_at      TEXT,
    session_id      INTEGER REFERENCES help_session(id) ON DELETE SET NULL,
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (contact_name IS NULL OR consent_at IS NOT NULL)
);
CREATE INDEX referral_by_status ON referral(status, follow_up_on);
CREATE INDEX referral_by_session ON referral(session_id);

-- Who did what and when, without copying personal data.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator_id INTEGER REFERENCES operator(id) ON DELETE SET NULL,
    action      TEXT NOT NULL,             -- create, update, delete, export, erase, purge…
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    detail      TEXT
);
CREATE INDEX audit_by_time ON audit(at);
