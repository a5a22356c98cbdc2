-- guichet schema, version 14: every partner has its place id, the place standard's `id`
-- (domain.md §5: required, unique in a file), stored once in partner.mednum_id.
--
-- Until now a partner made here had none: exports made up "guichet-N" from its number each time.
-- An import of that export did not know the partner (it looked only at mednum_id) and added a
-- second one; and a place imported from another library's export ("guichet-18") could take the
-- id the export later made up for this library's partner 18: the same id twice in one file.
--
-- Now a place imported keeps its file's id, as before; a partner made here (command line, desk,
-- shipped partners) gets "guichet-XXXXXXXX-N" when it is added: XXXXXXXX, 8 hexadecimal digits
-- drawn at random once for this database (setting place_id_prefix), so that another library's
-- ids do not meet this one's, and N its number. The column is UNIQUE; should an imported place
-- hold that id already, the new partner's id gets a random suffix. An import matches its ids on
-- mednum_id, so a partner's own export is recognised as that partner. Existing partners without
-- an id get theirs here: the ids earlier exports made up ("guichet-N") are not kept, since
-- another library's export writes the same ones.
INSERT INTO setting (key, value) VALUES ('place_id_prefix', 'guichet-' || lower(hex(randomblob(4))));

UPDATE partner SET mednum_id = (SELECT value FROM setting WHERE key = 'place_id_prefix') || '-' || id
WHERE mednum_id IS NULL;

CREATE TRIGGER partner_place_id AFTER INSERT ON partner WHEN NEW.mednum_id IS NULL BEGIN
    UPDATE partner SET mednum_id =
        (SELECT value FROM setting WHERE key = 'place_id_prefix') || '-' || NEW.id ||
        CASE WHEN EXISTS (SELECT 1 FROM partner WHERE mednum_id =
                 (SELECT value FROM setting WHERE key = 'place_id_prefix') || '-' || NEW.id)
             THEN '-' || lower(hex(randomblob(4))) ELSE '' END
    WHERE id = NEW.id;
END;
