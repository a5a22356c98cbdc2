-- guichet schema, version 15: reports of a year of a network read a few thousand rows.
--
-- Two more figures of each session are counted per day in session_tally (migration 004): whether
-- the person was helped before ('1', '0', '' when not said), and the commune of residence, keyed
-- by its INSEE code, or, when none was said, '/' (never in an INSEE code; a tab would not pass a
-- restore's text check) and the name or postal code said ('/' alone when nothing was). The
-- reports read them instead of every session of the period.

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
    UNION ALL SELECT id, 0, 'already_helped', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(CAST(already_helped AS TEXT), ''), duration_min
           FROM help_session_live
    UNION ALL SELECT id, 0, 'commune', substr(started_at, 1, 10), coalesce(site_id, 0),
           coalesce(operator_id, 0), coalesce(insee, '/' || coalesce(commune, postal_code, '')),
           duration_min FROM help_session_live
    UNION ALL SELECT s.id, 1, 'theme', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.theme, s.duration_min
           FROM help_session_live s JOIN help_session_theme c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'demarche', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.demarche, s.duration_min
           FROM help_session_live s JOIN help_session_demarche c ON c.session_id = s.id
    UNION ALL SELECT s.id, 1, 'material', substr(s.started_at, 1, 10), coalesce(s.site_id, 0),
           coalesce(s.operator_id, 0), c.material, s.duration_min
           FROM help_session_live s JOIN help_session_material c ON c.session_id = s.id;

-- The session's residence and already_helped now count: changing them moves its facts too. A
-- write that changes none of them (the residence written just after the session is logged)
-- moves nothing, rather than taking every fact out and putting it back.
DROP TRIGGER session_tally_update_out;
DROP TRIGGER session_tally_update_in;
CREATE TRIGGER session_tally_update_out BEFORE UPDATE OF started_at, duration_min, place, site_id,
    operator_id, autonomy, age, status, gender, oriented, orientation, postal_code, commune, insee,
    already_helped ON help_session
    WHEN OLD.started_at IS NOT NEW.started_at OR OLD.duration_min IS NOT NEW.duration_min OR OLD.place IS NOT NEW.place
      OR OLD.site_id IS NOT NEW.site_id OR OLD.operator_id IS NOT NEW.operator_id OR OLD.autonomy IS NOT NEW.autonomy
      OR OLD.age IS NOT NEW.age OR OLD.status IS NOT NEW.status OR OLD.gender IS NOT NEW.gender
      OR OLD.oriented IS NOT NEW.oriented OR OLD.orientation IS NOT NEW.orientation OR OLD.postal_code IS NOT NEW.postal_code
      OR OLD.commune IS NOT NEW.commune OR OLD.insee IS NOT NEW.insee OR OLD.already_helped IS NOT NEW.already_helped BEGIN
    UPDATE session_tally SET sessions = session_tally.sessions - 1,
                             minutes = session_tally.minutes - f.minutes
        FROM (SELECT * FROM session_facts WHERE id = OLD.id) AS f
        WHERE session_tally.dim = f.dim AND session_tally.day = f.day
          AND session_tally.site_id = f.site_id AND session_tally.operator_id = f.operator_id
          AND session_tally.code = f.code;
END;
CREATE TRIGGER session_tally_update_in AFTER UPDATE OF started_at, duration_min, place, site_id,
    operator_id, autonomy, age, status, gender, oriented, orientation, postal_code, commune, insee,
    already_helped ON help_session
    WHEN OLD.started_at IS NOT NEW.started_at OR OLD.duration_min IS NOT NEW.duration_min OR OLD.place IS NOT NEW.place
      OR OLD.site_id IS NOT NEW.site_id OR OLD.operator_id IS NOT NEW.operator_id OR OLD.autonomy IS NOT NEW.autonomy
      OR OLD.age IS NOT NEW.age OR OLD.status IS NOT NEW.status OR OLD.gender IS NOT NEW.gender
      OR OLD.oriented IS NOT NEW.oriented OR OLD.orientation IS NOT NEW.orientation OR OLD.postal_code IS NOT NEW.postal_code
      OR OLD.commune IS NOT NEW.commune OR OLD.insee IS NOT NEW.insee OR OLD.already_helped IS NOT NEW.already_helped BEGIN
    INSERT INTO session_tally
        SELECT dim, day, site_id, operator_id, code, 1, minutes FROM session_facts WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET sessions = sessions + 1, minutes = minutes + excluded.minutes;
END;

INSERT INTO session_tally
    SELECT dim, day, site_id, operator_id, code, count(*), sum(minutes) FROM session_facts
    WHERE dim IN ('already_helped', 'commune') GROUP BY dim, day, site_id, operator_id, code;

-- The name said last for a commune's INSEE code, in a period: a report names each line by it.
CREATE INDEX help_session_by_insee ON help_session(insee, started_at) WHERE insee IS NOT NULL;

-- session_tally summed per month, so that a year's report reads a few thousand rows instead of a
-- hundred thousand per-day ones. Reports read whole months here and the per-day rows of
-- session_tally only for the partial months at either end of a period.
CREATE TABLE session_tally_month (
    dim         TEXT NOT NULL,
    month       TEXT NOT NULL, -- YYYY-MM
    site_id     INTEGER NOT NULL,
    operator_id INTEGER NOT NULL,
    code        TEXT NOT NULL,
    sessions    INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (dim, month, site_id, operator_id, code)
) WITHOUT ROWID;

INSERT INTO session_tally_month
    SELECT dim, substr(day, 1, 7), site_id, operator_id, code, sum(sessions), sum(minutes)
    FROM session_tally GROUP BY 1, 2, 3, 4, 5;

-- Every change of session_tally, whichever trigger or migration makes it, moves the month's sum
-- by the same amount: the two stay exact together. (An upsert's update fires the UPDATE trigger.)
CREATE TRIGGER session_tally_month_insert AFTER INSERT ON session_tally BEGIN
    INSERT INTO session_tally_month
        VALUES (NEW.dim, substr(NEW.day, 1, 7), NEW.site_id, NEW.operator_id, NEW.code,
                NEW.sessions, NEW.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
END;
-- The usual change, a count moving under the same key, costs one update; a key changed (only
-- by hand or by a migration) takes the old row's counts out and puts the new one's in.
CREATE TRIGGER session_tally_month_update AFTER UPDATE ON session_tally
    WHEN OLD.dim IS NEW.dim AND OLD.day IS NEW.day AND OLD.site_id IS NEW.site_id
     AND OLD.operator_id IS NEW.operator_id AND OLD.code IS NEW.code BEGIN
    UPDATE session_tally_month SET sessions = sessions + (NEW.sessions - OLD.sessions),
                                   minutes = minutes + (NEW.minutes - OLD.minutes)
        WHERE dim = NEW.dim AND month = substr(NEW.day, 1, 7) AND site_id = NEW.site_id
          AND operator_id = NEW.operator_id AND code = NEW.code;
END;
CREATE TRIGGER session_tally_month_move AFTER UPDATE ON session_tally
    WHEN NOT (OLD.dim IS NEW.dim AND OLD.day IS NEW.day AND OLD.site_id IS NEW.site_id
              AND OLD.operator_id IS NEW.operator_id AND OLD.code IS NEW.code) BEGIN
    INSERT INTO session_tally_month
        VALUES (OLD.dim, substr(OLD.day, 1, 7), OLD.site_id, OLD.operator_id, OLD.code,
                -OLD.sessions, -OLD.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
    INSERT INTO session_tally_month
        VALUES (NEW.dim, substr(NEW.day, 1, 7), NEW.site_id, NEW.operator_id, NEW.code,
                NEW.sessions, NEW.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
END;
CREATE TRIGGER session_tally_month_delete AFTER DELETE ON session_tally BEGIN
    INSERT INTO session_tally_month
        VALUES (OLD.dim, substr(OLD.day, 1, 7), OLD.site_id, OLD.operator_id, OLD.code,
                -OLD.sessions, -OLD.minutes)
        ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions,
                                  minutes = minutes + excluded.minutes;
END;

-- Each workshop's seats taken (booked, attended, absent, excused), attended and absent
-- registrations, kept by the triggers below, so that a report sums one row per workshop rather
-- than counting registrations. A workshop removed takes its row with it; its registrations,
-- removed with it, then find no row to change.
CREATE TABLE workshop_attendance (
    workshop_id INTEGER PRIMARY KEY,
    seats       INTEGER NOT NULL,
    attended    INTEGER NOT NULL,
    absent      INTEGER NOT NULL
);

INSERT INTO workshop_attendance
    SELECT workshop_id, sum(state IN ('booked', 'attended', 'absent', 'excused')),
           sum(state = 'attended'), sum(state = 'absent')
    FROM registration GROUP BY workshop_id;

CREATE TRIGGER workshop_attendance_insert AFTER INSERT ON registration BEGIN
    INSERT INTO workshop_attendance
        VALUES (NEW.workshop_id, NEW.state IN ('booked', 'attended', 'absent', 'excused'),
                NEW.state = 'attended', NEW.state = 'absent')
        ON CONFLICT DO UPDATE SET seats = seats + excluded.seats,
                                  attended = attended + excluded.attended,
                                  absent = absent + excluded.absent;
END;
CREATE TRIGGER workshop_attendance_update AFTER UPDATE OF workshop_id, state ON registration BEGIN
    UPDATE workshop_attendance
        SET seats = seats - (OLD.state IN ('booked', 'attended', 'absent', 'excused')),
            attended = attended - (OLD.state = 'attended'), absent = absent - (OLD.state = 'absent')
        WHERE workshop_id = OLD.workshop_id;
    INSERT INTO workshop_attendance
        VALUES (NEW.workshop_id, NEW.state IN ('booked', 'attended', 'absent', 'excused'),
                NEW.state = 'attended', NEW.state = 'absent')
        ON CONFLICT DO UPDATE SET seats = seats + excluded.seats,
                                  attended = attended + excluded.attended,
                                  absent = absent + excluded.absent;
END;
CREATE TRIGGER workshop_attendance_delete AFTER DELETE ON registration BEGIN
    UPDATE workshop_attendance
        SET seats = seats - (OLD.state IN ('booked', 'attended', 'absent', 'excused')),
            attended = attended - (OLD.state = 'attended'), absent = absent - (OLD.state = 'absent')
        WHERE workshop_id = OLD.workshop_id;
END;
CREATE TRIGGER workshop_attendance_workshop_delete AFTER DELETE ON workshop BEGIN
    DELETE FROM workshop_attendance WHERE workshop_id = OLD.id;
END;
