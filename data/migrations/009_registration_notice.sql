-- guichet schema, version 9: who must be told that their workshop was cancelled, or reopened
-- after they were told. NULL: nothing to tell; 'cancelled': the workshop was cancelled and they
-- have not been told yet; 'told': told of the cancellation; 'reopened': told of the cancellation,
-- and the workshop was reopened since, which they have not been told yet. Only seats and places
-- on the waitlist are marked; the call list shows the marks to tell until the desk says told.
ALTER TABLE registration ADD COLUMN notice TEXT
    CHECK (notice IN ('cancelled', 'told', 'reopened'));

-- Workshops cancelled before this version: whether their people were told is not known, so they
-- are to tell (the call list only shows workshops still to come).
UPDATE registration SET notice = 'cancelled'
    WHERE state IN ('booked', 'waitlisted')
      AND workshop_id IN (SELECT id FROM workshop WHERE status = 'cancelled');
