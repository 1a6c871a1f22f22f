package sso

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"
)

const wellKnown = "/.well-known/openid-configuration"

// Discovery is what an OpenID Provider's discovery document tells Loupe.
type Discovery struct {
	Issuer                string   `json:"issuer"`
	AuthURL               string   `json:"authorization_endpoint"`
	TokenURL              string   `json:"token_endpoint"`
	UserInfoURL           string   `json:"userinfo_endpoint"`
	JWKSURL               string   `json:"jwks_uri"`
	Algorithms            []string `json:"id_token_signing_alg_values_supported"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
	ResponseTypes         []string `json:"response_types_supported"`
	TokenEndpointAuthWith []string `json:"token_endpoint_auth_methods_supported"`
}

// DiscoveryURL turns what an admin typed (the issuer, or the discovery document's own URL) into
// the discovery document's URL.
func DiscoveryURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, wellKnown) {
		return s
	}
	return strings.TrimSuffix(s, "/") + wellKnown
}

// expectedIssuer is the issuer a discovery URL belongs to (OpenID Connect Discovery §4.3), in
// both of its spellings: with and without the trailing slash the suffix swallowed.
func expectedIssuer(discoveryURL string) string {
	return strings.TrimSuffix(discoveryURL, wellKnown)
}

// Discover fetches a provider's discovery document and checks it: it must be JSON with the
// endpoints the authorization code flow needs, and name the issuer its URL belongs to.
func Discover(ctx context.Context, client *http.Client, discoveryURL string) (Discovery, error) {
	body, err := fetch(ctx, client, "the discovery document", discoveryURL, "application/json")
	if err != nil {
		return Discovery{}, err
	}
	var d Discovery
	if err := json.Unmarshal(body, &d); err != nil {
		return d, checkErr(StepDocument, "%s is not a discovery document: its answer is not JSON (%s)", discoveryURL, excerpt(body))
	}
	var missing []string
	for name, v := range map[string]string{"issuer": d.Issuer, "authorization_endpoint": d.AuthURL, "token_endpoint": d.TokenURL, "jwks_uri": d.JWKSURL} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return d, checkErr(StepDocument, "%s is not an OpenID Connect discovery document: it has no %s", discoveryURL, strings.Join(missing, ", "))
	}
	if want := expectedIssuer(discoveryURL); strings.TrimSuffix(d.Issuer, "/") != strings.TrimSuffix(want, "/") {
		return d, checkErr(StepIssuer, "the discovery document names the issuer %q, but one served at %s must name %q: check the URL, or the provider's issuer setting", d.Issuer, discoveryURL, want)
	}
	if len(d.ResponseTypes) > 0 && !slices.Contains(d.ResponseTypes, "code") {
		return d, checkErr(StepDocument, "the provider does not offer the authorization code flow (response_types_supported: %s)", strings.Join(d.ResponseTypes, ", "))
	}
	if len(d.CodeChallengeMethods) > 0 && !slices.Contains(d.CodeChallengeMethods, "S256") {
		return d, checkErr(StepDocument, "the provider does not offer PKCE with S256 (code_challenge_methods_supported: %s)", strings.Join(d.CodeChallengeMethods, ", "))
	}
	return d, nil
}

// CheckKeys fetches the provider's signing keys and returns how many there are.
func CheckKeys(ctx context.Context, client *http.Client, d Discovery) (int, error) {
	body, err := fetch(ctx, client, "the signing keys (JWKS)", d.JWKSURL, "application/json")
	if err != nil {
		return 0, &CheckError{Step: StepKeys, Message: err.(*CheckError).Message}
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		return 0, checkErr(StepKeys, "%s is not a JSON Web Key Set (%s)", d.JWKSURL, excerpt(body))
	}
	n := 0
	for _, k := range set.Keys {
		if k.Use == "" || k.Use == "sig" {
			n++
		}
	}
	if n == 0 {
		return 0, checkErr(StepKeys, "the JSON Web Key Set at %s has no signing key", d.JWKSURL)
	}
	return n, nil
}

func excerpt(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	if s == "" {
		return "an empty answer"
	}
	return "it begins " + strconvQuote(s)
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// OIDC is a relying party of one provider: one workspace's client there.
type OIDC struct {
	provider *oidc.Provider
	oauth    oauth2.Config
	client   *http.Client
	now      func() time.Time
	algs     []string
}

// NewOIDC returns the relying party for a discovered provider. client makes every request to the
// provider; now is the clock ID tokens are checked against.
func NewOIDC(client *http.Client, d Discovery, clientID, clientSecret, redirectURL string, now func() time.Time) *OIDC {
	ctx := oidc.ClientContext(context.Background(), client)
	p := (&oidc.ProviderConfig{IssuerURL: d.Issuer, AuthURL: d.AuthURL, TokenURL: d.TokenURL, UserInfoURL: d.UserInfoURL,
		JWKSURL: d.JWKSURL, Algorithms: d.Algorithms}).NewProvider(ctx)
	algs := d.Algorithms
	if len(algs) == 0 {
		algs = []string{oidc.RS256}
	}
	return &OIDC{provider: p, client: client, now: now, algs: algs, oauth: oauth2.Config{ClientID: clientID, ClientSecret: clientSecret,
		Endpoint: p.Endpoint(), RedirectURL: redirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}}
}

// AuthURL is where to send the browser: the authorization request with its state, nonce and PKCE
// challenge (S256 of verifier).
func (o *OIDC) AuthURL(state, nonce, verifier string) string {
	return o.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
}

// Exchange trades the code for tokens and verifies the ID token: signed by the provider's keys,
// by its issuer, for this client, not expired, carrying the flow's nonce. The email comes from the
// ID token, or from the userinfo endpoint for the same subject when the token has none.
func (o *OIDC) Exchange(ctx context.Context, code, verifier, nonce string) (Identity, error) {
	ctx = oidc.ClientContext(ctx, o.client)
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode != "" {
			return Identity{}, refuse(ReasonExchange, err, "the provider refused to exchange the code (%s%s)", re.ErrorCode, suffix(re.ErrorDescription))
		}
		return Identity{}, refuse(ReasonExchange, err, "the code could not be exchanged with the provider")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, refuse(ReasonMalformed, nil, "the provider's answer has no ID token")
	}
	// The audience is checked here rather than by go-oidc, to say precisely what was wrong.
	v := o.provider.VerifierContext(ctx, &oidc.Config{SkipClientIDCheck: true, Now: o.now, SupportedSigningAlgs: o.algs})
	idt, err := v.Verify(ctx, raw)
	if err != nil {
		var expired *oidc.TokenExpiredError
		switch {
		case errors.As(err, &expired):
			return Identity{}, refuse(ReasonExpired, err, "the ID token expired at %s", expired.Expiry.UTC().Format(time.RFC3339))
		case strings.Contains(err.Error(), "issued by a different provider"):
			return Identity{}, refuse(ReasonIssuer, err, "the ID token was issued by another provider")
		case strings.Contains(err.Error(), "before the nbf"):
			return Identity{}, refuse(ReasonNotYetValid, err, "the ID token is not valid yet")
		case strings.Contains(err.Error(), "malformed") || strings.Contains(err.Error(), "unmarshal"):
			return Identity{}, refuse(ReasonMalformed, err, "the ID token is malformed")
		}
		return Identity{}, refuse(ReasonSignature, err, "the ID token's signature does not verify with the provider's keys")
	}
	var claims struct {
		AuthorizedParty string `json:"azp"`
		Email           string `json:"email"`
		EmailVerified   any    `json:"email_verified"`
		Name            string `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, refuse(ReasonMalformed, err, "the ID token's claims do not decode")
	}
	if !slices.Contains(idt.Audience, o.oauth.ClientID) {
		return Identity{}, refuse(ReasonAudience, nil, "the ID token was issued to %s, not to this workspace's client %q", strings.Join(quoteAll(idt.Audience), ", "), o.oauth.ClientID)
	}
	if len(idt.Audience) > 1 && claims.AuthorizedParty != o.oauth.ClientID {
		return Identity{}, refuse(ReasonAudience, nil, "the ID token has several audiences and was authorized for %q, not for this workspace's client %q", claims.AuthorizedParty, o.oauth.ClientID)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return Identity{}, refuse(ReasonNonce, nil, "the ID token's nonce is not the one this sign-in sent")
	}
	id := Identity{Issuer: idt.Issuer, Subject: idt.Subject, Email: claims.Email, EmailVerified: truthy(claims.EmailVerified), Name: claims.Name}
	if id.Email == "" && o.provider.UserInfoEndpoint() != "" {
		info, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return Identity{}, refuse(ReasonNoEmail, err, "the ID token has no email and the provider's userinfo endpoint did not answer")
		}
		if info.Subject != idt.Subject {
			return Identity{}, refuse(ReasonMalformed, nil, "the provider's userinfo is about another subject than the ID token")
		}
		var extra struct {
			Name string `json:"name"`
		}
		info.Claims(&extra)
		id.Email, id.EmailVerified = info.Email, info.EmailVerified
		if id.Name == "" {
			id.Name = extra.Name
		}
	}
	if id.Email == "" {
		return Identity{}, refuse(ReasonNoEmail, nil, "the provider did not say the person's email address: allow Loupe the email scope")
	}
	return id, nil
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconvQuote(s)
	}
	return out
}

// truthy reads email_verified, which some providers send as a string.
func truthy(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return b == "true"
	}
	return false
}
