-- guichet schema, version 6: one person is one record. Names, phones and e-mails are kept in one
-- form (src/person.h), so that "06 12 34 56 78" and "0612345678", or a name with a zero-width
-- space in it, find the same person again. This rewrites what was kept before in that form:
-- guichet_clean_name (invisible characters dropped, runs of spaces made one), guichet_phone
-- (E.164: +33612345678) and guichet_email (trimmed, lower case) are the store's own functions,
-- registered on every connection; a value they cannot read (not a name, not a phone number) is
-- kept as it was. Records that now look alike are not merged: `guichet person merge` does that
-- once someone has checked they are one person.
UPDATE participant SET name = guichet_clean_name(name), phone = guichet_phone(phone),
                       email = guichet_email(email)
    WHERE erased_at IS NULL;
UPDATE participant SET name_fold = guichet_fold(name) WHERE erased_at IS NULL AND name IS NOT NULL;

UPDATE referral SET contact_name = guichet_clean_name(contact_name),
                    contact_phone = guichet_phone(contact_phone)
    WHERE contact_name IS NOT NULL OR contact_phone IS NOT NULL;

-- The search index holds the folded names: rebuilt from them, erased people left out.
DELETE FROM participant_search;
INSERT INTO participant_search (rowid, name_folded)
    SELECT id, name_fold FROM participant WHERE erased_at IS NULL AND name_fold IS NOT NULL;
INSERT INTO participant_search (participant_search) VALUES ('optimize');
