-- +goose Up
-- Single sign-on: per workspace, an OpenID Connect provider and a SAML 2.0 identity provider.

-- One connection per workspace and protocol. The OIDC client secret is sealed with AES-256-GCM
-- under the workspace's key (key_version names which one). Just-in-time members get role and
-- user_type; a connection never makes anyone an admin.
CREATE TABLE sso_connections (
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    protocol         TEXT NOT NULL CHECK (protocol IN ('oidc', 'saml')),
    enabled          BOOLEAN NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('workforce_manager', 'member', 'tasker')),
    user_type        TEXT NOT NULL CHECK (user_type IN ('internal', 'workforce', 'external')),
    discovery_url    TEXT NOT NULL DEFAULT '',
    client_id        TEXT NOT NULL DEFAULT '',
    client_secret    BLOB,
    key_version      INTEGER NOT NULL DEFAULT 0,
    idp_metadata_url TEXT NOT NULL DEFAULT '',
    idp_metadata_xml TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, protocol)
);

-- The email domains a connection accepts. The sign-in page finds a workspace's SSO by domain.
CREATE TABLE sso_domains (
    workspace_id TEXT NOT NULL,
    protocol     TEXT NOT NULL,
    domain       TEXT NOT NULL,
    PRIMARY KEY (workspace_id, protocol, domain),
    FOREIGN KEY (workspace_id, protocol) REFERENCES sso_connections (workspace_id, protocol) ON DELETE CASCADE
);
CREATE INDEX sso_domains_domain ON sso_domains (domain);

-- "SSO only": password sign-in refused for the workspace's members (admins keep a break-glass path).
CREATE TABLE sso_settings (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    sso_only     BOOLEAN NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

-- A sign-in between its start and the provider's answer, kept here because replicas are stateless.
-- The state (OIDC) or relay state (SAML) and the browser's binding cookie are known only to the
-- browser; the row keeps their hashes. Single use: the answer deletes the row. A SAML answer
-- arrives as a cross-site POST, without the browser's cookies: its verified identity waits in a
-- second row (identity, as JSON) for the browser's next request, which brings the cookie.
CREATE TABLE sso_flows (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    protocol      TEXT NOT NULL CHECK (protocol IN ('oidc', 'saml')),
    state_hash    TEXT NOT NULL UNIQUE,
    binding_hash  TEXT NOT NULL,
    nonce         TEXT NOT NULL DEFAULT '',
    code_verifier TEXT NOT NULL DEFAULT '',
    request_id    TEXT NOT NULL DEFAULT '',
    return_to     TEXT NOT NULL DEFAULT '',
    identity      TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL
);
CREATE INDEX sso_flows_workspace ON sso_flows (workspace_id);
CREATE INDEX sso_flows_expiry ON sso_flows (expires_at);

-- SAML assertions already consumed, kept until they expire, so that none is accepted twice.
CREATE TABLE saml_used_assertions (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    assertion_id TEXT NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (workspace_id, assertion_id)
);
CREATE INDEX saml_used_assertions_expiry ON saml_used_assertions (expires_at);

-- +goose Down
DROP TABLE saml_used_assertions;
DROP TABLE sso_flows;
DROP TABLE sso_settings;
DROP TABLE sso_domains;
DROP TABLE sso_connections;
