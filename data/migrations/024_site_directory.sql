-- guichet schema, version 24: in a network, each site has its own partners and its own lines of
-- the routing policy beside the network's.
--
-- partner.site_id: the site whose directory holds the partner (a local branch, the town's
-- mairie); NULL for the network's partners, which every site sees (the national operators,
-- and every partner of a database with one site: a library on its own is its own network).
-- request_kind.site_id: a site's own line of the policy; for that site it replaces the
-- network's line of the same code (NULL: the network's line, every site's unless replaced).
-- A code is then unique within a site's lines and within the network's, no longer across the
-- table: request_kind is made again, as SQLite documents for a change ALTER TABLE cannot make
-- ("Making Other Kinds Of Table Schema Changes"), with foreign keys off meanwhile (the marker
-- below: the migration runner turns them off before its transaction and runs
-- foreign_key_check before it commits), so that no referral loses its request kind.
-- guichet-migration: foreign-keys-off
PRAGMA writable_schema = RESET;
ALTER TABLE partner ADD COLUMN site_id INTEGER REFERENCES site(id) ON DELETE SET NULL;
CREATE INDEX partner_by_site ON partner(site_id) WHERE site_id IS NOT NULL;

CREATE TABLE request_kind_new (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    label      TEXT NOT NULL,
    keywords   TEXT NOT NULL DEFAULT '',   -- words people use, folded, space-separated
    answer     TEXT NOT NULL CHECK (answer = 'here' OR answer = 'partly' OR answer = 'redirect'),
    partner_id INTEGER REFERENCES partner(id) ON DELETE SET NULL,
    theme      TEXT,
    bring      TEXT,
    staff_note TEXT,
    position   INTEGER NOT NULL DEFAULT 0,
    site_id    INTEGER REFERENCES site(id) ON DELETE CASCADE
);
INSERT INTO request_kind_new (id, code, label, keywords, answer, partner_id, theme, bring,
                              staff_note, position)
    SELECT id, code, label, keywords, answer, partner_id, theme, bring, staff_note, position
    FROM request_kind;
DROP TABLE request_kind;
ALTER TABLE request_kind_new RENAME TO request_kind;
CREATE INDEX request_kind_position ON request_kind(position);
CREATE UNIQUE INDEX request_kind_by_code ON request_kind(coalesce(site_id, 0), code);
