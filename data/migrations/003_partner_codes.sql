-- guichet schema, version 3: shipped partners have a stable code (data/partners.tsv), by which the
-- default policy names them; partners a library adds have none.
ALTER TABLE partner ADD COLUMN code TEXT;
CREATE UNIQUE INDEX partner_by_code ON partner(code) WHERE code IS NOT NULL;
