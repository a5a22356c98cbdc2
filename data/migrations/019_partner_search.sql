-- guichet schema, version 19: the partner directory finds a partner as it is typed, a page at a
-- time, without reading every partner (issue 18).
--
-- partner_search indexes the texts the directory's search reads (partner_matches): name,
-- commune, what they handle and postal code, as migration 016 indexes the sessions' texts: an
-- external-content FTS5 table over partner (nothing copied; 'rebuild' and 'integrity-check'
-- compare it with the partners), kept in step by plain SQL triggers for any writer, the sqlite3
-- shell included. An import writes with the triggers off and indexes the rows it added in one
-- statement (store_import_places). The orientation category is matched by its label, in the desk's
-- language, in C: the store looks its codes up (partner_by_category), so nothing here goes stale
-- when the language changes. A partner whose texts hold a character the tokenizer does not fold
-- as text_fold does (016's session_search_plain) is listed in partner_search_odd: the search
-- always reads it and lets partner_matches decide. Prefixes of one and two characters are
-- indexed too: a short word's partners are read at once instead of merged from each word that
-- starts so.
CREATE VIRTUAL TABLE partner_search USING fts5(name, commune, handles, postal_code,
    content = 'partner', content_rowid = 'id', detail = none, prefix = '1 2',
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE partner_search_odd (
    partner_id INTEGER PRIMARY KEY REFERENCES partner(id) ON DELETE CASCADE
);

-- The four texts as one, for the pattern.
CREATE VIEW partner_search_text (id, all_text) AS
    SELECT id, coalesce(name, '') || ' ' || coalesce(commune, '') || ' ' || coalesce(handles, '') ||
               ' ' || coalesce(postal_code, '') FROM partner;

CREATE TRIGGER partner_search_insert AFTER INSERT ON partner BEGIN
    INSERT INTO partner_search (rowid, name, commune, handles, postal_code)
        VALUES (NEW.id, NEW.name, NEW.commune, NEW.handles, NEW.postal_code);
    INSERT INTO partner_search_odd (partner_id)
        SELECT NEW.id WHERE (SELECT all_text FROM partner_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

-- An update takes the old words out (the tokenizer is given the very texts it indexed) and puts
-- the new ones in.
CREATE TRIGGER partner_search_update_out BEFORE UPDATE OF id, name, commune, handles, postal_code
    ON partner
BEGIN
    INSERT INTO partner_search (partner_search, rowid, name, commune, handles, postal_code)
        VALUES ('delete', OLD.id, OLD.name, OLD.commune, OLD.handles, OLD.postal_code);
    DELETE FROM partner_search_odd WHERE partner_id = OLD.id;
END;

CREATE TRIGGER partner_search_update_in AFTER UPDATE OF id, name, commune, handles, postal_code
    ON partner
BEGIN
    INSERT INTO partner_search (rowid, name, commune, handles, postal_code)
        VALUES (NEW.id, NEW.name, NEW.commune, NEW.handles, NEW.postal_code);
    INSERT INTO partner_search_odd (partner_id)
        SELECT NEW.id WHERE (SELECT all_text FROM partner_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

CREATE TRIGGER partner_search_delete BEFORE DELETE ON partner BEGIN
    INSERT INTO partner_search (partner_search, rowid, name, commune, handles, postal_code)
        VALUES ('delete', OLD.id, OLD.name, OLD.commune, OLD.handles, OLD.postal_code);
    DELETE FROM partner_search_odd WHERE partner_id = OLD.id;
END;

-- The directory's order, national partners first, then by name: read a page at a time from
-- where the last one ended (store_page_partners), one value of is_national after the other.
CREATE INDEX partner_by_listing ON partner(is_national, name_fold);
-- The partners of the categories whose label has a word of the search.
CREATE INDEX partner_by_category ON partner(category);

-- The partners there are, as the triggers would have added them.
INSERT INTO partner_search (partner_search) VALUES ('rebuild');
INSERT INTO partner_search_odd (partner_id)
    SELECT id FROM partner_search_text WHERE all_text GLOB (SELECT odd FROM session_search_plain);
