package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

// Single sign-on: admins configure a workspace's providers under /workspaces/{id}/sso; browsers
// sign in under /auth/sso/{workspaceID}/…, whose answers are redirects (a browser, not a script,
// follows them), failures included: those land on the sign-in page with the reason.

// ssoCookie ties a sign-in through a provider to the browser that began it. Lax: the provider
// sends the browser back with a top-level GET, which carries it.
const ssoCookie = "loupe_sso"

func (s *Server) ssoRoutes(api huma.API) {
	session := []map[string][]string{{"session": {}}}
	op := func(id, method, path, summary string, status int) huma.Operation {
		return huma.Operation{OperationID: id, Method: method, Path: "/api/v1" + path, Summary: summary, Tags: []string{"Single sign-on"},
			DefaultStatus: status, Security: session}
	}
	public := func(o huma.Operation) huma.Operation { o.Security = nil; return o }

	register(s, api, op("get-sso", http.MethodGet, "/workspaces/{workspaceID}/sso", "The workspace's single sign-on: providers, SSO only, the URLs to register", 200), s.getSSO)
	register(s, api, op("put-sso-oidc", http.MethodPut, "/workspaces/{workspaceID}/sso/oidc", "Configure the workspace's OpenID Connect provider", 200), s.putOIDC)
	register(s, api, op("set-sso-policy", http.MethodPut, "/workspaces/{workspaceID}/sso/policy", "Turn SSO only on or off", 200), s.setSSOPolicy)
	register(s, api, op("test-sso", http.MethodPost, "/workspaces/{workspaceID}/sso/test", "Test a provider's connection: what answers, and the first thing that fails", 200), s.testSSO)
	register(s, api, op("delete-sso", http.MethodDelete, "/workspaces/{workspaceID}/sso/{protocol}", "Remove the workspace's provider of a protocol", 204), s.deleteSSO)

	register(s, api, public(op("get-sso-options", http.MethodGet, "/auth/sso", "Which single sign-on an email address or a workspace offers, for the sign-in page", 200)), s.ssoOptions)
	register(s, api, public(op("start-oidc-sign-in", http.MethodGet, "/auth/sso/{workspaceID}/oidc/start", "Begin signing in through the workspace's OpenID Provider (a redirect to it)", http.StatusFound)), s.startOIDC)
	register(s, api, public(op("finish-oidc-sign-in", http.MethodGet, "/auth/sso/{workspaceID}/oidc/callback", "The OpenID Provider's answer: signs in and redirects into Loupe", http.StatusFound)), s.finishOIDC)

	register(s, api, op("put-sso-saml", http.MethodPut, "/workspaces/{workspaceID}/sso/saml", "Configure the workspace's SAML identity provider", 200), s.putSAML)
	register(s, api, public(op("get-saml-metadata", http.MethodGet, "/auth/sso/{workspaceID}/saml/metadata", "Loupe's SAML service provider metadata for the workspace (its entity id is this URL)", 200)), s.samlMetadata)
	register(s, api, public(op("start-saml-sign-in", http.MethodGet, "/auth/sso/{workspaceID}/saml/start", "Begin signing in through the workspace's SAML identity provider (a redirect to it)", http.StatusFound)), s.startSAML)
	acs := public(op("saml-acs", http.MethodPost, "/auth/sso/{workspaceID}/saml/acs", "The assertion consumer service: the identity provider posts its response here", http.StatusSeeOther))
	acs.MaxBodyBytes = maxACSBytes
	register(s, api, acs, s.samlACS)
	api.OpenAPI().Paths["/api/v1/auth/sso/{workspaceID}/saml/acs"].Post.RequestBody = acsBody
	register(s, api, public(op("finish-saml-sign-in", http.MethodGet, "/auth/sso/{workspaceID}/saml/finish", "The browser's return from the assertion consumer service: signs in and redirects into Loupe", http.StatusFound)), s.finishSAML)
}

// SSOConnection is a provider's configuration as admins see it: never its client secret.
type SSOConnection struct {
	Protocol     string    `json:"protocol" enum:"oidc,saml"`
	Enabled      bool      `json:"enabled"`
	EmailDomains []string  `json:"email_domains" doc:"Only people with addresses at these domains may sign in through this provider."`
	Role         string    `json:"role" doc:"The workspace role of people who join by signing in."`
	UserType     string    `json:"user_type" doc:"The user type of people who join by signing in."`
	DiscoveryURL string    `json:"discovery_url,omitempty"`
	ClientID     string    `json:"client_id,omitempty"`
	HasSecret    bool      `json:"has_client_secret,omitempty" doc:"Whether a client secret is saved; it is never shown."`
	MetadataURL  string    `json:"metadata_url,omitempty" doc:"Where the identity provider's metadata is fetched from; empty when it was pasted."`
	MetadataXML  string    `json:"metadata_xml,omitempty" doc:"The identity provider's metadata in use."`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toSSOConnection(c *loupe.SSOConnection) *SSOConnection {
	if c == nil {
		return nil
	}
	return &SSOConnection{Protocol: string(c.Protocol), Enabled: c.Enabled, EmailDomains: c.Domains, Role: string(c.Role), UserType: string(c.Type),
		DiscoveryURL: c.DiscoveryURL, ClientID: c.ClientID, HasSecret: c.SealedSecret != nil, MetadataURL: c.MetadataURL, MetadataXML: c.MetadataXML,
		UpdatedAt: c.UpdatedAt}
}

type SSOConfigOutput struct {
	Body struct {
		SSOOnly         bool           `json:"sso_only" doc:"Password sign-in is refused to members the workspace's provider can sign in; admins keep it (audited)."`
		OIDC            *SSOConnection `json:"oidc,omitempty" doc:"The OpenID Connect provider; absent when none is configured."`
		SAML            *SSOConnection `json:"saml,omitempty" doc:"The SAML identity provider; absent when none is configured."`
		OIDCRedirectURL string         `json:"oidc_redirect_url" doc:"The redirect URI to register with the OpenID Provider."`
		SAMLMetadataURL string         `json:"saml_metadata_url" doc:"Loupe's service provider metadata for the identity provider; also its entity id."`
		SAMLACSURL      string         `json:"saml_acs_url" doc:"Loupe's assertion consumer service."`
	}
}

func ssoConfigOutput(c service.SSOConfig) *SSOConfigOutput {
	out := &SSOConfigOutput{}
	b := &out.Body
	b.SSOOnly, b.OIDC, b.SAML = c.SSOOnly, toSSOConnection(c.OIDC), toSSOConnection(c.SAML)
	b.OIDCRedirectURL, b.SAMLMetadataURL, b.SAMLACSURL = c.OIDCRedirectURL, c.SAMLMetadataURL, c.SAMLACSURL
	return out
}

func (s *Server) getSSO(ctx context.Context, in *WorkspacePath) (*SSOConfigOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	c, err := s.svc.SSO(ctx, ws)
	if err != nil {
		return nil, err
	}
	return ssoConfigOutput(c), nil
}

// SSOConnectionFields are what both protocols' configurations take.
type SSOConnectionFields struct {
	Enabled      bool     `json:"enabled"`
	EmailDomains []string `json:"email_domains" maxItems:"50" doc:"The email domains whose people may sign in through this provider."`
	Role         string   `json:"role" maxLength:"32" doc:"The workspace role of people who join by signing in: workforce_manager, member or tasker (never admin)."`
	UserType     string   `json:"user_type" maxLength:"32" doc:"The user type of people who join by signing in: internal, workforce or external."`
}

func (f SSOConnectionFields) input() service.SSOConnectionInput {
	return service.SSOConnectionInput{Enabled: f.Enabled, Domains: f.EmailDomains, Role: loupe.Role(f.Role), Type: loupe.UserType(f.UserType)}
}

type PutOIDCInput struct {
	WorkspacePath
	Body struct {
		SSOConnectionFields
		DiscoveryURL string  `json:"discovery_url" maxLength:"2000" doc:"The provider's issuer URL, or its /.well-known/openid-configuration URL. An enabled provider must answer it."`
		ClientID     string  `json:"client_id" maxLength:"500"`
		ClientSecret *string `json:"client_secret,omitempty" maxLength:"2000" doc:"Sealed under the workspace's key. Leave it out to keep the saved one."`
	}
}

func (s *Server) putOIDC(ctx context.Context, in *PutOIDCInput) (*SSOConfigOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b := in.Body
	c, err := s.svc.PutOIDC(ctx, ws, service.OIDCInput{SSOConnectionInput: b.input(), DiscoveryURL: b.DiscoveryURL, ClientID: b.ClientID, ClientSecret: b.ClientSecret})
	if err != nil {
		return nil, err
	}
	return ssoConfigOutput(c), nil
}

type SSOPolicyInput struct {
	WorkspacePath
	Body struct {
		SSOOnly bool `json:"sso_only" doc:"Refuse password sign-in to the members the workspace's provider can sign in. Needs an enabled provider."`
	}
}

func (s *Server) setSSOPolicy(ctx context.Context, in *SSOPolicyInput) (*SSOConfigOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	c, err := s.svc.SetSSOOnly(ctx, ws, in.Body.SSOOnly)
	if err != nil {
		return nil, err
	}
	return ssoConfigOutput(c), nil
}

type TestSSOInput struct {
	WorkspacePath
	Body struct {
		Protocol     string `json:"protocol" enum:"oidc,saml"`
		DiscoveryURL string `json:"discovery_url,omitempty" maxLength:"2000" doc:"Test this URL rather than the saved one."`
		MetadataURL  string `json:"metadata_url,omitempty" maxLength:"2000" doc:"Test this metadata URL rather than the saved metadata."`
		MetadataXML  string `json:"metadata_xml,omitempty" maxLength:"60000" doc:"Test this metadata rather than the saved one."`
	}
}

type SSOCheck struct {
	Step    string `json:"step" enum:"reach,document,issuer,keys" doc:"reach: the URL answers; document: it is the expected document; issuer: it names the right issuer; keys: the provider's signing keys are there."`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
}

type TestSSOOutput struct {
	Body struct {
		OK     bool       `json:"ok"`
		Checks []SSOCheck `json:"checks" doc:"Every step that passed, then the first that failed, if one did."`
	}
}

func (s *Server) testSSO(ctx context.Context, in *TestSSOInput) (*TestSSOOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b := in.Body
	r, err := s.svc.TestSSO(ctx, ws, service.SSOTestInput{Protocol: loupe.SSOProtocol(b.Protocol), DiscoveryURL: b.DiscoveryURL, MetadataURL: b.MetadataURL, MetadataXML: b.MetadataXML})
	if err != nil {
		return nil, err
	}
	out := &TestSSOOutput{}
	out.Body.OK, out.Body.Checks = r.OK, make([]SSOCheck, 0, len(r.Checks))
	for _, c := range r.Checks {
		out.Body.Checks = append(out.Body.Checks, SSOCheck{Step: c.Step, OK: c.OK, Message: c.Message})
	}
	return out, nil
}

type DeleteSSOInput struct {
	WorkspacePath
	Protocol string `path:"protocol" enum:"oidc,saml"`
}

func (s *Server) deleteSSO(ctx context.Context, in *DeleteSSOInput) (*struct{}, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.DeleteSSO(ctx, ws, loupe.SSOProtocol(in.Protocol))
}

type SSOOptionsInput struct {
	Email       string `query:"email" maxLength:"254" doc:"The address someone is signing in with; only its domain is used."`
	WorkspaceID string `query:"workspace_id" doc:"A workspace's id, from a link its admins shared."`
}

type SSOOption struct {
	WorkspaceID string `json:"workspace_id" format:"uuid"`
	Protocol    string `json:"protocol" enum:"oidc,saml"`
	StartURL    string `json:"start_url" doc:"Where to send the browser to sign in."`
}

type SSOOptionsOutput struct {
	Body struct {
		Options []SSOOption `json:"options" doc:"Empty when the domain or workspace offers no single sign-on, or is unknown: the answer does not tell which."`
	}
}

func (s *Server) ssoOptions(ctx context.Context, in *SSOOptionsInput) (*SSOOptionsOutput, error) {
	var ws *loupe.ID
	if in.WorkspaceID != "" {
		id, err := loupe.ParseID(in.WorkspaceID)
		if err != nil {
			return nil, loupe.InvalidField("workspace_id", "is not a workspace id")
		}
		ws = &id
	} else if in.Email == "" {
		return nil, loupe.InvalidField("email", "give an email address or a workspace_id")
	}
	opts, err := s.svc.SSOOptions(ctx, in.Email, ws)
	if err != nil {
		return nil, err
	}
	out := &SSOOptionsOutput{}
	out.Body.Options = make([]SSOOption, 0, len(opts))
	for _, o := range opts {
		out.Body.Options = append(out.Body.Options, SSOOption{WorkspaceID: o.WorkspaceID.String(), Protocol: string(o.Protocol), StartURL: o.StartURL})
	}
	return out, nil
}

// RedirectOutput sends the browser on, with the cookies to set.
type RedirectOutput struct {
	Location     string   `header:"Location"`
	SetCookie    []string `header:"Set-Cookie"`
	CacheControl string   `header:"Cache-Control"`
}

func redirectTo(location string, cookies ...*http.Cookie) *RedirectOutput {
	out := &RedirectOutput{Location: location, CacheControl: "no-store"}
	for _, c := range cookies {
		out.SetCookie = append(out.SetCookie, c.String())
	}
	return out
}

func (s *Server) ssoBindingCookie(value string, lifetime time.Duration) *http.Cookie {
	c := &http.Cookie{Name: ssoCookie, Value: value, Path: "/api/v1/auth/sso/", MaxAge: int(lifetime.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
	if value == "" {
		c.MaxAge = -1
	}
	return c
}

// ssoFailed lands a browser whose sign-in failed on the sign-in page, with the reason. Internal
// causes are logged here, once, and the page gets only the request id.
func (s *Server) ssoFailed(ctx context.Context, workspaceID string, err error) *RedirectOutput {
	msg := "something went wrong on our side; the request id is " + requestID(ctx)
	if le := (*loupe.Error)(nil); errors.As(err, &le) && le.Code != loupe.Internal {
		msg = le.Message
	} else {
		s.log.ErrorContext(ctx, "sso sign-in", "request_id", requestID(ctx), "err", err)
	}
	q := url.Values{"sso_error": {msg}}
	if workspaceID != "" {
		q.Set("workspace", workspaceID)
	}
	return redirectTo("/signin?"+q.Encode(), s.ssoBindingCookie("", 0))
}

type StartSSOInput struct {
	WorkspacePath
	ReturnTo string `query:"return_to" maxLength:"1024" doc:"The path of Loupe to land on once signed in; the workspace by default."`
	Binding  string `cookie:"loupe_sso"`
}

func (s *Server) startOIDC(ctx context.Context, in *StartSSOInput) (*RedirectOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return s.ssoFailed(ctx, "", err), nil
	}
	st, err := s.svc.StartOIDC(ctx, ws, in.ReturnTo, in.Binding)
	if err != nil {
		return s.ssoFailed(ctx, in.WorkspaceID, err), nil
	}
	return redirectTo(st.URL, s.ssoBindingCookie(st.Binding, 10*time.Minute)), nil
}

type OIDCCallbackInput struct {
	WorkspacePath
	State            string `query:"state" maxLength:"512"`
	Code             string `query:"code" maxLength:"4096"`
	Error            string `query:"error" maxLength:"256"`
	ErrorDescription string `query:"error_description" maxLength:"1024"`
	Binding          string `cookie:"loupe_sso"`
}

func (s *Server) finishOIDC(ctx context.Context, in *OIDCCallbackInput) (*RedirectOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return s.ssoFailed(ctx, "", err), nil
	}
	si, next, err := s.svc.FinishOIDC(ctx, ws, service.SSOAnswer{Binding: in.Binding, State: in.State, Code: in.Code, Error: in.Error,
		ErrorDescription: in.ErrorDescription}, clientFrom(ctx))
	if err != nil {
		return s.ssoFailed(ctx, in.WorkspaceID, err), nil
	}
	return redirectTo(next, s.sessionCookie(si.Token, s.cfg.SessionLifetime), s.ssoBindingCookie("", 0)), nil
}

type PutSAMLInput struct {
	WorkspacePath
	Body struct {
		SSOConnectionFields
		MetadataURL string `json:"metadata_url,omitempty" maxLength:"2000" doc:"Where the identity provider publishes its metadata; fetched when saved."`
		MetadataXML string `json:"metadata_xml,omitempty" maxLength:"262144" doc:"The identity provider's metadata, pasted, when it has no URL."`
	}
}

func (s *Server) putSAML(ctx context.Context, in *PutSAMLInput) (*SSOConfigOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b := in.Body
	c, err := s.svc.PutSAML(ctx, ws, service.SAMLInput{SSOConnectionInput: b.input(), MetadataURL: b.MetadataURL, MetadataXML: b.MetadataXML})
	if err != nil {
		return nil, err
	}
	return ssoConfigOutput(c), nil
}

type SAMLMetadataOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (s *Server) samlMetadata(ctx context.Context, in *WorkspacePath) (*SAMLMetadataOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	b, err := s.svc.SAMLMetadata(ctx, ws)
	if err != nil {
		return nil, err
	}
	return &SAMLMetadataOutput{ContentType: "application/samlmetadata+xml", Body: b}, nil
}

func (s *Server) startSAML(ctx context.Context, in *StartSSOInput) (*RedirectOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return s.ssoFailed(ctx, "", err), nil
	}
	st, err := s.svc.StartSAML(ctx, ws, in.ReturnTo, in.Binding)
	if err != nil {
		return s.ssoFailed(ctx, in.WorkspaceID, err), nil
	}
	return redirectTo(st.URL, s.ssoBindingCookie(st.Binding, 10*time.Minute)), nil
}

// maxACSBytes bounds the form an identity provider posts: a signed response with its certificates.
const maxACSBytes = 512 << 10

// acsBody documents the form of the HTTP-POST binding.
var acsBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"application/x-www-form-urlencoded": {Schema: &huma.Schema{
	Type: "object", Required: []string{"SAMLResponse", "RelayState"},
	Properties: map[string]*huma.Schema{
		"SAMLResponse": {Type: "string", Description: "The identity provider's Response, base64."},
		"RelayState":   {Type: "string", Description: "The relay state Loupe sent with the AuthnRequest."},
	},
}}}}

type SAMLACSInput struct {
	WorkspacePath
	form url.Values
}

func (a *SAMLACSInput) Resolve(ctx huma.Context) []error {
	body, err := io.ReadAll(io.LimitReader(ctx.BodyReader(), maxACSBytes+1))
	if err == nil && len(body) > maxACSBytes {
		err = errors.New("the form is too large")
	}
	if err == nil {
		a.form, err = url.ParseQuery(string(body))
	}
	if err != nil {
		return []error{&huma.ErrorDetail{Location: "body", Message: "is not a form of the HTTP-POST binding: " + err.Error()}}
	}
	return nil
}

func (s *Server) samlACS(ctx context.Context, in *SAMLACSInput) (*RedirectOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return s.ssoFailed(ctx, "", err), nil
	}
	handoff, err := s.svc.AcceptSAML(ctx, ws, service.SSOAnswer{SAMLResponse: in.form.Get("SAMLResponse"), RelayState: in.form.Get("RelayState")}, clientFrom(ctx))
	if err != nil {
		return s.ssoFailed(ctx, in.WorkspaceID, err), nil
	}
	// The browser comes back with a GET of Loupe's own, which carries the binding cookie.
	return redirectTo("/api/v1/auth/sso/" + ws.String() + "/saml/finish?" + url.Values{"handoff": {handoff}}.Encode()), nil
}

type FinishSAMLInput struct {
	WorkspacePath
	Handoff string `query:"handoff" maxLength:"128"`
	Binding string `cookie:"loupe_sso"`
}

func (s *Server) finishSAML(ctx context.Context, in *FinishSAMLInput) (*RedirectOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return s.ssoFailed(ctx, "", err), nil
	}
	si, next, err := s.svc.FinishSAML(ctx, ws, in.Handoff, in.Binding, clientFrom(ctx))
	if err != nil {
		return s.ssoFailed(ctx, in.WorkspaceID, err), nil
	}
	return redirectTo(next, s.sessionCookie(si.Token, s.cfg.SessionLifetime), s.ssoBindingCookie("", 0)), nil
}
