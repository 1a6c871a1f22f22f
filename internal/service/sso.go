package service

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/sso"
	"github.com/loupehq/loupe/internal/store"
)

// Single sign-on, per workspace: its admins configure an OpenID Connect provider and a SAML
// identity provider; people sign in through them (sso_oidc.go, sso_saml.go); "SSO only" refuses
// password sign-in to the members the workspace's provider can vouch for (sso_policy.go).

// ssoFlowLifetime bounds the time between sending a browser to the provider and its answer.
const ssoFlowLifetime = 10 * time.Minute

// ssoClient makes every request Loupe sends to identity providers: discovery, keys, code
// exchanges, metadata.
var ssoClient = &http.Client{Timeout: 15 * time.Second}

// SSOConfig is a workspace's single sign-on as its admins see it: never the client secret, and
// the URLs to register at the providers.
type SSOConfig struct {
	SSOOnly bool
	OIDC    *loupe.SSOConnection
	SAML    *loupe.SSOConnection
	// OIDCRedirectURL is the redirect URI to register with the OpenID Provider.
	OIDCRedirectURL string
	// SAMLMetadataURL serves Loupe's service provider metadata; it is also its entity id.
	SAMLMetadataURL string
	SAMLACSURL      string
}

// ssoURL is one of the public single sign-on endpoints of a workspace.
func (s *Service) ssoURL(workspaceID loupe.ID, protocol loupe.SSOProtocol, endpoint string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + "/api/v1/auth/sso/" + workspaceID.String() + "/" + string(protocol) + "/" + endpoint
}

func (s *Service) ssoConfig(ctx context.Context, tx *store.Tx, workspaceID loupe.ID) (SSOConfig, error) {
	out := SSOConfig{OIDCRedirectURL: s.ssoURL(workspaceID, loupe.SSOOIDC, "callback"),
		SAMLMetadataURL: s.ssoURL(workspaceID, loupe.SSOSAML, "metadata"), SAMLACSURL: s.ssoURL(workspaceID, loupe.SSOSAML, "acs")}
	cs, err := tx.SSOConnections(ctx, workspaceID)
	if err != nil {
		return out, err
	}
	for i := range cs {
		c := cs[i]
		if c.Protocol == loupe.SSOOIDC {
			out.OIDC = &c
		} else {
			out.SAML = &c
		}
	}
	out.SSOOnly, err = tx.SSOOnly(ctx, workspaceID)
	return out, err
}

// SSO returns a workspace's single sign-on configuration.
func (s *Service) SSO(ctx context.Context, workspaceID loupe.ID) (SSOConfig, error) {
	var out SSOConfig
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		out, err = s.ssoConfig(ctx, tx, workspaceID)
		return err
	})
	return out, err
}

// SSOConnectionInput is what both protocols' configurations share.
type SSOConnectionInput struct {
	Enabled bool
	Domains []string
	Role    loupe.Role
	Type    loupe.UserType
}

func (in SSOConnectionInput) check(v *loupe.Validation) []string {
	domains := cleanDomains(v, "email_domains", in.Domains)
	if len(domains) == 0 {
		v.Add("email_domains", "name at least one email domain whose people this provider may sign in")
	}
	switch {
	case in.Role == loupe.RoleAdmin:
		v.Add("role", "single sign-on never makes anyone an admin: choose workforce_manager, member or tasker")
	case in.Role != loupe.RoleWorkforceManager && in.Role != loupe.RoleMember && in.Role != loupe.RoleTasker:
		v.Add("role", "must be one of workforce_manager, member, tasker")
	}
	checkUserType(v, "user_type", in.Type)
	return domains
}

// OIDCInput configures a workspace's OpenID Connect provider. A nil ClientSecret keeps the saved one.
type OIDCInput struct {
	SSOConnectionInput
	DiscoveryURL string
	ClientID     string
	ClientSecret *string
}

// providerURL checks the URL of a provider's document: absolute, and HTTPS unless the provider
// runs on this machine (a development or test provider).
func providerURL(v *loupe.Validation, field, raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		v.Add(field, "is required")
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		v.Add(field, "must be an absolute https:// URL")
	case u.Scheme == "http" && !loopback(u.Hostname()):
		v.Add(field, "must use https:// (plain http is allowed only for a provider on this machine)")
	case len(raw) > 2000:
		v.Add(field, "must be at most 2000 characters")
	}
	return raw
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func ssoAAD(workspaceID loupe.ID, p loupe.SSOProtocol) []byte {
	return []byte("sso/" + string(p) + "/" + workspaceID.String())
}

// PutOIDC saves a workspace's OpenID Connect provider. An enabled one must answer discovery:
// a provider that cannot be reached is refused with what failed, at discovery_url.
func (s *Service) PutOIDC(ctx context.Context, workspaceID loupe.ID, in OIDCInput) (SSOConfig, error) {
	var v loupe.Validation
	discovery := providerURL(&v, "discovery_url", in.DiscoveryURL)
	clientID := strings.TrimSpace(in.ClientID)
	if clientID == "" {
		v.Add("client_id", "is required")
	} else if len(clientID) > 500 {
		v.Add("client_id", "must be at most 500 characters")
	}
	if in.ClientSecret != nil && len(*in.ClientSecret) > 2000 {
		v.Add("client_secret", "must be at most 2000 characters")
	}
	domains := in.check(&v)
	var existing *loupe.SSOConnection
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		c, err := tx.SSOConnection(ctx, workspaceID, loupe.SSOOIDC)
		switch {
		case err == nil:
			existing = &c
		case !loupe.IsCode(err, loupe.NotFound):
			return err
		}
		return nil
	})
	if err != nil {
		return SSOConfig{}, err
	}
	if in.ClientSecret == nil && (existing == nil || existing.SealedSecret == nil) {
		v.Add("client_secret", "is required: the provider gave it with the client id")
	}
	if err := v.Err(); err != nil {
		return SSOConfig{}, err
	}
	if in.Enabled {
		if _, err := sso.Discover(ctx, ssoClient, sso.DiscoveryURL(discovery)); err != nil {
			return SSOConfig{}, checkField("discovery_url", err)
		}
	}
	now := s.clock()
	c := loupe.SSOConnection{WorkspaceID: workspaceID, Protocol: loupe.SSOOIDC, Enabled: in.Enabled, Domains: domains, Role: in.Role, Type: in.Type,
		DiscoveryURL: discovery, ClientID: clientID, CreatedAt: now, UpdatedAt: now}
	if existing != nil {
		c.CreatedAt, c.SealedSecret, c.KeyVersion = existing.CreatedAt, existing.SealedSecret, existing.KeyVersion
	}
	if in.ClientSecret != nil {
		if c.SealedSecret, c.KeyVersion, err = s.keys.seal(ctx, workspaceID, []byte(*in.ClientSecret), ssoAAD(workspaceID, loupe.SSOOIDC)); err != nil {
			return SSOConfig{}, err
		}
	}
	return s.putSSO(ctx, c, existing, map[string]any{"discovery_url": c.DiscoveryURL, "client_id": c.ClientID, "client_secret_changed": in.ClientSecret != nil})
}

// putSSO saves a connection and audits it, with what changed.
func (s *Service) putSSO(ctx context.Context, c loupe.SSOConnection, existing *loupe.SSOConnection, detail map[string]any) (SSOConfig, error) {
	var out SSOConfig
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: c.WorkspaceID}); err != nil {
			return err
		}
		if err := tx.PutSSOConnection(ctx, &c); err != nil {
			return err
		}
		detail["protocol"], detail["enabled"], detail["email_domains"], detail["role"], detail["user_type"] = c.Protocol, c.Enabled, c.Domains, c.Role, c.Type
		action := "sso.configured"
		if existing != nil {
			action = "sso.changed"
		}
		if err := s.audit(ctx, tx, c.WorkspaceID, AuditEvent{Action: action, TargetType: "sso", TargetID: string(c.Protocol), Detail: detail}); err != nil {
			return err
		}
		out, err = s.ssoConfig(ctx, tx, c.WorkspaceID)
		return err
	})
	return out, err
}

// checkField places a failed connection check on the field whose URL or document failed.
func checkField(field string, err error) error {
	var ce *sso.CheckError
	if errors.As(err, &ce) {
		return loupe.InvalidField(field, "%s", ce.Message)
	}
	return err
}

// DeleteSSO removes a workspace's provider of one protocol. Without an enabled provider left,
// "SSO only" no longer holds: nobody is locked out.
func (s *Service) DeleteSSO(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol) error {
	if !p.Valid() {
		return loupe.Errorf(loupe.NotFound, "no such single sign-on protocol %q: oidc or saml", p)
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return s.audited(ctx, tx, workspaceID, tx.DeleteSSOConnection(ctx, workspaceID, p),
			AuditEvent{Action: "sso.removed", TargetType: "sso", TargetID: string(p), Detail: map[string]any{"protocol": p}})
	})
}

// SetSSOOnly turns "SSO only" on or off. Turning it on needs an enabled provider.
func (s *Service) SetSSOOnly(ctx context.Context, workspaceID loupe.ID, on bool) (SSOConfig, error) {
	var out SSOConfig
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if out, err = s.ssoConfig(ctx, tx, workspaceID); err != nil {
			return err
		}
		if on && !(out.OIDC != nil && out.OIDC.Enabled) && !(out.SAML != nil && out.SAML.Enabled) {
			return loupe.InvalidField("sso_only", "needs an enabled OpenID Connect or SAML provider first: members would have no way to sign in")
		}
		if out.SSOOnly == on {
			return nil
		}
		if err := tx.SetSSOOnly(ctx, workspaceID, on, s.clock()); err != nil {
			return err
		}
		out.SSOOnly = on
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "sso.policy_changed", TargetType: "workspace", TargetID: workspaceID.String(),
			Detail: map[string]any{"sso_only": map[string]any{"from": !on, "to": on}}})
	})
	return out, err
}

// SSOCheck is one step of a connection test.
type SSOCheck struct {
	Step    string
	OK      bool
	Message string
}

// SSOTestReport is what testing a provider found: every step that passed, and the first that failed.
type SSOTestReport struct {
	OK     bool
	Checks []SSOCheck
}

func (r *SSOTestReport) pass(step sso.Step, msg string) {
	r.Checks = append(r.Checks, SSOCheck{Step: string(step), OK: true, Message: msg})
}

// fail records the failed step and ends the report.
func (r *SSOTestReport) fail(err error) (SSOTestReport, error) {
	var ce *sso.CheckError
	if !errors.As(err, &ce) {
		return *r, err
	}
	r.Checks = append(r.Checks, SSOCheck{Step: string(ce.Step), Message: ce.Message})
	return *r, nil
}

// SSOTestInput names what to test: the given URL or document, or, when empty, what is saved.
type SSOTestInput struct {
	Protocol     loupe.SSOProtocol
	DiscoveryURL string
	MetadataURL  string
	MetadataXML  string
}

// TestSSO checks that a provider answers as sign-in will need: for OpenID Connect, its discovery
// document (reachable, a discovery document, of the right issuer) and its signing keys; for SAML,
// its metadata (reachable, an identity provider's metadata, with a signing certificate and a
// redirect sign-in endpoint). It changes nothing.
func (s *Service) TestSSO(ctx context.Context, workspaceID loupe.ID, in SSOTestInput) (SSOTestReport, error) {
	var saved *loupe.SSOConnection
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		if !in.Protocol.Valid() {
			return loupe.InvalidField("protocol", "must be oidc or saml")
		}
		c, err := tx.SSOConnection(ctx, workspaceID, in.Protocol)
		switch {
		case err == nil:
			saved = &c
		case !loupe.IsCode(err, loupe.NotFound):
			return err
		}
		return nil
	})
	if err != nil {
		return SSOTestReport{}, err
	}
	if in.Protocol == loupe.SSOSAML {
		return s.testSAML(ctx, workspaceID, in, saved)
	}
	raw := in.DiscoveryURL
	if raw == "" && saved != nil {
		raw = saved.DiscoveryURL
	}
	var v loupe.Validation
	raw = providerURL(&v, "discovery_url", raw)
	if err := v.Err(); err != nil {
		return SSOTestReport{}, err
	}
	var r SSOTestReport
	u := sso.DiscoveryURL(raw)
	d, err := sso.Discover(ctx, ssoClient, u)
	if err != nil {
		var ce *sso.CheckError
		if errors.As(err, &ce) && ce.Step != sso.StepReach {
			r.pass(sso.StepReach, "the discovery document at "+u+" answered")
			if ce.Step == sso.StepIssuer {
				r.pass(sso.StepDocument, "it is an OpenID Connect discovery document")
			}
		}
		return r.fail(err)
	}
	r.pass(sso.StepReach, "the discovery document at "+u+" answered")
	r.pass(sso.StepDocument, "it is an OpenID Connect discovery document, with the authorization code flow")
	r.pass(sso.StepIssuer, "it names the issuer "+d.Issuer)
	n, err := sso.CheckKeys(ctx, ssoClient, d)
	if err != nil {
		return r.fail(err)
	}
	r.pass(sso.StepKeys, "the provider publishes "+plural(n, "signing key")+" at "+d.JWKSURL)
	r.OK = true
	return r, nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// SSOOption is a way to sign in that the sign-in page may offer: which protocol, of which
// workspace. It says nothing more of the workspace.
type SSOOption struct {
	WorkspaceID loupe.ID
	Protocol    loupe.SSOProtocol
	StartURL    string
}

// SSOOptions tells the sign-in page which single sign-on an email address (by its domain) or a
// workspace offers: only enabled providers, and nothing else about them. An unknown domain or
// workspace has none, as a known one without SSO: the answer does not tell them apart.
func (s *Service) SSOOptions(ctx context.Context, email string, workspaceID *loupe.ID) ([]SSOOption, error) {
	var cs []loupe.SSOConnection
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if workspaceID != nil {
			all, err := tx.SSOConnections(ctx, *workspaceID)
			for _, c := range all {
				if c.Enabled {
					cs = append(cs, c)
				}
			}
			return err
		}
		e := strings.ToLower(strings.TrimSpace(email))
		if i := strings.LastIndexByte(e, '@'); i >= 0 {
			e = e[i+1:]
		}
		if !validDomain(e) {
			return nil
		}
		cs, err = tx.SSOConnectionsForDomain(ctx, e)
		return err
	})
	out := make([]SSOOption, 0, len(cs))
	for _, c := range cs {
		out = append(out, SSOOption{WorkspaceID: c.WorkspaceID, Protocol: c.Protocol, StartURL: s.ssoURL(c.WorkspaceID, c.Protocol, "start")})
	}
	slices.SortFunc(out, func(a, b SSOOption) int {
		return strings.Compare(a.WorkspaceID.String()+string(a.Protocol), b.WorkspaceID.String()+string(b.Protocol))
	})
	return out, err
}
