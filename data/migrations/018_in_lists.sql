-- guichet schema, version 18: no list of constants longer than two behind IN on a write.
--
-- SQLite evaluates "x IN ('a', 'b', 'c')" by building a temporary B-tree of the list each time
-- the statement runs (two constants or fewer are compared one by one): about 2 µs in memory,
-- more on a file, for every row written under such a CHECK and for every firing of such a
-- trigger. Bookings, attendance and referrals paid it three or four times per write. The same
-- conditions are written here as comparisons joined by OR, which SQLite tests in place.
--
-- The CHECK constraints are rewritten in the stored schema, as SQLite documents for a change
-- that leaves every stored row as valid as before ("Making Other Kinds Of Table Schema
-- Changes", https://www.sqlite.org/lang_altertable.html#otheralter): the conditions accept
-- exactly the same values (NULL included). The trigger statements below change the schema
-- cookie, so that every connection reads the new definitions.

PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (status IN (''planned'', ''cancelled'', ''held''))',
    'CHECK (status = ''planned'' OR status = ''cancelled'' OR status = ''held'')')
    WHERE type = 'table' AND name = 'workshop';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (state IN (''booked'', ''waitlisted'', ''cancelled'', ''attended'', ''absent'', ''excused''))',
    'CHECK (state = ''booked'' OR state = ''waitlisted'' OR state = ''cancelled'' OR state = ''attended'' OR state = ''absent'' OR state = ''excused'')'),
    'CHECK (notice IN (''cancelled'', ''told'', ''reopened''))',
    'CHECK (notice = ''cancelled'' OR notice = ''told'' OR notice = ''reopened'')')
    WHERE type = 'table' AND name = 'registration';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (answer IN (''here'', ''partly'', ''redirect''))',
    'CHECK (answer = ''here'' OR answer = ''partly'' OR answer = ''redirect'')')
    WHERE type = 'table' AND name = 'request_kind';
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK (method IN (''information'', ''appointment'', ''call'', ''prescription''))',
    'CHECK (method = ''information'' OR method = ''appointment'' OR method = ''call'' OR method = ''prescription'')'),
    'CHECK (status IN (''a_suivre'', ''abouti'', ''sans_suite'', ''refuse''))',
    'CHECK (status = ''a_suivre'' OR status = ''abouti'' OR status = ''sans_suite'' OR status = ''refuse'')')
    WHERE type = 'table' AND name = 'referral';
UPDATE sqlite_schema SET sql = replace(sql,
    'CHECK (kind IN (''name'', ''first'', ''phone'', ''email'', ''given'', ''initial''))',
    'CHECK (kind = ''name'' OR kind = ''first'' OR kind = ''phone'' OR kind = ''email'' OR kind = ''given'' OR kind = ''initial'')')
    WHERE type = 'table' AND name = 'erasure_mark';
PRAGMA writable_schema = OFF;

-- A seat is taken by every registration but the waitlisted and the cancelled ones (the CHECK
-- on state allows nothing else): the same count as 015's, with two constants. (017 rewrote the
-- update trigger so already.)
DROP TRIGGER workshop_attendance_insert;
DROP TRIGGER workshop_attendance_delete;
CREATE TRIGGER workshop_attendance_insert AFTER INSERT ON registration BEGIN
    INSERT INTO workshop_attendance
        VALUES (NEW.workshop_id, NEW.state NOT IN ('waitlisted', 'cancelled'),
                NEW.state = 'attended', NEW.state = 'absent')
        ON CONFLICT DO UPDATE SET seats = seats + excluded.seats,
                                  attended = attended + excluded.attended,
                                  absent = absent + excluded.absent;
END;
CREATE TRIGGER workshop_attendance_delete AFTER DELETE ON registration BEGIN
    UPDATE workshop_attendance
        SET seats = seats - (OLD.state NOT IN ('waitlisted', 'cancelled')),
            attended = attended - (OLD.state = 'attended'), absent = absent - (OLD.state = 'absent')
        WHERE workshop_id = OLD.workshop_id;
END;
