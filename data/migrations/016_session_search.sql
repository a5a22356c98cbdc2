-- guichet schema, version 16: the history finds a session by a rare word as it is typed, without
-- reading every session (issue 18).
--
-- session_search indexes the texts typed into a session: procedure, note, commune and postal
-- code. Its content is help_session itself (an external-content FTS5 table): the notes are not
-- copied, 'rebuild' and 'integrity-check' compare it with them, and the triggers below keep it
-- in step with any writer, the sqlite3 shell included (no application function). A session with
-- none of the four texts has no entry. detail=none: the search asks "which sessions have a word
-- starting so", never positions.
--
-- The tokenizer (unicode61, remove_diacritics 2) cuts and folds words as text_fold does for the
-- characters of session_search_plain, and for œ and æ, which the search asks for both ways ("oe"
-- and "œ"). A session whose texts have any other character (ß, ligatures, superscripts, other
-- scripts) is listed in session_search_odd: the search always reads it and lets session_matches
-- decide. Themes, démarches, operators and sites are not indexed here: their labels change with
-- the language and their names with a renaming, and their own indexes find their sessions.
CREATE VIRTUAL TABLE session_search USING fts5(procedure_name, note, commune, postal_code,
    content = 'help_session', content_rowid = 'id', detail = none,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE session_search_odd (
    session_id INTEGER PRIMARY KEY REFERENCES help_session(id) ON DELETE CASCADE
);

-- A GLOB pattern that matches a text holding a character outside those the tokenizer folds as
-- text_fold does (found by comparing the two over U+0001 to U+2FFF; tests/unit/test_search.c
-- checks it again).
CREATE VIEW session_search_plain (odd) AS
    SELECT '*[^' || char(0x0001) || '-' || char(0x00A9) || char(0x00AB) || '-' || char(0x00AC) ||
           char(0x00AE) || '-' || char(0x00B1) || char(0x00B4) || '-' || char(0x00B8) ||
           char(0x00BB) || char(0x00BF) || '-' || char(0x00DE) ||
           char(0x00E0) || '-' || char(0x0131) || char(0x0134) || '-' || char(0x013E) ||
           char(0x0141) || '-' || char(0x0148) || char(0x014A) || '-' || char(0x01C3) ||
           char(0x01CD) || '-' || char(0x01DF) || char(0x01E4) || '-' || char(0x01ED) ||
           char(0x01F0) || char(0x01F4) || '-' || char(0x01FB) ||
           char(0x0200) || '-' || char(0x024F) || char(0x2000) || '-' || char(0x200A) ||
           char(0x200E) || '-' || char(0x205F) || char(0x2065) || '-' || char(0x206F) || ']*';

-- The four texts as one, for the pattern, of the sessions that have one.
CREATE VIEW session_search_text (id, all_text) AS
    SELECT id, coalesce(procedure_name, '') || ' ' || coalesce(note, '') || ' ' ||
               coalesce(commune, '') || ' ' || coalesce(postal_code, '') FROM help_session
    WHERE coalesce(procedure_name, note, commune, postal_code) IS NOT NULL;

CREATE TRIGGER session_search_insert AFTER INSERT ON help_session
    WHEN coalesce(NEW.procedure_name, NEW.note, NEW.commune, NEW.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code)
        VALUES (NEW.id, NEW.procedure_name, NEW.note, NEW.commune, NEW.postal_code);
    INSERT INTO session_search_odd (session_id)
        SELECT NEW.id WHERE (SELECT all_text FROM session_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

-- An update takes the old words out (the tokenizer is given the very texts it indexed) and puts
-- the new ones in.
CREATE TRIGGER session_search_update_out BEFORE UPDATE OF id, procedure_name, note, commune,
    postal_code ON help_session
    WHEN coalesce(OLD.procedure_name, OLD.note, OLD.commune, OLD.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (session_search, rowid, procedure_name, note, commune, postal_code)
        VALUES ('delete', OLD.id, OLD.procedure_name, OLD.note, OLD.commune, OLD.postal_code);
    DELETE FROM session_search_odd WHERE session_id = OLD.id;
END;

CREATE TRIGGER session_search_update_in AFTER UPDATE OF id, procedure_name, note, commune,
    postal_code ON help_session
    WHEN coalesce(NEW.procedure_name, NEW.note, NEW.commune, NEW.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code)
        VALUES (NEW.id, NEW.procedure_name, NEW.note, NEW.commune, NEW.postal_code);
    INSERT INTO session_search_odd (session_id)
        SELECT NEW.id WHERE (SELECT all_text FROM session_search_text WHERE id = NEW.id)
                            GLOB (SELECT odd FROM session_search_plain);
END;

CREATE TRIGGER session_search_delete BEFORE DELETE ON help_session
    WHEN coalesce(OLD.procedure_name, OLD.note, OLD.commune, OLD.postal_code) IS NOT NULL
BEGIN
    INSERT INTO session_search (session_search, rowid, procedure_name, note, commune, postal_code)
        VALUES ('delete', OLD.id, OLD.procedure_name, OLD.note, OLD.commune, OLD.postal_code);
    DELETE FROM session_search_odd WHERE session_id = OLD.id;
END;

-- The sessions there are, as the triggers would have added them (store_add_sessions does the
-- same for a batch written with the triggers off).
INSERT INTO session_search (rowid, procedure_name, note, commune, postal_code)
    SELECT id, procedure_name, note, commune, postal_code FROM help_session
    WHERE coalesce(procedure_name, note, commune, postal_code) IS NOT NULL;
INSERT INTO session_search_odd (session_id)
    SELECT id FROM session_search_text WHERE all_text GLOB (SELECT odd FROM session_search_plain);
