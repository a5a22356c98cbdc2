-- guichet schema, version 17: a year's report of a network reads counts, never its rows.
--
-- The report still read every workshop, registration and referral of its periods: 300,000
-- registrations, 40,000 workshops and 100,000 referrals at a million sessions. They are counted
-- here as session_tally counts sessions (migrations 004 and 015): per day, and per month for the
-- whole months of a period, kept by triggers on every write and verified by `check`:
--   attendance_tally: the people who attended held workshops, by commune and "already helped";
--   workshop_tally: held workshops, in all and by theme, with their minutes, walk-ins, capacity,
--     seats taken, attended and absent (workshop_attendance's counts, migration 015);
--   referral_tally: referrals by operator, outcome and partner.

-- What attendance_tally counts: each attended registration of a held workshop, once per
-- dimension. code: for 'commune', the person's INSEE code, or '/' and the name or postal code
-- said ('/' alone when nothing was), as session_tally does; for 'already_helped', '1', '0' or ''.
CREATE VIEW attendance_facts (id, workshop_id, participant_id, dim, day, site_id, facilitator_id,
                              code) AS
    SELECT g.id, g.workshop_id, g.participant_id, 'commune', substr(w.starts_at, 1, 10),
           coalesce(w.site_id, 0), coalesce(w.facilitator_id, 0),
           coalesce(p.insee, '/' || coalesce(p.commune, p.postal_code, ''))
    FROM registration g JOIN workshop w ON w.id = g.workshop_id
    JOIN participant p ON p.id = g.participant_id
    WHERE g.state = 'attended' AND w.status = 'held'
    UNION ALL
    SELECT g.id, g.workshop_id, g.participant_id, 'already_helped', substr(w.starts_at, 1, 10),
           coalesce(w.site_id, 0), coalesce(w.facilitator_id, 0),
           coalesce(CAST(g.already_helped AS TEXT), '')
    FROM registration g JOIN workshop w ON w.id = g.workshop_id
    WHERE g.state = 'attended' AND w.status = 'held';

CREATE TABLE attendance_tally (
    dim            TEXT NOT NULL,
    day            TEXT NOT NULL, -- YYYY-MM-DD, the workshop's
    site_id        INTEGER NOT NULL,
    facilitator_id INTEGER NOT NULL,
    code           TEXT NOT NULL,
    people         INTEGER NOT NULL,
    PRIMARY KEY (dim, day, site_id, facilitator_id, code)
) WITHOUT ROWID;

CREATE TABLE attendance_tally_month (
    dim            TEXT NOT NULL,
    month          TEXT NOT NULL, -- YYYY-MM
    site_id        INTEGER NOT NULL,
    facilitator_id INTEGER NOT NULL,
    code           TEXT NOT NULL,
    people         INTEGER NOT NULL,
    PRIMARY KEY (dim, month, site_id, facilitator_id, code)
) WITHOUT ROWID;

INSERT INTO attendance_tally
    SELECT dim, day, site_id, facilitator_id, code, count(*) FROM attendance_facts
    GROUP BY 1, 2, 3, 4, 5;
INSERT INTO attendance_tally_month
    SELECT dim, substr(day, 1, 7), site_id, facilitator_id, code, sum(people)
    FROM attendance_tally GROUP BY 1, 2, 3, 4, 5;

-- Every change of a day's row moves its month's by the same amount (as migration 015 does); the
-- triggers below change a day's count under its key, never the key.
CREATE TRIGGER attendance_tally_month_insert AFTER INSERT ON attendance_tally BEGIN
    INSERT INTO attendance_tally_month
        VALUES (NEW.dim, substr(NEW.day, 1, 7), NEW.site_id, NEW.facilitator_id, NEW.code, NEW.people)
        ON CONFLICT DO UPDATE SET people = people + excluded.people;
END;
CREATE TRIGGER attendance_tally_month_update AFTER UPDATE OF people ON attendance_tally BEGIN
    UPDATE attendance_tally_month SET people = people + (NEW.people - OLD.people)
        WHERE dim = NEW.dim AND month = substr(NEW.day, 1, 7) AND site_id = NEW.site_id
          AND facilitator_id = NEW.facilitator_id AND code = NEW.code;
END;
CREATE TRIGGER attendance_tally_month_delete AFTER DELETE ON attendance_tally BEGIN
    INSERT INTO attendance_tally_month
        VALUES (OLD.dim, substr(OLD.day, 1, 7), OLD.site_id, OLD.facilitator_id, OLD.code, -OLD.people)
        ON CONFLICT DO UPDATE SET people = people + excluded.people;
END;

-- The facts of a registration, a workshop or a person are taken out before a change that moves
-- them and put back after it. Only changes that can move a fact do anything: a booking, a
-- waitlist or a cancellation leaves attended registrations alone. A registration's own triggers
-- read its workshop and person by their keys rather than through attendance_facts: they run
-- for every attendance taken, and the view's machinery cost four times the counting. Attendance
-- is taken before a workshop is marked held: the test of the WHEN clause spares the body then.
CREATE TRIGGER attendance_registration_insert AFTER INSERT ON registration
    WHEN NEW.state = 'attended'
     AND EXISTS (SELECT 1 FROM workshop WHERE id = NEW.workshop_id AND status = 'held') BEGIN
    INSERT INTO attendance_tally
        SELECT 'commune', substr(w.starts_at, 1, 10), coalesce(w.site_id, 0),
               coalesce(w.facilitator_id, 0), coalesce(p.insee, '/' || coalesce(p.commune, p.postal_code, '')), 1
        FROM workshop w, participant p
        WHERE w.id = NEW.workshop_id AND w.status = 'held' AND p.id = NEW.participant_id
        ON CONFLICT DO UPDATE SET people = people + 1;
    INSERT INTO attendance_tally
        SELECT 'already_helped', substr(w.starts_at, 1, 10), coalesce(w.site_id, 0),
               coalesce(w.facilitator_id, 0), coalesce(CAST(NEW.already_helped AS TEXT), ''), 1
        FROM workshop w WHERE w.id = NEW.workshop_id AND w.status = 'held'
        ON CONFLICT DO UPDATE SET people = people + 1;
END;
CREATE TRIGGER attendance_registration_update_out BEFORE UPDATE OF workshop_id, participant_id,
    state, already_helped ON registration
    WHEN OLD.state = 'attended'
     AND (OLD.workshop_id IS NOT NEW.workshop_id OR OLD.participant_id IS NOT NEW.participant_id
          OR OLD.state IS NOT NEW.state OR OLD.already_helped IS NOT NEW.already_helped)
     AND EXISTS (SELECT 1 FROM workshop WHERE id = OLD.workshop_id AND status = 'held') BEGIN
    UPDATE attendance_tally SET people = people - 1
        WHERE dim = 'commune' AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = OLD.workshop_id AND status = 'held')
          AND code = (SELECT coalesce(insee, '/' || coalesce(commune, postal_code, ''))
                      FROM participant WHERE id = OLD.participant_id);
    UPDATE attendance_tally SET people = people - 1
        WHERE dim = 'already_helped' AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = OLD.workshop_id AND status = 'held')
          AND code = coalesce(CAST(OLD.already_helped AS TEXT), '');
END;
CREATE TRIGGER attendance_registration_update_in AFTER UPDATE OF workshop_id, participant_id,
    state, already_helped ON registration
    WHEN NEW.state = 'attended'
     AND (OLD.workshop_id IS NOT NEW.workshop_id OR OLD.participant_id IS NOT NEW.participant_id
          OR OLD.state IS NOT NEW.state OR OLD.already_helped IS NOT NEW.already_helped)
     AND EXISTS (SELECT 1 FROM workshop WHERE id = NEW.workshop_id AND status = 'held') BEGIN
    INSERT INTO attendance_tally
        SELECT 'commune', substr(w.starts_at, 1, 10), coalesce(w.site_id, 0),
               coalesce(w.facilitator_id, 0), coalesce(p.insee, '/' || coalesce(p.commune, p.postal_code, '')), 1
        FROM workshop w, participant p
        WHERE w.id = NEW.workshop_id AND w.status = 'held' AND p.id = NEW.participant_id
        ON CONFLICT DO UPDATE SET people = people + 1;
    INSERT INTO attendance_tally
        SELECT 'already_helped', substr(w.starts_at, 1, 10), coalesce(w.site_id, 0),
               coalesce(w.facilitator_id, 0), coalesce(CAST(NEW.already_helped AS TEXT), ''), 1
        FROM workshop w WHERE w.id = NEW.workshop_id AND w.status = 'held'
        ON CONFLICT DO UPDATE SET people = people + 1;
END;
CREATE TRIGGER attendance_registration_delete BEFORE DELETE ON registration
    WHEN OLD.state = 'attended'
     AND EXISTS (SELECT 1 FROM workshop WHERE id = OLD.workshop_id AND status = 'held') BEGIN
    UPDATE attendance_tally SET people = people - 1
        WHERE dim = 'commune' AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = OLD.workshop_id AND status = 'held')
          AND code = (SELECT coalesce(insee, '/' || coalesce(commune, postal_code, ''))
                      FROM participant WHERE id = OLD.participant_id);
    UPDATE attendance_tally SET people = people - 1
        WHERE dim = 'already_helped' AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = OLD.workshop_id AND status = 'held')
          AND code = coalesce(CAST(OLD.already_helped AS TEXT), '');
END;

-- A workshop held, no longer held, moved to another day, site or facilitator moves every
-- attended registration of it (out only if it was held, in only if it is); one removed takes
-- them out before its registrations go with it.
CREATE TRIGGER attendance_workshop_update_out BEFORE UPDATE OF starts_at, site_id, facilitator_id,
    status ON workshop
    WHEN OLD.status = 'held'
     AND (substr(OLD.starts_at, 1, 10) IS NOT substr(NEW.starts_at, 1, 10)
          OR OLD.site_id IS NOT NEW.site_id OR OLD.facilitator_id IS NOT NEW.facilitator_id
          OR OLD.status IS NOT NEW.status) BEGIN
    UPDATE attendance_tally SET people = attendance_tally.people - f.n
        FROM (SELECT dim, day, site_id, facilitator_id, code, count(*) AS n FROM attendance_facts
              WHERE workshop_id = OLD.id GROUP BY 1, 2, 3, 4, 5) AS f
        WHERE attendance_tally.dim = f.dim AND attendance_tally.day = f.day
          AND attendance_tally.site_id = f.site_id
          AND attendance_tally.facilitator_id = f.facilitator_id AND attendance_tally.code = f.code;
END;
CREATE TRIGGER attendance_workshop_update_in AFTER UPDATE OF starts_at, site_id, facilitator_id,
    status ON workshop
    WHEN NEW.status = 'held'
     AND (substr(OLD.starts_at, 1, 10) IS NOT substr(NEW.starts_at, 1, 10)
          OR OLD.site_id IS NOT NEW.site_id OR OLD.facilitator_id IS NOT NEW.facilitator_id
          OR OLD.status IS NOT NEW.status) BEGIN
    INSERT INTO attendance_tally
        SELECT dim, day, site_id, facilitator_id, code, count(*) FROM attendance_facts
        WHERE workshop_id = NEW.id GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT DO UPDATE SET people = people + excluded.people;
END;
CREATE TRIGGER attendance_workshop_delete BEFORE DELETE ON workshop WHEN OLD.status = 'held' BEGIN
    UPDATE attendance_tally SET people = attendance_tally.people - f.n
        FROM (SELECT dim, day, site_id, facilitator_id, code, count(*) AS n FROM attendance_facts
              WHERE workshop_id = OLD.id GROUP BY 1, 2, 3, 4, 5) AS f
        WHERE attendance_tally.dim = f.dim AND attendance_tally.day = f.day
          AND attendance_tally.site_id = f.site_id
          AND attendance_tally.facilitator_id = f.facilitator_id AND attendance_tally.code = f.code;
    -- Its registrations are deleted after it: they find no held workshop and count nothing.
END;

-- A person's commune changed (said at a booking, or erased) moves the commune of each of their
-- attended registrations.
CREATE TRIGGER attendance_participant_update_out BEFORE UPDATE OF insee, commune, postal_code
    ON participant
    WHEN OLD.insee IS NOT NEW.insee OR OLD.commune IS NOT NEW.commune
      OR OLD.postal_code IS NOT NEW.postal_code BEGIN
    UPDATE attendance_tally SET people = attendance_tally.people - f.n
        FROM (SELECT dim, day, site_id, facilitator_id, code, count(*) AS n FROM attendance_facts
              WHERE participant_id = OLD.id AND dim = 'commune' GROUP BY 1, 2, 3, 4, 5) AS f
        WHERE attendance_tally.dim = f.dim AND attendance_tally.day = f.day
          AND attendance_tally.site_id = f.site_id
          AND attendance_tally.facilitator_id = f.facilitator_id AND attendance_tally.code = f.code;
END;
CREATE TRIGGER attendance_participant_update_in AFTER UPDATE OF insee, commune, postal_code
    ON participant
    WHEN OLD.insee IS NOT NEW.insee OR OLD.commune IS NOT NEW.commune
      OR OLD.postal_code IS NOT NEW.postal_code BEGIN
    INSERT INTO attendance_tally
        SELECT dim, day, site_id, facilitator_id, code, count(*) FROM attendance_facts
        WHERE participant_id = NEW.id AND dim = 'commune' GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT DO UPDATE SET people = people + excluded.people;
END;

-- ---- held workshops --------------------------------------------------------------------------

-- What workshop_tally counts: each held workshop once in 'total' (code '') and once per theme
-- in 'theme' (code the theme), with its registrations' counts (workshop_attendance).
CREATE VIEW workshop_facts (id, dim, day, site_id, facilitator_id, code, minutes, walk_ins,
                            capacity, seats, attended, absent) AS
    SELECT w.id, 'total', substr(w.starts_at, 1, 10), coalesce(w.site_id, 0),
           coalesce(w.facilitator_id, 0), '', w.duration_min, w.walk_ins, w.capacity,
           coalesce(a.seats, 0), coalesce(a.attended, 0), coalesce(a.absent, 0)
    FROM workshop w LEFT JOIN workshop_attendance a ON a.workshop_id = w.id
    WHERE w.status = 'held'
    UNION ALL
    SELECT w.id, 'theme', substr(w.starts_at, 1, 10), coalesce(w.site_id, 0),
           coalesce(w.facilitator_id, 0), t.theme, w.duration_min, w.walk_ins, w.capacity,
           coalesce(a.seats, 0), coalesce(a.attended, 0), coalesce(a.absent, 0)
    FROM workshop w JOIN workshop_theme t ON t.workshop_id = w.id
    LEFT JOIN workshop_attendance a ON a.workshop_id = w.id
    WHERE w.status = 'held';

CREATE TABLE workshop_tally (
    dim TEXT NOT NULL, day TEXT NOT NULL, site_id INTEGER NOT NULL,
    facilitator_id INTEGER NOT NULL, code TEXT NOT NULL,
    workshops INTEGER NOT NULL, minutes INTEGER NOT NULL, walk_ins INTEGER NOT NULL,
    capacity INTEGER NOT NULL, seats INTEGER NOT NULL, attended INTEGER NOT NULL,
    absent INTEGER NOT NULL,
    PRIMARY KEY (dim, day, site_id, facilitator_id, code)
) WITHOUT ROWID;
CREATE TABLE workshop_tally_month (
    dim TEXT NOT NULL, month TEXT NOT NULL, site_id INTEGER NOT NULL,
    facilitator_id INTEGER NOT NULL, code TEXT NOT NULL,
    workshops INTEGER NOT NULL, minutes INTEGER NOT NULL, walk_ins INTEGER NOT NULL,
    capacity INTEGER NOT NULL, seats INTEGER NOT NULL, attended INTEGER NOT NULL,
    absent INTEGER NOT NULL,
    PRIMARY KEY (dim, month, site_id, facilitator_id, code)
) WITHOUT ROWID;

INSERT INTO workshop_tally
    SELECT dim, day, site_id, facilitator_id, code, count(*), sum(minutes), sum(walk_ins),
           sum(capacity), sum(seats), sum(attended), sum(absent)
    FROM workshop_facts GROUP BY 1, 2, 3, 4, 5;
INSERT INTO workshop_tally_month
    SELECT dim, substr(day, 1, 7), site_id, facilitator_id, code, sum(workshops), sum(minutes),
           sum(walk_ins), sum(capacity), sum(seats), sum(attended), sum(absent)
    FROM workshop_tally GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER workshop_tally_month_insert AFTER INSERT ON workshop_tally BEGIN
    INSERT INTO workshop_tally_month
        VALUES (NEW.dim, substr(NEW.day, 1, 7), NEW.site_id, NEW.facilitator_id, NEW.code,
                NEW.workshops, NEW.minutes, NEW.walk_ins, NEW.capacity, NEW.seats, NEW.attended,
                NEW.absent)
        ON CONFLICT DO UPDATE SET workshops = workshops + excluded.workshops,
            minutes = minutes + excluded.minutes, walk_ins = walk_ins + excluded.walk_ins,
            capacity = capacity + excluded.capacity, seats = seats + excluded.seats,
            attended = attended + excluded.attended, absent = absent + excluded.absent;
END;
-- The triggers below change a day's counts under its key, never the key.
CREATE TRIGGER workshop_tally_month_update AFTER UPDATE ON workshop_tally BEGIN
    UPDATE workshop_tally_month SET workshops = workshops + (NEW.workshops - OLD.workshops),
        minutes = minutes + (NEW.minutes - OLD.minutes),
        walk_ins = walk_ins + (NEW.walk_ins - OLD.walk_ins),
        capacity = capacity + (NEW.capacity - OLD.capacity), seats = seats + (NEW.seats - OLD.seats),
        attended = attended + (NEW.attended - OLD.attended), absent = absent + (NEW.absent - OLD.absent)
        WHERE dim = NEW.dim AND month = substr(NEW.day, 1, 7) AND site_id = NEW.site_id
          AND facilitator_id = NEW.facilitator_id AND code = NEW.code;
END;

-- A workshop's facts out before a change that moves them, back in after it.
CREATE TRIGGER workshop_tally_insert AFTER INSERT ON workshop WHEN NEW.status = 'held' BEGIN
    INSERT INTO workshop_tally
        SELECT dim, day, site_id, facilitator_id, code, 1, minutes, walk_ins, capacity, seats,
               attended, absent FROM workshop_facts WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET workshops = workshops + 1, minutes = minutes + excluded.minutes,
            walk_ins = walk_ins + excluded.walk_ins, capacity = capacity + excluded.capacity,
            seats = seats + excluded.seats, attended = attended + excluded.attended,
            absent = absent + excluded.absent;
END;
CREATE TRIGGER workshop_tally_update_out BEFORE UPDATE OF starts_at, site_id, facilitator_id,
    status, duration_min, walk_ins, capacity ON workshop
    WHEN OLD.status = 'held'
     AND (substr(OLD.starts_at, 1, 10) IS NOT substr(NEW.starts_at, 1, 10)
          OR OLD.site_id IS NOT NEW.site_id OR OLD.facilitator_id IS NOT NEW.facilitator_id
          OR OLD.status IS NOT NEW.status OR OLD.duration_min IS NOT NEW.duration_min
          OR OLD.walk_ins IS NOT NEW.walk_ins OR OLD.capacity IS NOT NEW.capacity) BEGIN
    UPDATE workshop_tally SET workshops = workshop_tally.workshops - 1,
        minutes = workshop_tally.minutes - f.minutes, walk_ins = workshop_tally.walk_ins - f.walk_ins,
        capacity = workshop_tally.capacity - f.capacity, seats = workshop_tally.seats - f.seats,
        attended = workshop_tally.attended - f.attended, absent = workshop_tally.absent - f.absent
        FROM (SELECT * FROM workshop_facts WHERE id = OLD.id) AS f
        WHERE workshop_tally.dim = f.dim AND workshop_tally.day = f.day
          AND workshop_tally.site_id = f.site_id
          AND workshop_tally.facilitator_id = f.facilitator_id AND workshop_tally.code = f.code;
END;
CREATE TRIGGER workshop_tally_update_in AFTER UPDATE OF starts_at, site_id, facilitator_id,
    status, duration_min, walk_ins, capacity ON workshop
    WHEN NEW.status = 'held'
     AND (substr(OLD.starts_at, 1, 10) IS NOT substr(NEW.starts_at, 1, 10)
          OR OLD.site_id IS NOT NEW.site_id OR OLD.facilitator_id IS NOT NEW.facilitator_id
          OR OLD.status IS NOT NEW.status OR OLD.duration_min IS NOT NEW.duration_min
          OR OLD.walk_ins IS NOT NEW.walk_ins OR OLD.capacity IS NOT NEW.capacity) BEGIN
    INSERT INTO workshop_tally
        SELECT dim, day, site_id, facilitator_id, code, 1, minutes, walk_ins, capacity, seats,
               attended, absent FROM workshop_facts WHERE id = NEW.id
        ON CONFLICT DO UPDATE SET workshops = workshops + 1, minutes = minutes + excluded.minutes,
            walk_ins = walk_ins + excluded.walk_ins, capacity = capacity + excluded.capacity,
            seats = seats + excluded.seats, attended = attended + excluded.attended,
            absent = absent + excluded.absent;
END;
-- Its registrations and themes are deleted after it: they find no workshop and count nothing.
CREATE TRIGGER workshop_tally_delete BEFORE DELETE ON workshop WHEN OLD.status = 'held' BEGIN
    UPDATE workshop_tally SET workshops = workshop_tally.workshops - 1,
        minutes = workshop_tally.minutes - f.minutes, walk_ins = workshop_tally.walk_ins - f.walk_ins,
        capacity = workshop_tally.capacity - f.capacity, seats = workshop_tally.seats - f.seats,
        attended = workshop_tally.attended - f.attended, absent = workshop_tally.absent - f.absent
        FROM (SELECT * FROM workshop_facts WHERE id = OLD.id) AS f
        WHERE workshop_tally.dim = f.dim AND workshop_tally.day = f.day
          AND workshop_tally.site_id = f.site_id
          AND workshop_tally.facilitator_id = f.facilitator_id AND workshop_tally.code = f.code;
END;

-- A theme given to a held workshop or taken from it.
CREATE TRIGGER workshop_tally_theme_insert AFTER INSERT ON workshop_theme BEGIN
    INSERT INTO workshop_tally
        SELECT dim, day, site_id, facilitator_id, code, 1, minutes, walk_ins, capacity, seats,
               attended, absent FROM workshop_facts
        WHERE id = NEW.workshop_id AND dim = 'theme' AND code = NEW.theme
        ON CONFLICT DO UPDATE SET workshops = workshops + 1, minutes = minutes + excluded.minutes,
            walk_ins = walk_ins + excluded.walk_ins, capacity = capacity + excluded.capacity,
            seats = seats + excluded.seats, attended = attended + excluded.attended,
            absent = absent + excluded.absent;
END;
CREATE TRIGGER workshop_tally_theme_delete BEFORE DELETE ON workshop_theme BEGIN
    UPDATE workshop_tally SET workshops = workshop_tally.workshops - 1,
        minutes = workshop_tally.minutes - f.minutes, walk_ins = workshop_tally.walk_ins - f.walk_ins,
        capacity = workshop_tally.capacity - f.capacity, seats = workshop_tally.seats - f.seats,
        attended = workshop_tally.attended - f.attended, absent = workshop_tally.absent - f.absent
        FROM (SELECT * FROM workshop_facts WHERE id = OLD.workshop_id AND dim = 'theme'
              AND code = OLD.theme) AS f
        WHERE workshop_tally.dim = f.dim AND workshop_tally.day = f.day
          AND workshop_tally.site_id = f.site_id
          AND workshop_tally.facilitator_id = f.facilitator_id AND workshop_tally.code = f.code;
END;

CREATE TRIGGER workshop_tally_theme_update_out BEFORE UPDATE ON workshop_theme BEGIN
    UPDATE workshop_tally SET workshops = workshop_tally.workshops - 1,
        minutes = workshop_tally.minutes - f.minutes, walk_ins = workshop_tally.walk_ins - f.walk_ins,
        capacity = workshop_tally.capacity - f.capacity, seats = workshop_tally.seats - f.seats,
        attended = workshop_tally.attended - f.attended, absent = workshop_tally.absent - f.absent
        FROM (SELECT * FROM workshop_facts WHERE id = OLD.workshop_id AND dim = 'theme'
              AND code = OLD.theme) AS f
        WHERE workshop_tally.dim = f.dim AND workshop_tally.day = f.day
          AND workshop_tally.site_id = f.site_id
          AND workshop_tally.facilitator_id = f.facilitator_id AND workshop_tally.code = f.code;
END;
CREATE TRIGGER workshop_tally_theme_update_in AFTER UPDATE ON workshop_theme BEGIN
    INSERT INTO workshop_tally
        SELECT dim, day, site_id, facilitator_id, code, 1, minutes, walk_ins, capacity, seats,
               attended, absent FROM workshop_facts
        WHERE id = NEW.workshop_id AND dim = 'theme' AND code = NEW.theme
        ON CONFLICT DO UPDATE SET workshops = workshops + 1, minutes = minutes + excluded.minutes,
            walk_ins = walk_ins + excluded.walk_ins, capacity = capacity + excluded.capacity,
            seats = seats + excluded.seats, attended = attended + excluded.attended,
            absent = absent + excluded.absent;
END;

-- Its registrations' counts moved (a booking, attendance): the same difference on each of its
-- rows, when it is held (attendance is taken before a workshop is marked held: most bookings and
-- attendance cost the test alone). (An upsert's update fires the UPDATE trigger.)
CREATE TRIGGER workshop_tally_attendance_insert AFTER INSERT ON workshop_attendance
    WHEN EXISTS (SELECT 1 FROM workshop WHERE id = NEW.workshop_id AND status = 'held') BEGIN
    UPDATE workshop_tally SET seats = seats + NEW.seats, attended = attended + NEW.attended,
                              absent = absent + NEW.absent
        WHERE dim IN ('total', 'theme') AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = NEW.workshop_id)
          AND code IN (SELECT '' UNION ALL SELECT theme FROM workshop_theme
                       WHERE workshop_id = NEW.workshop_id);
END;
CREATE TRIGGER workshop_tally_attendance_update AFTER UPDATE ON workshop_attendance
    WHEN (OLD.seats IS NOT NEW.seats OR OLD.attended IS NOT NEW.attended OR OLD.absent IS NOT NEW.absent)
     AND EXISTS (SELECT 1 FROM workshop WHERE id = NEW.workshop_id AND status = 'held') BEGIN
    UPDATE workshop_tally SET seats = seats + (NEW.seats - OLD.seats),
                              attended = attended + (NEW.attended - OLD.attended),
                              absent = absent + (NEW.absent - OLD.absent)
        WHERE dim IN ('total', 'theme') AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = NEW.workshop_id)
          AND code IN (SELECT '' UNION ALL SELECT theme FROM workshop_theme
                       WHERE workshop_id = NEW.workshop_id);
END;
CREATE TRIGGER workshop_tally_attendance_delete AFTER DELETE ON workshop_attendance
    WHEN EXISTS (SELECT 1 FROM workshop WHERE id = OLD.workshop_id AND status = 'held') BEGIN
    UPDATE workshop_tally SET seats = seats - OLD.seats, attended = attended - OLD.attended,
                              absent = absent - OLD.absent
        WHERE dim IN ('total', 'theme') AND (day, site_id, facilitator_id) =
              (SELECT substr(starts_at, 1, 10), coalesce(site_id, 0), coalesce(facilitator_id, 0)
               FROM workshop WHERE id = OLD.workshop_id)
          AND code IN (SELECT '' UNION ALL SELECT theme FROM workshop_theme
                       WHERE workshop_id = OLD.workshop_id);
END;

-- Migration 015's count of a workshop's registrations took a registration's change out of its
-- workshop's row and put it back, two writes that each moved the rows above: a change within
-- one workshop (attendance taken, a booking cancelled) is now one write of the difference.
DROP TRIGGER workshop_attendance_update;
CREATE TRIGGER workshop_attendance_update AFTER UPDATE OF workshop_id, state ON registration
    WHEN OLD.workshop_id = NEW.workshop_id AND OLD.state IS NOT NEW.state BEGIN
    UPDATE workshop_attendance
        SET seats = seats + (NEW.state NOT IN ('waitlisted', 'cancelled'))
                          - (OLD.state NOT IN ('waitlisted', 'cancelled')),
            attended = attended + (NEW.state = 'attended') - (OLD.state = 'attended'),
            absent = absent + (NEW.state = 'absent') - (OLD.state = 'absent')
        WHERE workshop_id = NEW.workshop_id;
END;
CREATE TRIGGER workshop_attendance_move AFTER UPDATE OF workshop_id ON registration
    WHEN OLD.workshop_id IS NOT NEW.workshop_id BEGIN
    UPDATE workshop_attendance
        SET seats = seats - (OLD.state NOT IN ('waitlisted', 'cancelled')),
            attended = attended - (OLD.state = 'attended'), absent = absent - (OLD.state = 'absent')
        WHERE workshop_id = OLD.workshop_id;
    INSERT INTO workshop_attendance
        VALUES (NEW.workshop_id, NEW.state NOT IN ('waitlisted', 'cancelled'),
                NEW.state = 'attended', NEW.state = 'absent')
        ON CONFLICT DO UPDATE SET seats = seats + excluded.seats,
                                  attended = attended + excluded.attended,
                                  absent = absent + excluded.absent;
END;

-- ---- referrals ---------------------------------------------------------------------------------

-- Each referral once, by its day, operator, outcome and partner (0 for none). Its row holds all
-- of that: a change takes the old key's count out and puts the new one's in.
CREATE TABLE referral_tally (
    day TEXT NOT NULL, operator_id INTEGER NOT NULL, status TEXT NOT NULL,
    partner_id INTEGER NOT NULL, referrals INTEGER NOT NULL,
    PRIMARY KEY (day, operator_id, status, partner_id)
) WITHOUT ROWID;
CREATE TABLE referral_tally_month (
    month TEXT NOT NULL, operator_id INTEGER NOT NULL, status TEXT NOT NULL,
    partner_id INTEGER NOT NULL, referrals INTEGER NOT NULL,
    PRIMARY KEY (month, operator_id, status, partner_id)
) WITHOUT ROWID;

INSERT INTO referral_tally
    SELECT substr(referred_at, 1, 10), coalesce(operator_id, 0), status, coalesce(partner_id, 0),
           count(*)
    FROM referral GROUP BY 1, 2, 3, 4;
INSERT INTO referral_tally_month
    SELECT substr(day, 1, 7), operator_id, status, partner_id, sum(referrals)
    FROM referral_tally GROUP BY 1, 2, 3, 4;

CREATE TRIGGER referral_tally_insert AFTER INSERT ON referral BEGIN
    INSERT INTO referral_tally VALUES (substr(NEW.referred_at, 1, 10), coalesce(NEW.operator_id, 0),
                                       NEW.status, coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
    INSERT INTO referral_tally_month VALUES (substr(NEW.referred_at, 1, 7),
                                             coalesce(NEW.operator_id, 0), NEW.status,
                                             coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
END;
-- A partner removed sets its referrals' partner to NULL, which fires this too.
CREATE TRIGGER referral_tally_update AFTER UPDATE OF referred_at, operator_id, status, partner_id
    ON referral
    WHEN substr(OLD.referred_at, 1, 10) IS NOT substr(NEW.referred_at, 1, 10)
      OR OLD.operator_id IS NOT NEW.operator_id OR OLD.status IS NOT NEW.status
      OR OLD.partner_id IS NOT NEW.partner_id BEGIN
    UPDATE referral_tally SET referrals = referrals - 1
        WHERE day = substr(OLD.referred_at, 1, 10) AND operator_id = coalesce(OLD.operator_id, 0)
          AND status = OLD.status AND partner_id = coalesce(OLD.partner_id, 0);
    UPDATE referral_tally_month SET referrals = referrals - 1
        WHERE month = substr(OLD.referred_at, 1, 7) AND operator_id = coalesce(OLD.operator_id, 0)
          AND status = OLD.status AND partner_id = coalesce(OLD.partner_id, 0);
    INSERT INTO referral_tally VALUES (substr(NEW.referred_at, 1, 10), coalesce(NEW.operator_id, 0),
                                       NEW.status, coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
    INSERT INTO referral_tally_month VALUES (substr(NEW.referred_at, 1, 7),
                                             coalesce(NEW.operator_id, 0), NEW.status,
                                             coalesce(NEW.partner_id, 0), 1)
        ON CONFLICT DO UPDATE SET referrals = referrals + 1;
END;
CREATE TRIGGER referral_tally_delete AFTER DELETE ON referral BEGIN
    UPDATE referral_tally SET referrals = referrals - 1
        WHERE day = substr(OLD.referred_at, 1, 10) AND operator_id = coalesce(OLD.operator_id, 0)
          AND status = OLD.status AND partner_id = coalesce(OLD.partner_id, 0);
    UPDATE referral_tally_month SET referrals = referrals - 1
        WHERE month = substr(OLD.referred_at, 1, 7) AND operator_id = coalesce(OLD.operator_id, 0)
          AND status = OLD.status AND partner_id = coalesce(OLD.partner_id, 0);
END;
