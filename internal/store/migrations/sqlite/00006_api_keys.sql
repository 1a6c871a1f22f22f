-- +goose Up
-- API keys: a user's credentials for programs, each bound to one workspace. The secret is never
-- stored, only its SHA-256 hash beside the visible prefix it is looked up by. A key belongs to a
-- membership: a member who leaves or is removed takes their keys of that workspace along.
-- Revoked keys stay, so that their holder is told the key was revoked rather than unknown.
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  TEXT NOT NULL,
    read_only    BOOLEAN NOT NULL DEFAULT FALSE,
    -- A JSON array of the only actions the key may do; NULL for no such list.
    actions      TEXT,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    revoked_at   TIMESTAMP,
    revoked_by   TEXT,
    last_used_at TIMESTAMP,
    last_used_ip TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE,
    CONSTRAINT api_keys_one_scope CHECK (NOT (read_only AND actions IS NOT NULL))
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id, id);
CREATE INDEX api_keys_user ON api_keys (user_id, id);
CREATE INDEX api_keys_membership ON api_keys (workspace_id, user_id);

-- +goose Down
DROP TABLE api_keys;
