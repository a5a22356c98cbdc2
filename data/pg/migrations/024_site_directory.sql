-- guichet schema, version 24 (data/migrations/024_site_directory.sql): each site's own
-- partners and lines of the routing policy beside the network's (site_id NULL).
ALTER TABLE partner ADD COLUMN site_id bigint REFERENCES site(id) ON DELETE SET NULL;
CREATE INDEX partner_by_site ON partner(site_id) WHERE site_id IS NOT NULL;

ALTER TABLE request_kind ADD COLUMN site_id bigint REFERENCES site(id) ON DELETE CASCADE;
ALTER TABLE request_kind DROP CONSTRAINT request_kind_code_key;
CREATE UNIQUE INDEX request_kind_by_code ON request_kind(coalesce(site_id, 0), code);
