-- guichet schema, version 4: reports read per-day counts instead of every session, so that a
-- year of figures costs a few thousand rows, not hundreds of thousands of sessions.
--
-- session_facts lists, for each session, every figure it counts in: one row per dimension
-- (the total, place, autonomy, age, status, gender, oriented, orientation, duration bucket) and
-- one per theme, démarche and material (child = 1). It is the one definition of what a session
-- counts for; the triggers below and `guichet check` all read it.
CREATE VIEW session_facts (id, child, dim, day, site_id, operator_id, code, minutes) AS
    SELECT id, 0, 'total', substr(started_at, 1, 10), coalesce(site_id, 0), coalesce(operator_id, 0),
           '', duration_min FROM help_session
    UNION ALL SELECT id, 0, 'place', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(place, ''), duration_min FROM help_session
    UNION ALL SELECT id, 0, 'autonomy', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(autonomy, ''), duration_min FROM help_session
    UNION ALL SELECT id, 0, 'age', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(age, ''), duration_min FROM help_session
    UNION ALL SELECT id, 0, 'status', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(status, ''), duration_min FROM help_session
    UNION ALL SELECT id, 0, 'gender', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(gender, ''), duration_min FROM help_session
    UNION ALL SELECT id, 0, 'oriented', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), CAST(oriented AS TEXT), duration_min FROM help_session
    UNION ALL SELECT id, 0, 'orientation', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(orientation, ''), duration_min FROM help_session
           WHERE oriented = 1
    UNION ALL SELECT id, 0, 'duration', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0),
           CASE WHEN duration_min < 30 THEN '0' WHEN duration_min < 60 THEN '1'
                WHEN duration_min < 120 THEN '2' ELSE '3' END, duration_min FROM help_session
    UNION ALL SELECT s.id, 1, 'theme', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.theme, s.duration_min
           FROM help_session s JOIN help_session_theme c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'demarche', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.demarche, s.duration_min
           FROM help_session s JOIN help_session_demarche c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'material', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.material, s.duration_min
           FROM help_session s JOIN help_session_material c ON c.session_id = s.id;

-- Sessions and minutes per dimension, day, site, operator and code. Site and operator are 0
-- when the session has none. Rows whose count falls to 0 are kept; reports skip them.
CREATE TABLE session_tally (
    dim         TEXT NOT NULL,
    day         TEXT NOT NULL,
    site_id     INTEGER NOT NULL,
    operator_id INTEGER NOT NULL,
    code        TEXT NOT NULL,
    sessions    INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (dim, day, site_id, operator_id, code)
) WITHOUT ROWID;

INSERT INTO session_tally
    SELECT dim, day, site_id, operator_id, code, count(*), sum(minutes) FROM session_facts
    GROUP BY dim, day, site_id, operator_id, code;

-- Referrals are counted by the day they were made.
CREATE INDEX referral_by_time ON referral(referred_at);

-- The triggers keep session_tally exact whatever writes the sessions. A session's own facts are
-- added after it is inserted; its theme, démarche and material rows add theirs as they come.
CREATE TRIGGER session_tally_insert AFTER INSERT ON help_session BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts
        WHERE id = NEW.id AND child = 0
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;

-- A change moves all the session's facts, its children's included: out before, in after.
CREATE TRIGGER session_tally_update_out BEFORE UPDATE OF started_at, duration_min, place, site_id,
    operator_id, autonomy, age, status, gender, oriented, orientation ON help_session BEGIN
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = OLD.id) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;
CREATE TRIGGER session_tally_update_in AFTER UPDATE OF started_at, duration_min, place, site_id,
    operator_id, autonomy, age, status, gender, oriented, orientation ON help_session BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;

-- The children go first, each taking its own fact out while the session is still there to say
-- which day it counts on; then the session's own facts.
CREATE TRIGGER session_tally_delete BEFORE DELETE ON help_session BEGIN
    DELETE FROM help_session_theme WHERE session_id = OLD.id;
    DELETE FROM help_session_demarche WHERE session_id = OLD.id;
    DELETE FROM help_session_material WHERE session_id = OLD.id;
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = OLD.id AND child = 0) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;

CREATE TRIGGER session_tally_theme_insert AFTER INSERT ON help_session_theme BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts
        WHERE id = NEW.session_id AND dim = 'theme' AND code = NEW.theme
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER session_tally_theme_delete BEFORE DELETE ON help_session_theme BEGIN
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = OLD.session_id AND dim = 'theme'
              AND code = OLD.theme) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;
CREATE TRIGGER session_tally_demarche_insert AFTER INSERT ON help_session_demarche BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts
        WHERE id = NEW.session_id AND dim = 'demarche' AND code = NEW.demarche
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER session_tally_demarche_delete BEFORE DELETE ON help_session_demarche BEGIN
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = OLD.session_id AND dim = 'demarche'
              AND code = OLD.demarche) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;
CREATE TRIGGER session_tally_material_insert AFTER INSERT ON help_session_material BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts
        WHERE id = NEW.session_id AND dim = 'material' AND code = NEW.material
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER session_tally_material_delete BEFORE DELETE ON help_session_material BEGIN
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = OLD.session_id AND dim = 'material'
              AND code = OLD.material) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;
