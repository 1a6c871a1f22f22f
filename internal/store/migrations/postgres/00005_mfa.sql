-- +goose Up
-- Second factors. Accounts are global, so these tables are keyed by user, not by workspace.

-- A workspace may require every member to have a second factor before reaching anything of it.
ALTER TABLE workspaces ADD COLUMN mfa_required BOOLEAN NOT NULL DEFAULT FALSE;

-- TOTP authenticators: at most one confirmed and one pending (shown, not yet confirmed) per user.
-- The secret is sealed with AES-256-GCM under a data key of its own (aad: the row's id), and the
-- data key is wrapped by the master key. last_step is the RFC 6238 time step of the last code
-- accepted: a code of that step or an earlier one is never accepted again.
CREATE TABLE mfa_totp (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    sealed_secret BYTEA NOT NULL,
    wrapped_key   BYTEA NOT NULL,
    last_step     BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    confirmed_at  TIMESTAMPTZ
);
CREATE UNIQUE INDEX mfa_totp_confirmed ON mfa_totp (user_id) WHERE confirmed_at IS NOT NULL;
CREATE UNIQUE INDEX mfa_totp_pending ON mfa_totp (user_id) WHERE confirmed_at IS NULL;

-- One-time recovery codes, as SHA-256 hashes (they are long and random).
CREATE TABLE mfa_recovery_codes (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes (user_id);

-- WebAuthn credentials (passkeys and security keys). credential is the library's record as JSON:
-- public key, sign count, flags, transports.
CREATE TABLE webauthn_credentials (
    id            UUID PRIMARY KEY,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id BYTEA NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id, id);

-- A registration ceremony between its begin and its finish, kept here because replicas are
-- stateless. Single use: finishing deletes it.
CREATE TABLE webauthn_ceremonies (
    id         UUID PRIMARY KEY,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX webauthn_ceremonies_user ON webauthn_ceremonies (user_id);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);

-- A sign-in whose password was right and that waits for its second factor. The token is known
-- only to the browser; the row keeps its hash. Completing the sign-in deletes the row.
CREATE TABLE mfa_challenges (
    id               UUID PRIMARY KEY,
    user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash       TEXT NOT NULL UNIQUE,
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    webauthn_session TEXT
);
CREATE INDEX mfa_challenges_user ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expiry ON mfa_challenges (expires_at);

-- +goose Down
DROP TABLE mfa_challenges;
DROP TABLE webauthn_ceremonies;
DROP TABLE webauthn_credentials;
DROP TABLE mfa_recovery_codes;
DROP TABLE mfa_totp;
ALTER TABLE workspaces DROP COLUMN mfa_required;
