-- guichet schema, version 26: an erased person's appointments keep their status; the
-- appointments' calendar events numbered (SEQUENCE).
--
-- Migration 025's trigger also cancelled every planned appointment of a person erased, past
-- ones too (a purge a year later changed that month's report), at the real clock's time and
-- without an audit entry. An erasure now cancels the planned appointments to come itself (the
-- store, at the desk's clock, audited and said); the trigger only takes their notes away,
-- whatever the path that erased them (an erasure, the purge, a restore applying the register).
DROP TRIGGER participant_erase_appointments;
CREATE TRIGGER participant_erase_appointments AFTER UPDATE OF name ON participant
    WHEN NEW.name IS NULL AND OLD.name IS NOT NULL
BEGIN
    UPDATE appointment SET note = NULL WHERE participant_id = NEW.id AND note IS NOT NULL;
END;

-- appointment.sequence: iCalendar's SEQUENCE of the appointment's event, raised at each change
-- (moved, kept, missed, cancelled, planned again), so that a calendar that imported it takes
-- the new time or the cancellation (as workshop.sequence).
ALTER TABLE appointment ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
