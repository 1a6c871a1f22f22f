package service

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/sso"
	"github.com/loupehq/loupe/internal/store"
)

// Sign-in through a workspace's SAML identity provider: Loupe is the service provider, its entity
// id the URL of its metadata. The browser goes to the provider with an AuthnRequest (HTTP-Redirect)
// and a relay state; the provider posts the response to the assertion consumer service (HTTP-POST),
// which verifies it: signature by the provider's certificate, issuer, audience and destination,
// time window, InResponseTo the flow's request, and no replay (consumed assertion ids stay in the
// database until they expire). That POST comes from the provider's page, so it carries no cookie
// of Loupe's: the verified identity waits, single use and briefly, for the browser's next request
// (a redirect to Loupe itself), which brings the binding cookie and signs in.

// samlHandoffLifetime bounds the time between the assertion consumer service and the browser's
// next request.
const samlHandoffLifetime = 2 * time.Minute

// maxSAMLMetadata bounds pasted metadata.
const maxSAMLMetadata = 256 << 10

// SAMLInput configures a workspace's SAML identity provider: its metadata, by URL (fetched when
// saved) or pasted.
type SAMLInput struct {
	SSOConnectionInput
	MetadataURL string
	MetadataXML string
}

func (s *Service) samlEntityID(workspaceID loupe.ID) string {
	return s.ssoURL(workspaceID, loupe.SSOSAML, "metadata")
}

// samlMetadata returns the metadata an input names, checked: fetched from its URL or as pasted.
func (s *Service) samlMetadata(ctx context.Context, metadataURL, metadataXML string) ([]byte, *sso.SAMLIdP, error) {
	data := []byte(metadataXML)
	if metadataURL != "" {
		var err error
		if data, err = sso.FetchSAMLMetadata(ctx, ssoClient, metadataURL); err != nil {
			return nil, nil, err
		}
	}
	idp, err := sso.ParseSAMLMetadata(data)
	return data, idp, err
}

// PutSAML saves a workspace's SAML identity provider. Metadata given by URL is fetched now (an
// enabled provider's must answer); pasted metadata is always checked.
func (s *Service) PutSAML(ctx context.Context, workspaceID loupe.ID, in SAMLInput) (SSOConfig, error) {
	var v loupe.Validation
	metaURL, metaXML := strings.TrimSpace(in.MetadataURL), strings.TrimSpace(in.MetadataXML)
	switch {
	case metaURL == "" && metaXML == "":
		v.Add("metadata_url", "give the identity provider's metadata URL, or paste its metadata in metadata_xml")
	case metaURL != "" && metaXML != "":
		v.Add("metadata_xml", "give either a metadata URL or pasted metadata, not both")
	case metaURL != "":
		metaURL = providerURL(&v, "metadata_url", metaURL)
	case len(metaXML) > maxSAMLMetadata:
		v.Add("metadata_xml", "must be at most %d KiB", maxSAMLMetadata>>10)
	}
	domains := in.check(&v)
	var existing *loupe.SSOConnection
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		c, err := tx.SSOConnection(ctx, workspaceID, loupe.SSOSAML)
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
	if err := v.Err(); err != nil {
		return SSOConfig{}, err
	}
	detail := map[string]any{"metadata_url": metaURL}
	if metaXML != "" || in.Enabled {
		field := "metadata_xml"
		if metaURL != "" {
			field = "metadata_url"
		}
		data, idp, err := s.samlMetadata(ctx, metaURL, metaXML)
		if err != nil {
			return SSOConfig{}, checkField(field, err)
		}
		metaXML, detail["idp_entity_id"] = string(data), idp.EntityID
	}
	now := s.clock()
	c := loupe.SSOConnection{WorkspaceID: workspaceID, Protocol: loupe.SSOSAML, Enabled: in.Enabled, Domains: domains, Role: in.Role, Type: in.Type,
		MetadataURL: metaURL, MetadataXML: metaXML, CreatedAt: now, UpdatedAt: now}
	if existing != nil {
		c.CreatedAt = existing.CreatedAt
	}
	return s.putSSO(ctx, c, existing, detail)
}

// testSAML checks an identity provider's metadata: reachable (by URL), SAML metadata of an
// identity provider with a redirect sign-in endpoint, with a signing certificate.
func (s *Service) testSAML(ctx context.Context, workspaceID loupe.ID, in SSOTestInput, saved *loupe.SSOConnection) (SSOTestReport, error) {
	metaURL, metaXML := strings.TrimSpace(in.MetadataURL), strings.TrimSpace(in.MetadataXML)
	if metaURL == "" && metaXML == "" && saved != nil {
		metaURL, metaXML = saved.MetadataURL, saved.MetadataXML
	}
	var v loupe.Validation
	switch {
	case metaURL == "" && metaXML == "":
		v.Add("metadata_url", "give the metadata URL or the metadata to test")
	case metaURL != "":
		metaURL = providerURL(&v, "metadata_url", metaURL)
	}
	if err := v.Err(); err != nil {
		return SSOTestReport{}, err
	}
	var r SSOTestReport
	data := []byte(metaXML)
	if metaURL != "" {
		var err error
		if data, err = sso.FetchSAMLMetadata(ctx, ssoClient, metaURL); err != nil {
			return r.fail(err)
		}
		r.pass(sso.StepReach, "the metadata at "+metaURL+" answered")
	}
	idp, err := sso.ParseSAMLMetadata(data)
	if err != nil {
		var ce *sso.CheckError
		if errors.As(err, &ce) && ce.Step == sso.StepKeys {
			r.pass(sso.StepDocument, "it is the SAML metadata of an identity provider")
		}
		return r.fail(err)
	}
	r.pass(sso.StepDocument, "it is the SAML metadata of the identity provider "+idp.EntityID+", signing in at "+idp.SSOURL)
	r.pass(sso.StepKeys, "it publishes "+plural(idp.Certificates, "signing certificate"))
	r.OK = true
	return r, nil
}

// SAMLMetadata is Loupe's service provider metadata for a workspace: what its admins give the
// identity provider. It is public, as metadata is; it exists for every workspace id, so that it
// says nothing of which workspaces exist or use SAML.
func (s *Service) SAMLMetadata(ctx context.Context, workspaceID loupe.ID) ([]byte, error) {
	if s.cfg.BaseURL == "" {
		return nil, loupe.Wrap(loupe.Errorf(loupe.Internal, "no base URL"), "SAML metadata needs Loupe's base URL (--base-url)")
	}
	b, err := sso.NewSAMLSP(nil, s.samlEntityID(workspaceID), s.ssoURL(workspaceID, loupe.SSOSAML, "acs"), s.clock(), nil).Metadata()
	return b, loupe.Wrap(err, "SAML metadata")
}

func (s *Service) samlSP(ctx context.Context, c loupe.SSOConnection, replay sso.ReplayCache) (*sso.SAMLSP, error) {
	idp, err := sso.ParseSAMLMetadata([]byte(c.MetadataXML))
	if err != nil {
		s.log.WarnContext(ctx, "saml metadata", "workspace", c.WorkspaceID, "err", err)
		return nil, loupe.Errorf(loupe.Unauthenticated, "this workspace's identity provider metadata is not usable; tell an admin of the workspace (its connection test says why)")
	}
	return sso.NewSAMLSP(idp, s.samlEntityID(c.WorkspaceID), s.ssoURL(c.WorkspaceID, loupe.SSOSAML, "acs"), s.clock(), replay), nil
}

// StartSAML begins a sign-in through a workspace's SAML identity provider.
func (s *Service) StartSAML(ctx context.Context, workspaceID loupe.ID, returnTo, bindingCookie string) (SSOStart, error) {
	c, err := s.enabledConnection(ctx, workspaceID, loupe.SSOSAML)
	if err != nil {
		return SSOStart{}, err
	}
	sp, err := s.samlSP(ctx, c, nil)
	if err != nil {
		return SSOStart{}, err
	}
	relay, relayHash := auth.NewToken()
	u, requestID, err := sp.AuthnRequestURL(relay)
	if err != nil {
		return SSOStart{}, loupe.Wrap(err, "make the AuthnRequest")
	}
	bind, bindHash := binding(bindingCookie)
	now := s.clock()
	f := loupe.SSOFlow{ID: loupe.NewID(), WorkspaceID: workspaceID, Protocol: loupe.SSOSAML, StateHash: relayHash, BindingHash: bindHash,
		RequestID: requestID, ReturnTo: safeReturn(workspaceID, returnTo), CreatedAt: now, ExpiresAt: now.Add(ssoFlowLifetime)}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateSSOFlow(ctx, &f) }); err != nil {
		return SSOStart{}, err
	}
	return SSOStart{URL: u, Binding: bind}, nil
}

// dbReplayCache keeps consumed assertion ids in the database, shared by every replica.
type dbReplayCache struct {
	s           *Service
	ctx         context.Context
	workspaceID loupe.ID
}

func (c dbReplayCache) Consume(assertionID string, expiresAt time.Time) error {
	var fresh bool
	err := c.s.store.Write(c.ctx, func(tx *store.Tx) (err error) {
		fresh, err = tx.UseSAMLAssertion(c.ctx, c.workspaceID, truncate(assertionID, 256), expiresAt, c.s.clock())
		return err
	})
	if err != nil {
		return err
	}
	if !fresh {
		return sso.ErrReplayed
	}
	return nil
}

// AcceptSAML is the assertion consumer service: it verifies the provider's response against the
// flow its relay state names and returns the handoff token the browser brings to FinishSAML,
// with a cookie it has there. A refused response is audited and its reason returned.
func (s *Service) AcceptSAML(ctx context.Context, workspaceID loupe.ID, a SSOAnswer, c Client) (string, error) {
	refuse := func(r *ssoRefusal) (string, error) { return "", s.refuseSSO(ctx, workspaceID, loupe.SSOSAML, r, "", c) }
	if a.RelayState == "" || a.SAMLResponse == "" {
		return refuse(refusal("malformed", "the identity provider's answer lacks its SAMLResponse or RelayState (sign-ins begun at the identity provider are not accepted: start from Loupe's sign-in page)"))
	}
	relayHash := auth.HashToken(a.RelayState)
	var f loupe.SSOFlow
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		f, err = tx.SSOFlowByState(ctx, workspaceID, loupe.SSOSAML, relayHash)
		return err
	})
	switch {
	case loupe.IsCode(err, loupe.NotFound) || (err == nil && f.Identity != ""):
		return refuse(refusal("replay", "this sign-in was completed already, or never began: start again from the sign-in page"))
	case err != nil:
		return "", err
	case !s.clock().Before(f.ExpiresAt):
		return refuse(refusal("flow_expired", "this sign-in took longer than %s: start again", ssoFlowLifetime))
	}
	conn, err := s.enabledConnection(ctx, workspaceID, loupe.SSOSAML)
	if err != nil {
		return refuse(refusal("disabled", "this workspace's single sign-on is turned off"))
	}
	sp, err := s.samlSP(ctx, conn, dbReplayCache{s: s, ctx: ctx, workspaceID: workspaceID})
	if err != nil {
		return "", err
	}
	id, err := sp.Verify(a.SAMLResponse, f.RequestID)
	if err != nil {
		return "", s.refuseProvider(ctx, workspaceID, loupe.SSOSAML, err, c)
	}
	identity, err := json.Marshal(id)
	if err != nil {
		return "", loupe.Wrap(err, "encode identity")
	}
	handoff, handoffHash := auth.NewToken()
	now := s.clock()
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.TakeSSOFlow(ctx, workspaceID, loupe.SSOSAML, relayHash); err != nil {
			return err
		}
		return tx.CreateSSOFlow(ctx, &loupe.SSOFlow{ID: loupe.NewID(), WorkspaceID: workspaceID, Protocol: loupe.SSOSAML, StateHash: handoffHash,
			BindingHash: f.BindingHash, RequestID: f.RequestID, ReturnTo: f.ReturnTo, Identity: string(identity), CreatedAt: now, ExpiresAt: now.Add(samlHandoffLifetime)})
	})
	if loupe.IsCode(err, loupe.NotFound) { // another request answered the flow meanwhile
		return refuse(refusal("replay", "this sign-in was completed already: start again from the sign-in page"))
	}
	return handoff, err
}

// FinishSAML signs in the person of a verified assertion, once the browser that began the
// sign-in brings the handoff token and its binding cookie.
func (s *Service) FinishSAML(ctx context.Context, workspaceID loupe.ID, handoff, bindingCookie string, c Client) (SignedIn, string, error) {
	f, r, err := s.takeFlow(ctx, workspaceID, loupe.SSOSAML, handoff, bindingCookie)
	if err != nil {
		return SignedIn{}, "", err
	}
	if r == nil && f.Identity == "" {
		r = refusal("malformed", "this link does not finish a SAML sign-in: start again from the sign-in page")
	}
	if r != nil {
		return SignedIn{}, "", s.refuseSSO(ctx, workspaceID, loupe.SSOSAML, r, "", c)
	}
	var id sso.Identity
	if err := json.Unmarshal([]byte(f.Identity), &id); err != nil {
		return SignedIn{}, "", loupe.Wrap(err, "decode identity")
	}
	conn, err := s.enabledConnection(ctx, workspaceID, loupe.SSOSAML)
	if err != nil {
		return SignedIn{}, "", s.refuseSSO(ctx, workspaceID, loupe.SSOSAML, refusal("disabled", "this workspace's single sign-on is turned off"), id.Email, c)
	}
	out, err := s.ssoSignIn(ctx, conn, id, c)
	return out, f.ReturnTo, err
}
