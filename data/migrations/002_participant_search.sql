-- guichet schema, version 2: full-text search of participants, so that the desk finds a person
-- as it types and does not enter them twice. The indexed text is the folded name (text_fold:
-- no case, no accents); the rowid is the participant's id. guichet keeps it in step on every
-- write, and removes the entry when a participant is erased.
CREATE VIRTUAL TABLE participant_search USING fts5(name_folded, tokenize = 'unicode61 remove_diacritics 2');

-- The capacity check and the waitlist order read registrations of one workshop by state.
CREATE INDEX workshop_by_series ON workshop(series_id, starts_at);
