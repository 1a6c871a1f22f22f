-- +goose Up
-- The audit log: per workspace, append-only, each entry carrying the hash of the one before, so
-- that an altered or removed entry breaks the chain. Entries outlive their actors (no foreign
-- keys); events of no workspace (a failed sign-in for an unknown address) chain under the nil id.
CREATE TABLE audit_entries (
    workspace_id TEXT NOT NULL,
    seq          INTEGER NOT NULL CHECK (seq > 0),
    id           TEXT NOT NULL,
    at           TIMESTAMP NOT NULL,
    actor_id     TEXT,
    actor_email  TEXT NOT NULL,
    ip           TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    -- Canonical JSON as hashed: TEXT keeps its bytes.
    detail       TEXT NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL,
    PRIMARY KEY (workspace_id, seq)
);
CREATE INDEX audit_entries_time ON audit_entries (workspace_id, at, seq);
CREATE INDEX audit_entries_action ON audit_entries (workspace_id, action, seq);
CREATE INDEX audit_entries_actor ON audit_entries (workspace_id, actor_id, seq);

-- The newest entry of each chain: appends lock it, so that entries take their numbers one by
-- one, and verification compares it with the last entry to see entries removed from the end.
CREATE TABLE audit_heads (
    workspace_id TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL,
    hash         BLOB NOT NULL
);

-- +goose Down
DROP TABLE audit_heads;
DROP TABLE audit_entries;
