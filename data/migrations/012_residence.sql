-- guichet schema, version 12: the commune of residence of the people helped and whether they
-- were already helped before (domain.md §2 "Public"; the national tool's "Commune de résidence
-- du bénéficiaire" and new versus returning people). All optional: NULL is "not given".
-- Postal and INSEE codes are kept as the table of communes (data/communes.tsv) gives them.
-- A session is anonymous: its commune is a statistic. A participant's commune is personal data:
-- it lives on the participant's record, so that export, erasure and purge treat it with the rest
-- of their data; "already helped" is said at each booking, on the registration.
ALTER TABLE help_session ADD COLUMN postal_code TEXT;
ALTER TABLE help_session ADD COLUMN commune TEXT;
ALTER TABLE help_session ADD COLUMN insee TEXT;
ALTER TABLE help_session ADD COLUMN already_helped INTEGER CHECK (already_helped IN (0, 1));

ALTER TABLE participant ADD COLUMN postal_code TEXT;
ALTER TABLE participant ADD COLUMN commune TEXT;
ALTER TABLE participant ADD COLUMN insee TEXT;

ALTER TABLE registration ADD COLUMN already_helped INTEGER CHECK (already_helped IN (0, 1));

-- Erasing a participant (erasure, purge, or a copy brought back under the erasure register)
-- sets their name to NULL: their commune goes with it, whichever statement did it.
CREATE TRIGGER participant_erase_residence AFTER UPDATE OF name ON participant
    WHEN NEW.name IS NULL AND (NEW.postal_code IS NOT NULL OR NEW.commune IS NOT NULL
                               OR NEW.insee IS NOT NULL)
BEGIN
    UPDATE participant SET postal_code = NULL, commune = NULL, insee = NULL WHERE id = NEW.id;
END;
