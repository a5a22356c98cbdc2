-- guichet schema, version 25: one-to-one help by appointment (issue 20).
--
-- appointment: a person's appointment with an operator at a site, at a local date and time
-- ("YYYY-MM-DD HH:MM", the site's wall clock, as sessions and workshops), for a duration. Its
-- request is a line of the routing policy (what the person comes for), what to bring copied
-- from it when booked (the policy may change after), a short note. Its status: planned, then
-- done (the session it became: session_id), missed (a no-show) or cancelled. The person is a
-- participant, found or made as for a booking: the same retention, export and erasure.
-- site.opening_hours: when the site is open (OpenStreetMap's syntax, as partners' hours); the
-- free slots of an operator are found within them (NULL: no hours said, every hour).
ALTER TABLE site ADD COLUMN opening_hours TEXT;

CREATE TABLE appointment (
    id              INTEGER PRIMARY KEY,
    starts_at       TEXT NOT NULL
                    CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]'),
    duration_min    INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
    site_id         INTEGER REFERENCES site(id),
    operator_id     INTEGER NOT NULL REFERENCES operator(id),
    participant_id  INTEGER REFERENCES participant(id),
    request_kind_id INTEGER REFERENCES request_kind(id) ON DELETE SET NULL,
    bring           TEXT,
    note            TEXT,
    status          TEXT NOT NULL DEFAULT 'planned'
                    CHECK (status = 'planned' OR status = 'done' OR status = 'missed' OR status = 'cancelled'),
    session_id      INTEGER REFERENCES help_session(id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX appointment_by_operator ON appointment(operator_id, starts_at);
CREATE INDEX appointment_by_start ON appointment(starts_at);
CREATE INDEX appointment_by_participant ON appointment(participant_id);

-- A person erased (their name set to NULL) has nobody to come to their planned appointments:
-- those are cancelled, the times freed; the notes of all theirs, which speak of them, go; the
-- appointments stay, anonymous, for the counts.
CREATE TRIGGER participant_erase_appointments AFTER UPDATE OF name ON participant
    WHEN NEW.name IS NULL AND OLD.name IS NOT NULL
BEGIN
    UPDATE appointment SET note = NULL,
        status = CASE WHEN status = 'planned' THEN 'cancelled' ELSE status END,
        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE participant_id = NEW.id AND (status = 'planned' OR note IS NOT NULL);
END;
