-- guichet schema, version 10: French typography in the directory and the routing policy
-- (issue 16). The labels shipped in data/ now use the typographic apostrophe (’), a narrow
-- no-break space (U+202F) before ';' and a no-break space (U+00A0) before ':', as the national
-- tool writes them; the rows a database already holds are written so too. Only human text is
-- touched: codes, keywords (compared folded, where ’ and ' are one) and addresses stay.
UPDATE partner SET
    name = replace(name, '''', '’'),
    handles = replace(replace(handles, '''', '’'), ' ;', ' ;'),
    notes = replace(replace(replace(notes, '''', '’'), ' ;', ' ;'), ' :', ' :');
UPDATE request_kind SET
    label = replace(replace(replace(label, '''', '’'), ' ;', ' ;'), ' :', ' :'),
    bring = replace(replace(replace(bring, '''', '’'), ' ;', ' ;'), ' :', ' :'),
    staff_note = replace(replace(replace(staff_note, '''', '’'), ' ;', ' ;'), ' :', ' :');
