package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// Single sign-on: each workspace's identity providers, its "SSO only" setting, the sign-ins on
// their way through a provider, and the SAML assertions already consumed.

const ssoColumns = `workspace_id, protocol, enabled, role, user_type, discovery_url, client_id, client_secret, key_version,
	idp_metadata_url, idp_metadata_xml, created_at, updated_at`

func scanSSO(s scanner) (c loupe.SSOConnection, err error) {
	return c, s.Scan(&c.WorkspaceID, &c.Protocol, &c.Enabled, &c.Role, &c.Type, &c.DiscoveryURL, &c.ClientID, &c.SealedSecret, &c.KeyVersion,
		&c.MetadataURL, &c.MetadataXML, utc{&c.CreatedAt}, utc{&c.UpdatedAt})
}

// SSOConnections lists a workspace's identity providers, OIDC before SAML.
func (t *Tx) SSOConnections(ctx context.Context, workspaceID loupe.ID) ([]loupe.SSOConnection, error) {
	cs, err := list(ctx, t, scanSSO, `SELECT `+ssoColumns+` FROM sso_connections WHERE workspace_id = $1 ORDER BY protocol`, workspaceID)
	if err != nil {
		return nil, loupe.Wrap(err, "list sso connections")
	}
	for i := range cs {
		if cs[i].Domains, err = t.ssoDomains(ctx, workspaceID, cs[i].Protocol); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

// SSOConnection returns a workspace's identity provider for one protocol.
func (t *Tx) SSOConnection(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol) (loupe.SSOConnection, error) {
	c, err := scanSSO(t.queryRow(ctx, `SELECT `+ssoColumns+` FROM sso_connections WHERE workspace_id = $1 AND protocol = $2`, workspaceID, p))
	if c, err = one(c, err, "this workspace has no "+ssoName(p)+" sign-in"); err != nil {
		if !loupe.IsCode(err, loupe.NotFound) {
			err = loupe.Wrap(err, "read sso connection")
		}
		return c, err
	}
	c.Domains, err = t.ssoDomains(ctx, workspaceID, p)
	return c, err
}

func ssoName(p loupe.SSOProtocol) string {
	if p == loupe.SSOSAML {
		return "SAML"
	}
	return "OpenID Connect"
}

func (t *Tx) ssoDomains(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol) ([]string, error) {
	ds, err := list(ctx, t, func(s scanner) (d string, err error) { return d, s.Scan(&d) },
		`SELECT domain FROM sso_domains WHERE workspace_id = $1 AND protocol = $2 ORDER BY domain`, workspaceID, p)
	if ds == nil {
		ds = []string{}
	}
	return ds, loupe.Wrap(err, "list sso domains")
}

// PutSSOConnection creates or replaces a workspace's identity provider for c's protocol, with its domains.
func (t *Tx) PutSSOConnection(ctx context.Context, c *loupe.SSOConnection) error {
	_, err := t.exec(ctx, `INSERT INTO sso_connections (`+ssoColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (workspace_id, protocol) DO UPDATE SET enabled = excluded.enabled, role = excluded.role, user_type = excluded.user_type,
			discovery_url = excluded.discovery_url, client_id = excluded.client_id, client_secret = excluded.client_secret,
			key_version = excluded.key_version, idp_metadata_url = excluded.idp_metadata_url, idp_metadata_xml = excluded.idp_metadata_xml,
			updated_at = excluded.updated_at`,
		c.WorkspaceID, c.Protocol, c.Enabled, c.Role, c.Type, c.DiscoveryURL, c.ClientID, c.SealedSecret, c.KeyVersion,
		c.MetadataURL, c.MetadataXML, c.CreatedAt, c.UpdatedAt)
	if err != nil {
		return loupe.Wrap(err, "save sso connection")
	}
	if _, err := t.exec(ctx, `DELETE FROM sso_domains WHERE workspace_id = $1 AND protocol = $2`, c.WorkspaceID, c.Protocol); err != nil {
		return loupe.Wrap(err, "delete sso domains")
	}
	for _, d := range c.Domains {
		if _, err := t.exec(ctx, `INSERT INTO sso_domains (workspace_id, protocol, domain) VALUES ($1, $2, $3)`, c.WorkspaceID, c.Protocol, d); err != nil {
			return loupe.Wrap(err, "insert sso domain")
		}
	}
	return nil
}

// DeleteSSOConnection removes a workspace's identity provider for one protocol.
func (t *Tx) DeleteSSOConnection(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol) error {
	return t.execOne(ctx, "this workspace has no "+ssoName(p)+" sign-in", `DELETE FROM sso_connections WHERE workspace_id = $1 AND protocol = $2`, workspaceID, p)
}

// SSOConnectionsForDomain lists the enabled identity providers that accept an email domain, in
// every workspace: what the sign-in page offers to an address.
func (t *Tx) SSOConnectionsForDomain(ctx context.Context, domain string) ([]loupe.SSOConnection, error) {
	cs, err := list(ctx, t, scanSSO, `SELECT c.workspace_id, c.protocol, c.enabled, c.role, c.user_type, c.discovery_url, c.client_id, c.client_secret, c.key_version,
		c.idp_metadata_url, c.idp_metadata_xml, c.created_at, c.updated_at FROM sso_domains d
		JOIN sso_connections c ON c.workspace_id = d.workspace_id AND c.protocol = d.protocol
		WHERE d.domain = $1 AND c.enabled ORDER BY c.workspace_id, c.protocol`, domain)
	return cs, loupe.Wrap(err, "find sso by domain")
}

// SSOOnly reports whether a workspace refuses password sign-in to its members.
func (t *Tx) SSOOnly(ctx context.Context, workspaceID loupe.ID) (bool, error) {
	var on bool
	err := t.queryRow(ctx, `SELECT sso_only FROM sso_settings WHERE workspace_id = $1`, workspaceID).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return on, loupe.Wrap(err, "read sso settings")
}

// SetSSOOnly saves a workspace's "SSO only" setting.
func (t *Tx) SetSSOOnly(ctx context.Context, workspaceID loupe.ID, on bool, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO sso_settings (workspace_id, sso_only, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (workspace_id) DO UPDATE SET sso_only = excluded.sso_only, updated_at = excluded.updated_at`, workspaceID, on, at)
	return loupe.Wrap(err, "save sso settings")
}

// SSOOnlyWorkspacesOf lists the workspaces of a user's memberships that are "SSO only" and have an
// enabled identity provider to sign in with.
func (t *Tx) SSOOnlyWorkspacesOf(ctx context.Context, userID loupe.ID) ([]loupe.ID, error) {
	ids, err := list(ctx, t, func(s scanner) (id loupe.ID, err error) { return id, s.Scan(&id) }, `SELECT m.workspace_id FROM memberships m
		JOIN sso_settings s ON s.workspace_id = m.workspace_id
		WHERE m.user_id = $1 AND s.sso_only
		AND EXISTS (SELECT 1 FROM sso_connections c WHERE c.workspace_id = m.workspace_id AND c.enabled)
		ORDER BY m.workspace_id`, userID)
	return ids, loupe.Wrap(err, "list sso-only workspaces")
}

const flowColumns = `id, workspace_id, protocol, state_hash, binding_hash, nonce, code_verifier, request_id, return_to, identity, created_at, expires_at`

// CreateSSOFlow records a sign-in sent to a provider, and forgets those that expired before it began.
func (t *Tx) CreateSSOFlow(ctx context.Context, f *loupe.SSOFlow) error {
	if _, err := t.exec(ctx, `DELETE FROM sso_flows WHERE expires_at <= $1`, f.CreatedAt); err != nil {
		return loupe.Wrap(err, "delete expired sso flows")
	}
	_, err := t.exec(ctx, `INSERT INTO sso_flows (`+flowColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		f.ID, f.WorkspaceID, f.Protocol, f.StateHash, f.BindingHash, f.Nonce, f.CodeVerifier, f.RequestID, f.ReturnTo, f.Identity, f.CreatedAt, f.ExpiresAt)
	return loupe.Wrap(err, "insert sso flow")
}

// SSOFlowByState returns the flow a state names, leaving it in place.
func (t *Tx) SSOFlowByState(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol, stateHash string) (loupe.SSOFlow, error) {
	var f loupe.SSOFlow
	err := t.queryRow(ctx, `SELECT `+flowColumns+` FROM sso_flows WHERE state_hash = $1 AND workspace_id = $2 AND protocol = $3`, stateHash, workspaceID, p).
		Scan(&f.ID, &f.WorkspaceID, &f.Protocol, &f.StateHash, &f.BindingHash, &f.Nonce, &f.CodeVerifier, &f.RequestID, &f.ReturnTo, &f.Identity, utc{&f.CreatedAt}, utc{&f.ExpiresAt})
	if f, err = one(f, err, "no such sign-in"); err != nil && !loupe.IsCode(err, loupe.NotFound) {
		err = loupe.Wrap(err, "read sso flow")
	}
	return f, err
}

// TakeSSOFlow returns the flow a state names and deletes it, so that it is answered once: of two
// transactions racing with the same state, one gets NotFound.
func (t *Tx) TakeSSOFlow(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol, stateHash string) (loupe.SSOFlow, error) {
	f, err := t.SSOFlowByState(ctx, workspaceID, p, stateHash)
	if err != nil {
		return f, err
	}
	if err := t.execOne(ctx, "no such sign-in", `DELETE FROM sso_flows WHERE id = $1`, f.ID); err != nil {
		return f, err
	}
	return f, nil
}

// UseSAMLAssertion records that an assertion was consumed, until it expires, and reports false
// when it was already: the insert is the check, so two requests racing with one assertion cannot
// both win. Assertions whose time is over are forgotten first.
func (t *Tx) UseSAMLAssertion(ctx context.Context, workspaceID loupe.ID, assertionID string, expires, now time.Time) (bool, error) {
	if _, err := t.exec(ctx, `DELETE FROM saml_used_assertions WHERE expires_at <= $1`, now); err != nil {
		return false, loupe.Wrap(err, "delete expired assertions")
	}
	// ON CONFLICT rather than a caught violation: on PostgreSQL a failed statement would end the
	// transaction that still has to record the refusal.
	res, err := t.exec(ctx, `INSERT INTO saml_used_assertions (workspace_id, assertion_id, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (workspace_id, assertion_id) DO NOTHING`, workspaceID, assertionID, expires)
	if err != nil {
		return false, loupe.Wrap(err, "record assertion")
	}
	n, err := res.RowsAffected()
	return n == 1, loupe.Wrap(err, "rows affected")
}
