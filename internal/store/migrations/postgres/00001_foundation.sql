-- +goose Up
CREATE TABLE workspaces (
    id           UUID PRIMARY KEY,
    name         TEXT NOT NULL,
    is_workforce BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- A domain is claimed by at most one workspace.
CREATE TABLE workspace_domains (
    domain       TEXT PRIMARY KEY,
    workspace_id UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE
);
CREATE INDEX workspace_domains_workspace ON workspace_domains (workspace_id);

CREATE TABLE users (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    workspace_id UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'workforce_manager', 'member', 'tasker')),
    user_type    TEXT NOT NULL CHECK (user_type IN ('internal', 'workforce', 'external')),
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id),
    CONSTRAINT memberships_admin_internal CHECK (role <> 'admin' OR user_type = 'internal')
);
-- An internal user belongs to at most one workspace.
CREATE UNIQUE INDEX memberships_one_internal ON memberships (user_id) WHERE user_type = 'internal';
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE user_groups (
    id           UUID PRIMARY KEY,
    workspace_id UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX user_groups_name ON user_groups (workspace_id, lower(name));

CREATE TABLE group_members (
    workspace_id UUID NOT NULL,
    group_id     UUID NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, user_id),
    FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);
CREATE INDEX group_members_membership ON group_members (workspace_id, user_id);

CREATE TABLE invitations (
    id           UUID PRIMARY KEY,
    workspace_id UUID NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'workforce_manager', 'member', 'tasker')),
    user_type    TEXT NOT NULL CHECK (user_type IN ('internal', 'workforce', 'external')),
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    CONSTRAINT invitations_admin_internal CHECK (role <> 'admin' OR user_type = 'internal')
);
CREATE UNIQUE INDEX invitations_pending ON invitations (workspace_id, email) WHERE accepted_at IS NULL;

CREATE TABLE sessions (
    id           UUID PRIMARY KEY,
    user_id      UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id, id);

CREATE TABLE sign_in_failures (
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failures_email ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip, at);

-- One row once the first admin exists, so that two setup requests cannot both win.
CREATE TABLE setup (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    completed_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE setup;
DROP TABLE sign_in_failures;
DROP TABLE sessions;
DROP TABLE invitations;
DROP TABLE group_members;
DROP TABLE user_groups;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE workspace_domains;
DROP TABLE workspaces;
