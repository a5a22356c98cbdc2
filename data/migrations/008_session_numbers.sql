-- guichet schema, version 8: session numbers are never given twice, and a deleted session can
-- be brought back exactly, under its own number.
--
-- Numbers. help_session.id is an INTEGER PRIMARY KEY without AUTOINCREMENT, so SQLite gives the
-- largest id plus one: deleting the newest session and logging another gave its number again,
-- and the audit log then named two sessions by one number. AUTOINCREMENT would need the table
-- rebuilt, with its three child tables (ON DELETE CASCADE) and the per-day count triggers of
-- migration 004 around it. Instead, session_number keeps the highest number ever used (one
-- row): a trigger raises it on every insert, whoever writes, and guichet inserts with an
-- explicit id one above the larger of it and max(id). For an existing file it starts at the
-- largest number the file has seen: its sessions, and the audit log's entries about sessions
-- (a batch's "create" entry names its first number and, in detail, how many followed; the
-- numbers of one batch are consecutive). Entries older than the audit's retention are gone: a
-- number deleted before them cannot be known.
CREATE TABLE session_number (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
-- Numbers beyond what guichet takes on its command line (12 digits) are not believed.
INSERT INTO session_number (id, last) VALUES (1, max(
    coalesce((SELECT max(id) FROM help_session), 0),
    coalesce((SELECT max(entity_id + CASE WHEN action = 'create' AND length(detail) <= 9
                                               AND detail GLOB '[1-9]*'
                                               AND detail NOT GLOB '*[^0-9]*'
                                          THEN CAST(detail AS INTEGER) - 1 ELSE 0 END)
              FROM audit WHERE entity = 'help_session' AND typeof(entity_id) = 'integer'
                AND entity_id BETWEEN 1 AND 999999999999), 0)));

CREATE TRIGGER session_number_raise AFTER INSERT ON help_session BEGIN
    UPDATE session_number SET last = NEW.id WHERE id = 1 AND last < NEW.id;
END;

-- Deletion. A deleted session stays in help_session, with its themes, démarches and devices,
-- and a row here says it is deleted, when and by whom: restoring removes the row, and every
-- field, the number and the referrals naming it are as they were. Because the row stays, the
-- erasure of a person (store_privacy.c) still finds and redacts their name in a deleted
-- session's note, and their export still shows it. Everything that lists or counts sessions
-- leaves the deleted ones out.
CREATE TABLE help_session_deleted (
    session_id  INTEGER PRIMARY KEY REFERENCES help_session(id) ON DELETE CASCADE,
    deleted_at  TEXT NOT NULL,             -- UTC
    operator_id INTEGER REFERENCES operator(id) ON DELETE SET NULL
);

-- session_facts (migration 004) now counts live sessions only, so that the triggers of 004 and
-- `guichet check` agree on what the report counts. Its columns are unchanged. help_session_live
-- is a plain view: SQLite folds it into each query, so that a trigger's "WHERE id = ?" stays a
-- look-up by number.
CREATE VIEW help_session_live AS
    SELECT * FROM help_session s
    WHERE NOT EXISTS (SELECT 1 FROM help_session_deleted d WHERE d.session_id = s.id);
DROP VIEW session_facts;
CREATE VIEW session_facts (id, child, dim, day, site_id, operator_id, code, minutes) AS
    SELECT id, 0, 'total', substr(started_at, 1, 10), coalesce(site_id, 0), coalesce(operator_id, 0),
           '', duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'place', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(place, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'autonomy', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(autonomy, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'age', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(age, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'status', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(status, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'gender', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(gender, ''), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'oriented', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), CAST(oriented AS TEXT), duration_min FROM help_session_live
    UNION ALL SELECT id, 0, 'orientation', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(orientation, ''), duration_min FROM help_session_live
           WHERE oriented = 1
    UNION ALL SELECT id, 0, 'duration', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0),
           CASE WHEN duration_min < 30 THEN '0' WHEN duration_min < 60 THEN '1'
                WHEN duration_min < 120 THEN '2' ELSE '3' END, duration_min FROM help_session_live
    UNION ALL SELECT s.id, 1, 'theme', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.theme, s.duration_min
           FROM help_session_live s JOIN help_session_theme c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'demarche', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.demarche, s.duration_min
           FROM help_session_live s JOIN help_session_demarche c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'material', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.material, s.duration_min
           FROM help_session_live s JOIN help_session_material c ON c.session_id = s.id;

-- Deleting takes all the session's facts out of the per-day counts (before the row marks it),
-- restoring puts them back (after the row is gone). A deleted session's later changes, and the
-- removal of a deleted session with its row here, move nothing: session_facts no longer lists it.
CREATE TRIGGER session_tally_deleted_insert BEFORE INSERT ON help_session_deleted BEGIN
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = NEW.session_id) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;
CREATE TRIGGER session_tally_deleted_delete AFTER DELETE ON help_session_deleted BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts
        WHERE id = OLD.session_id
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;
