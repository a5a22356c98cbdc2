-- guichet schema, version 7: the erasure register (domain.md §6). One entry per erased person,
-- holding no name: their number, when, and marks, which are keyed hashes (HMAC-SHA-256 under the
-- setting erasure_key) of their folded name, canonical phone numbers and e-mail. guichet applies
-- the register to every copy it keeps (the daily backups, the copies a restore keeps) and to any
-- backup it restores, so that an erased person never comes back.
CREATE TABLE erasure (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL,          -- the participant's number when erased
    erased_at   TEXT NOT NULL,             -- UTC
    files_at    TEXT                       -- when nothing of them was left in the database's
                                           -- files; NULL while another desk's reading kept a copy
);
CREATE INDEX erasure_pending ON erasure(files_at) WHERE files_at IS NULL;

CREATE TABLE erasure_mark (
    erasure_id INTEGER NOT NULL REFERENCES erasure(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('name', 'first', 'phone', 'email')),
    words      INTEGER NOT NULL DEFAULT 1, -- how many words a name has, to find it in a note
    mark       TEXT NOT NULL,
    PRIMARY KEY (erasure_id, kind, mark)
) WITHOUT ROWID;
