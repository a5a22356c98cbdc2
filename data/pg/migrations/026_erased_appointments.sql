-- guichet schema, version 26 (data/migrations/026_erased_appointments.sql): an erased person's
-- appointments keep their status; the trigger only takes their notes away.
CREATE OR REPLACE FUNCTION participant_erase_appointments_fn() RETURNS trigger LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    UPDATE appointment SET note = NULL WHERE participant_id = NEW.id AND note IS NOT NULL;
    RETURN NULL;
END $$;

-- appointment.sequence: iCalendar's SEQUENCE of the appointment's event (as workshop.sequence).
ALTER TABLE appointment ADD COLUMN sequence integer NOT NULL DEFAULT 0;
