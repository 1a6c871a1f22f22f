-- +goose Up
-- How long the signed URLs through which browsers fetch blobs stay valid.
ALTER TABLE workspaces ADD COLUMN signed_url_ttl_seconds INTEGER NOT NULL DEFAULT 900;

-- The workspace's data key, wrapped by the master key. Versions let a rotation add a key while
-- blobs sealed under the old one stay readable until rewrapped.
CREATE TABLE workspace_keys (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    wrapped_key  BLOB NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, version)
);

CREATE TABLE storage_integrations (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('s3', 'gcs', 'azure')),
    config       TEXT NOT NULL,
    -- Credentials sealed under the workspace key; NULL to use the environment's credentials.
    credentials  BLOB,
    key_version  INTEGER,
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX storage_integrations_name ON storage_integrations (workspace_id, lower(name));

CREATE TABLE datasets (
    id             TEXT PRIMARY KEY,
    workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL,
    -- NULL: Loupe's own storage, where blobs are sealed at rest.
    integration_id TEXT REFERENCES storage_integrations (id),
    created_by     TEXT NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX datasets_name ON datasets (workspace_id, lower(name));

-- Who may see and change a dataset: a user or a group, with a role.
CREATE TABLE dataset_access (
    workspace_id TEXT NOT NULL,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    user_id      TEXT,
    group_id     TEXT REFERENCES user_groups (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    created_at   TIMESTAMP NOT NULL,
    CHECK ((user_id IS NULL) <> (group_id IS NULL)),
    FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX dataset_access_user ON dataset_access (dataset_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX dataset_access_group ON dataset_access (dataset_id, group_id) WHERE group_id IS NOT NULL;
CREATE INDEX dataset_access_member ON dataset_access (workspace_id, user_id);

CREATE TABLE data_items (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    object_key   TEXT NOT NULL,
    name         TEXT NOT NULL,
    type         TEXT NOT NULL CHECK (type IN ('image', 'video', 'audio', 'text', 'document')),
    mime         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    width        INTEGER,
    height       INTEGER,
    duration_ms  BIGINT,
    fps          DOUBLE PRECISION,
    frame_count  BIGINT,
    metadata     TEXT NOT NULL,
    -- The blob's data key, wrapped by the workspace key of key_version; NULL for blobs read as they are.
    wrapped_key  BLOB,
    key_version  INTEGER,
    created_at   TIMESTAMP NOT NULL
);
-- One item per object: registering the same object again changes nothing.
CREATE UNIQUE INDEX data_items_object ON data_items (dataset_id, object_key);
CREATE INDEX data_items_dataset ON data_items (workspace_id, dataset_id, id);
CREATE INDEX data_items_type ON data_items (workspace_id, dataset_id, type, id);

-- A registration of objects already in a customer's bucket, by prefix or by manifest, worked by
-- a background job; its counts are its progress.
CREATE TABLE imports (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    source       TEXT NOT NULL CHECK (source IN ('prefix', 'manifest')),
    prefix       TEXT NOT NULL,
    -- The manifest, kept in Loupe's own storage while the job reads it.
    manifest_key TEXT,
    -- The workspace key version the manifest's key derives from.
    key_version  INTEGER,
    status       TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    seen         BIGINT NOT NULL DEFAULT 0,
    added        BIGINT NOT NULL DEFAULT 0,
    existing     BIGINT NOT NULL DEFAULT 0,
    failed       BIGINT NOT NULL DEFAULT 0,
    -- The first row errors, as a JSON array of {line, key, message}.
    errors       TEXT NOT NULL,
    error        TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);
CREATE INDEX imports_dataset ON imports (workspace_id, dataset_id, id);

-- A resumable upload in progress: its parts wait sealed in Loupe's own storage until it completes.
CREATE TABLE uploads (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    dataset_id   TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    received     BIGINT NOT NULL DEFAULT 0,
    parts        INTEGER NOT NULL DEFAULT 0,
    metadata     TEXT NOT NULL,
    -- The workspace key version the parts' keys derive from.
    key_version  INTEGER NOT NULL,
    created_by   TEXT NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX uploads_expiry ON uploads (expires_at);

-- +goose Down
DROP TABLE uploads;
DROP TABLE imports;
DROP TABLE data_items;
DROP TABLE dataset_access;
DROP TABLE datasets;
DROP TABLE storage_integrations;
DROP TABLE workspace_keys;
ALTER TABLE workspaces DROP COLUMN signed_url_ttl_seconds;
