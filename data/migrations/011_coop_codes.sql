-- guichet schema, version 11: the national tool's codes (issue 17). La Coop de la médiation
-- numérique names the age bands moins_de_douze, douze_dix_huit, dix_huit_vingt_quatre,
-- vingt_cinq_trente_neuf, quarante_cinquante_neuf, soixante_soixante_neuf, soixante_dix_plus
-- (non_communique unchanged); guichet said moins_12, 12_17, 18_24, 25_39, 40_59, 60_69, 70_plus.
-- Every other vocabulary guichet shares with it already had its codes (data/coop/enumerations.tsv).
-- This rewrites the age band of every help session, deleted ones included (they are restored as
-- they were, in today's codes); the per-day counts of migration 004 follow through its triggers
-- (a change of age moves a live session's facts out of the old code and into the new), and the
-- emptied rows of the old codes are removed; the vocab table's rows are renamed (guichet reloads
-- them on opening anyway). The old codes stay accepted on input (vocab_find), never written.
CREATE TEMP TABLE age_rename (old TEXT PRIMARY KEY, new TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO age_rename VALUES
    ('moins_12', 'moins_de_douze'), ('12_17', 'douze_dix_huit'),
    ('18_24', 'dix_huit_vingt_quatre'), ('25_39', 'vingt_cinq_trente_neuf'),
    ('40_59', 'quarante_cinquante_neuf'), ('60_69', 'soixante_soixante_neuf'),
    ('70_plus', 'soixante_dix_plus');
UPDATE help_session SET age = (SELECT new FROM age_rename WHERE old = help_session.age)
    WHERE age IN (SELECT old FROM age_rename);
DELETE FROM session_tally WHERE dim = 'age' AND code IN (SELECT old FROM age_rename)
    AND sessions = 0 AND minutes = 0;
UPDATE vocab SET code = (SELECT new FROM age_rename WHERE old = vocab.code)
    WHERE kind = 'age' AND code IN (SELECT old FROM age_rename);
DROP TABLE temp.age_rename;
