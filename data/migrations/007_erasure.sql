-- guichet schema, version 7: the erasure register (domain.md §6). One entry per erased person,
-- holding no name: their number, when, and marks, which are keyed hashes (HMAC-SHA-256) of their
-- folded name, canonical phone number and e-mail. The key is kept beside the database, in its own
-- file (DB-erasure-key, mode 0600), never in the database or its backups: a copy alone says
-- nothing about whom it erased. guichet applies the register to every copy it keeps (the daily
-- backups, the copies a restore keeps) and to any backup it restores, so that an erased person
-- never comes back; a record or a text made after the erasure (the person came back, with new
-- consent) is not touched.
CREATE TABLE erasure (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL,          -- the participant's number when erased (0: a referral's
                                           -- contact)
    person_created_at TEXT,                -- when that record was made: with the number, it
                                           -- finds the record in any copy, even without the key
    erased_at   TEXT NOT NULL,             -- UTC
    files_at    TEXT,                      -- when nothing of them was left in the database's
                                           -- files; NULL while another desk's reading kept a copy
    copies_at   TEXT                       -- when every copy guichet keeps was cleaned; NULL
                                           -- while one could not be (the next erasure, purge or
                                           -- daily backup tries again)
);
CREATE INDEX erasure_pending ON erasure(files_at) WHERE files_at IS NULL;
CREATE INDEX erasure_copies_pending ON erasure(copies_at) WHERE copies_at IS NULL;

CREATE TABLE erasure_mark (
    erasure_id INTEGER NOT NULL REFERENCES erasure(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('name', 'first', 'phone', 'email', 'given', 'initial')),
    words      INTEGER NOT NULL DEFAULT 1, -- how many words a name has, to find it in a note
    mark       TEXT NOT NULL,
    PRIMARY KEY (erasure_id, kind, mark)
) WITHOUT ROWID;
