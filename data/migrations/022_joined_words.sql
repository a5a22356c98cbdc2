-- guichet schema, version 22: words joined by a hyphen or an apostrophe are found as one word
-- too: "email" finds "E-mail", "aujourdhui" finds "aujourd’hui", "e-mail" finds "email" (the
-- search's one definition, text_search in src/text.h).
--
-- The history's index (migration 016) and the directory's (019) take one more column, joined:
-- the record's texts with their hyphens and apostrophes taken out (every character text_fold
-- turns into '-' or ''': - ' ‐ ‑ – — ‘ ’), NULL when they have none, which the same tokenizer
-- cuts into the joined words ("e-mail" gives "email"). The search asks all the columns at
-- once. Their content is now a view over the table, which adds that column: 'rebuild' and
-- 'integrity-check' read it, and the triggers, still plain SQL for any writer, the sqlite3
-- shell included, take a row's values from it. The tables session_search_odd and
-- partner_search_odd do not change: every character taken out is one the tokenizer folds as
-- text_fold does. Both indexes are built again here from the texts.

DROP TRIGGER IF EXISTS session_search_insert;
DROP TRIGGER IF EXISTS session_search_update_out;
DROP TRIGGER IF EXISTS session_search_update_in;
DROP TRIGGER IF EXISTS session_search_delete;
DROP TABLE IF EXISTS session_search;
DROP VIEW IF EXISTS session_search_content;

CREATE VIEW session_search_content (id, procedure_name, note, commune, postal_code, joined) AS
    SELECT id, procedure_name, note, commune, postal_code,
        nullif(replace(replace(replace(replace(replace(replace(replace(replace(
            coalesce(procedure_name, '') || ' ' || coalesce(note, '') || ' ' ||
            coalesce(commune, '') || ' ' || coalesce(postal_code, ''),
            '-', ''), '''', ''), '‐', ''), '‑', ''), '–', ''), '—', ''), '‘', ''), '’', ''),
            coalesce(procedure_name, '') || ' ' || coalesce(note, '') || ' ' ||
            coalesce(commune, '') || ' ' || coalesce(postal_code, ''))
    FROM help_session;

CREATE VIRTUAL TABLE session_search USING fts5(procedure_name, note, commune, postal_code, joined,
    content = 'session_search_content', content_rowid = 'id', detail = none,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER session_search_insert AFTER INSERT ON help_session
    WHEN coalesce(NEW.procedure_name, NEW.note, NEW.commune, NEW.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code, joined)
        SELECT id, procedure_name, note, commune, postal_code, joined
        FROM session_search_content WHERE id = NEW.id;
    INSERT INTO session_search_odd (session_id)
        SELECT NEW.id WHERE (SELECT all_text FROM session_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

-- An update takes the old words out (the tokenizer is given the very texts it indexed, read
-- before the row changes) and puts the new ones in.
CREATE TRIGGER session_search_update_out BEFORE UPDATE OF id, procedure_name, note, commune,
    postal_code ON help_session
    WHEN coalesce(OLD.procedure_name, OLD.note, OLD.commune, OLD.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (session_search, rowid, procedure_name, note, commune, postal_code,
                                joined)
        SELECT 'delete', id, procedure_name, note, commune, postal_code, joined
        FROM session_search_content WHERE id = OLD.id;
    DELETE FROM session_search_odd WHERE session_id = OLD.id;
END;

CREATE TRIGGER session_search_update_in AFTER UPDATE OF id, procedure_name, note, commune,
    postal_code ON help_session
    WHEN coalesce(NEW.procedure_name, NEW.note, NEW.commune, NEW.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code, joined)
        SELECT id, procedure_name, note, commune, postal_code, joined
        FROM session_search_content WHERE id = NEW.id;
    INSERT INTO session_search_odd (session_id)
        SELECT NEW.id WHERE (SELECT all_text FROM session_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

CREATE TRIGGER session_search_delete BEFORE DELETE ON help_session
    WHEN coalesce(OLD.procedure_name, OLD.note, OLD.commune, OLD.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (session_search, rowid, procedure_name, note, commune, postal_code,
                                joined)
        SELECT 'delete', id, procedure_name, note, commune, postal_code, joined
        FROM session_search_content WHERE id = OLD.id;
    DELETE FROM session_search_odd WHERE session_id = OLD.id;
END;

-- The sessions there are, as the triggers would have added them.
INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code, joined)
    SELECT id, procedure_name, note, commune, postal_code, joined FROM session_search_content
    WHERE coalesce(procedure_name, note, commune, postal_code) IS NOT NULL;

-- The partner directory's index, the same way.
DROP TRIGGER IF EXISTS partner_search_insert;
DROP TRIGGER IF EXISTS partner_search_update_out;
DROP TRIGGER IF EXISTS partner_search_update_in;
DROP TRIGGER IF EXISTS partner_search_delete;
DROP TABLE IF EXISTS partner_search;
DROP VIEW IF EXISTS partner_search_content;

CREATE VIEW partner_search_content (id, name, commune, handles, postal_code, joined) AS
    SELECT id, name, commune, handles, postal_code,
        nullif(replace(replace(replace(replace(replace(replace(replace(replace(
            coalesce(name, '') || ' ' || coalesce(commune, '') || ' ' || coalesce(handles, '') ||
            ' ' || coalesce(postal_code, ''),
            '-', ''), '''', ''), '‐', ''), '‑', ''), '–', ''), '—', ''), '‘', ''), '’', ''),
            coalesce(name, '') || ' ' || coalesce(commune, '') || ' ' || coalesce(handles, '') ||
            ' ' || coalesce(postal_code, ''))
    FROM partner;

CREATE VIRTUAL TABLE partner_search USING fts5(name, commune, handles, postal_code, joined,
    content = 'partner_search_content', content_rowid = 'id', detail = none, prefix = '1 2',
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER partner_search_insert AFTER INSERT ON partner BEGIN
    INSERT INTO partner_search (rowid, name, commune, handles, postal_code, joined)
        SELECT id, name, commune, handles, postal_code, joined
        FROM partner_search_content WHERE id = NEW.id;
    INSERT INTO partner_search_odd (partner_id)
        SELECT NEW.id WHERE (SELECT all_text FROM partner_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

CREATE TRIGGER partner_search_update_out BEFORE UPDATE OF id, name, commune, handles, postal_code
    ON partner
BEGIN
    INSERT INTO partner_search (partner_search, rowid, name, commune, handles, postal_code, joined)
        SELECT 'delete', id, name, commune, handles, postal_code, joined
        FROM partner_search_content WHERE id = OLD.id;
    DELETE FROM partner_search_odd WHERE partner_id = OLD.id;
END;

CREATE TRIGGER partner_search_update_in AFTER UPDATE OF id, name, commune, handles, postal_code
    ON partner
BEGIN
    INSERT INTO partner_search (rowid, name, commune, handles, postal_code, joined)
        SELECT id, name, commune, handles, postal_code, joined
        FROM partner_search_content WHERE id = NEW.id;
    INSERT INTO partner_search_odd (partner_id)
        SELECT NEW.id WHERE (SELECT all_text FROM partner_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

CREATE TRIGGER partner_search_delete BEFORE DELETE ON partner BEGIN
    INSERT INTO partner_search (partner_search, rowid, name, commune, handles, postal_code, joined)
        SELECT 'delete', id, name, commune, handles, postal_code, joined
        FROM partner_search_content WHERE id = OLD.id;
    DELETE FROM partner_search_odd WHERE partner_id = OLD.id;
END;

INSERT INTO partner_search (partner_search) VALUES ('rebuild');

-- The people's index (guichet's own, migration 002) holds each folded name and, when it has
-- hyphens or apostrophes, the name without them (store.c, participant_index_text).
UPDATE participant_search SET name_folded =
        (SELECT name_fold || ' ' || replace(replace(name_fold, '-', ''), '''', '')
         FROM participant WHERE id = participant_search.rowid)
    WHERE rowid IN (SELECT id FROM participant WHERE name_fold GLOB '*[-'']*'
                    AND erased_at IS NULL);
