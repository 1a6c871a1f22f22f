package service

import (
	"context"
	"crypto/subtle"
	"strings"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/sso"
	"github.com/loupehq/loupe/internal/store"
)

// Sign-in through a workspace's OpenID Provider: the authorization code flow with PKCE (S256), a
// state and a nonce. What the flow must remember between its two halves lives in the database
// (sso_flows), so that any replica may answer the callback; it is used once and lives ten minutes.
// The browser gets a binding cookie at the start, and the callback must come with it: a state
// alone would let someone finish, in a victim's browser, a sign-in they began themselves.

// SSOStart is where to send a browser that begins a sign-in, and the value of the cookie that
// ties the sign-in to that browser.
type SSOStart struct {
	URL     string
	Binding string
}

// SSOAnswer is what comes back from the provider with the browser.
type SSOAnswer struct {
	// Binding is the browser's binding cookie.
	Binding string
	// OpenID Connect's callback parameters.
	State, Code, Error, ErrorDescription string
	// SAML's POST binding: the base64 SAMLResponse and its RelayState.
	SAMLResponse, RelayState string
}

// enabledConnection returns a workspace's enabled connection of a protocol; one missing or off
// is NotFound, the same for a workspace that does not exist.
func (s *Service) enabledConnection(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol) (loupe.SSOConnection, error) {
	var c loupe.SSOConnection
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		c, err = tx.SSOConnection(ctx, workspaceID, p)
		return err
	})
	if loupe.IsCode(err, loupe.NotFound) || (err == nil && !c.Enabled) {
		return c, loupe.Errorf(loupe.NotFound, "this workspace offers no %s sign-in", protocolName(p))
	}
	if err == nil && s.cfg.BaseURL == "" {
		return c, loupe.Wrap(loupe.Errorf(loupe.Internal, "no base URL"), "single sign-on needs Loupe's base URL (--base-url) for its redirect URIs")
	}
	return c, err
}

func protocolName(p loupe.SSOProtocol) string {
	if p == loupe.SSOSAML {
		return "SAML"
	}
	return "OpenID Connect"
}

// safeReturn keeps a path inside Loupe, so that a crafted start link cannot send a signed-in
// browser elsewhere.
func safeReturn(workspaceID loupe.ID, path string) string {
	if path == "" || len(path) > 1024 || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/\\") ||
		strings.ContainsFunc(path, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return "/w/" + workspaceID.String()
	}
	return path
}

// binding returns the browser's binding cookie when it has a sane one, else a new one.
func binding(cookie string) (value, hash string) {
	if len(cookie) == 43 && !strings.ContainsFunc(cookie, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_')
	}) {
		return cookie, auth.HashToken(cookie)
	}
	return auth.NewToken()
}

func (s *Service) discover(ctx context.Context, c loupe.SSOConnection) (sso.Discovery, error) {
	d, err := sso.Discover(ctx, ssoClient, sso.DiscoveryURL(c.DiscoveryURL))
	if err != nil {
		s.log.WarnContext(ctx, "sso discovery", "workspace", c.WorkspaceID, "err", err)
		return d, loupe.Errorf(loupe.Unauthenticated, "this workspace's identity provider does not answer as it should; tell an admin of the workspace (its connection test says why)")
	}
	return d, nil
}

// StartOIDC begins a sign-in through a workspace's OpenID Provider. returnTo is the path of
// Loupe to land on once signed in; bindingCookie is the browser's binding cookie, if it has one.
func (s *Service) StartOIDC(ctx context.Context, workspaceID loupe.ID, returnTo, bindingCookie string) (SSOStart, error) {
	c, err := s.enabledConnection(ctx, workspaceID, loupe.SSOOIDC)
	if err != nil {
		return SSOStart{}, err
	}
	d, err := s.discover(ctx, c)
	if err != nil {
		return SSOStart{}, err
	}
	state, stateHash := auth.NewToken()
	nonce, _ := auth.NewToken()
	verifier, _ := auth.NewToken() // 43 characters of [A-Za-z0-9_-]: a PKCE verifier (RFC 7636 §4.1)
	bind, bindHash := binding(bindingCookie)
	now := s.clock()
	f := loupe.SSOFlow{ID: loupe.NewID(), WorkspaceID: workspaceID, Protocol: loupe.SSOOIDC, StateHash: stateHash, BindingHash: bindHash,
		Nonce: nonce, CodeVerifier: verifier, ReturnTo: safeReturn(workspaceID, returnTo), CreatedAt: now, ExpiresAt: now.Add(ssoFlowLifetime)}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateSSOFlow(ctx, &f) }); err != nil {
		return SSOStart{}, err
	}
	rp := sso.NewOIDC(ssoClient, d, c.ClientID, "", s.ssoURL(workspaceID, loupe.SSOOIDC, "callback"), s.clock)
	return SSOStart{URL: rp.AuthURL(state, nonce, verifier), Binding: bind}, nil
}

// takeFlow consumes the flow an answer's state names and checks that it is alive and that the
// browser bringing it began it.
func (s *Service) takeFlow(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol, state, bindingCookie string) (loupe.SSOFlow, *ssoRefusal, error) {
	if state == "" {
		return loupe.SSOFlow{}, refusal("malformed", "the provider's answer names no sign-in (its state is missing): start again"), nil
	}
	var f loupe.SSOFlow
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		f, err = tx.TakeSSOFlow(ctx, workspaceID, p, auth.HashToken(state))
		return err
	})
	switch {
	case loupe.IsCode(err, loupe.NotFound):
		return f, refusal("replay", "this sign-in was completed already, or never began: start again from the sign-in page"), nil
	case err != nil:
		return f, nil, err
	case !s.clock().Before(f.ExpiresAt):
		return f, refusal("flow_expired", "this sign-in took longer than %s: start again", ssoFlowLifetime), nil
	case bindingCookie == "" || subtle.ConstantTimeCompare([]byte(auth.HashToken(bindingCookie)), []byte(f.BindingHash)) != 1:
		return f, refusal("browser_mismatch", "this sign-in began in another browser (or its cookie is gone): start again from the sign-in page"), nil
	}
	return f, nil, nil
}

// FinishOIDC completes a sign-in with the provider's answer at the callback: the flow is
// consumed, the code exchanged with the PKCE verifier, the ID token verified (signature, issuer,
// audience, expiry, nonce), and the person signed in by the rules of sso_signin.go. It returns
// where the browser goes next.
func (s *Service) FinishOIDC(ctx context.Context, workspaceID loupe.ID, a SSOAnswer, c Client) (SignedIn, string, error) {
	f, r, err := s.takeFlow(ctx, workspaceID, loupe.SSOOIDC, a.State, a.Binding)
	if err != nil {
		return SignedIn{}, "", err
	}
	if r == nil && a.Error != "" {
		desc := ""
		if a.ErrorDescription != "" {
			desc = ": " + truncate(a.ErrorDescription, 200)
		}
		r = refusal("provider_error", "the identity provider did not sign you in (%s%s)", truncate(a.Error, 64), desc)
	}
	if r == nil && a.Code == "" {
		r = refusal("malformed", "the provider's answer has no authorization code")
	}
	if r != nil {
		return SignedIn{}, "", s.refuseSSO(ctx, workspaceID, loupe.SSOOIDC, r, "", c)
	}
	conn, err := s.enabledConnection(ctx, workspaceID, loupe.SSOOIDC)
	if err != nil {
		return SignedIn{}, "", s.refuseSSO(ctx, workspaceID, loupe.SSOOIDC, refusal("disabled", "this workspace's single sign-on is turned off"), "", c)
	}
	secret, err := s.keys.open(ctx, workspaceID, conn.KeyVersion, conn.SealedSecret, ssoAAD(workspaceID, loupe.SSOOIDC))
	if err != nil {
		return SignedIn{}, "", err
	}
	d, err := s.discover(ctx, conn)
	if err != nil {
		s.refuseSSO(ctx, workspaceID, loupe.SSOOIDC, refusal("provider_unreachable", "the identity provider's discovery document did not answer"), "", c)
		return SignedIn{}, "", err
	}
	rp := sso.NewOIDC(ssoClient, d, conn.ClientID, string(secret), s.ssoURL(workspaceID, loupe.SSOOIDC, "callback"), s.clock)
	id, err := rp.Exchange(ctx, a.Code, f.CodeVerifier, f.Nonce)
	if err != nil {
		return SignedIn{}, "", s.refuseProvider(ctx, workspaceID, loupe.SSOOIDC, err, c)
	}
	out, err := s.ssoSignIn(ctx, conn, id, c)
	return out, f.ReturnTo, err
}
