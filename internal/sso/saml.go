package sso

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"
	dsig "github.com/russellhaering/goxmldsig"
)

// SAMLIdP is an identity provider's metadata, checked: an entity with an IDP SSO descriptor, a
// signing certificate and a sign-in endpoint for the HTTP-Redirect binding.
type SAMLIdP struct {
	EntityID     string
	SSOURL       string
	Certificates int
	desc         *saml.EntityDescriptor
}

// FetchSAMLMetadata fetches an identity provider's metadata.
func FetchSAMLMetadata(ctx context.Context, client *http.Client, metadataURL string) ([]byte, error) {
	return fetch(ctx, client, "the identity provider's metadata", metadataURL, "application/samlmetadata+xml, application/xml, text/xml")
}

// ParseSAMLMetadata reads and checks an identity provider's metadata.
func ParseSAMLMetadata(data []byte) (*SAMLIdP, error) {
	if !bytes.Contains(data, []byte("<")) {
		return nil, checkErr(StepDocument, "the metadata is not XML (%s)", excerpt(data))
	}
	desc, err := samlsp.ParseMetadata(data)
	if err != nil {
		return nil, checkErr(StepDocument, "the metadata is not SAML metadata: %v", err)
	}
	idp := &SAMLIdP{EntityID: desc.EntityID, desc: desc}
	if idp.EntityID == "" {
		return nil, checkErr(StepDocument, "the metadata names no entityID")
	}
	if len(desc.IDPSSODescriptors) == 0 {
		return nil, checkErr(StepDocument, "the metadata of %s describes no identity provider (no IDPSSODescriptor): is it a service provider's?", idp.EntityID)
	}
	for _, d := range desc.IDPSSODescriptors {
		for _, s := range d.SingleSignOnServices {
			if s.Binding == saml.HTTPRedirectBinding && idp.SSOURL == "" {
				idp.SSOURL = s.Location
			}
		}
		for _, k := range d.KeyDescriptors {
			if k.Use == "" || k.Use == "signing" {
				idp.Certificates += len(k.KeyInfo.X509Data.X509Certificates)
			}
		}
	}
	if idp.SSOURL == "" {
		return nil, checkErr(StepDocument, "the identity provider %s offers no sign-in endpoint for the HTTP-Redirect binding", idp.EntityID)
	}
	if idp.Certificates == 0 {
		return nil, checkErr(StepKeys, "the metadata of %s has no signing certificate: Loupe could not verify its assertions", idp.EntityID)
	}
	return idp, nil
}

// SAMLSP is Loupe as one workspace's service provider, at one moment.
type SAMLSP struct {
	sp saml.ServiceProvider
}

// ReplayCache records consumed assertions until they expire; Consume refuses one seen before.
type ReplayCache = saml.AssertionReplayCache

// ErrReplayed is what a ReplayCache answers for an assertion it has seen.
var ErrReplayed = saml.ErrAssertionReplayed

// NewSAMLSP returns the service provider of entityID (the URL of its metadata) with its
// assertion consumer service at acsURL. idp may be nil to serve metadata alone.
func NewSAMLSP(idp *SAMLIdP, entityID, acsURL string, now time.Time, replay ReplayCache) *SAMLSP {
	meta, _ := url.Parse(entityID)
	acs, _ := url.Parse(acsURL)
	sp := saml.ServiceProvider{EntityID: entityID, MetadataURL: *meta, AcsURL: *acs, Clock: dsig.NewFakeClockAt(now),
		AuthnNameIDFormat: saml.EmailAddressNameIDFormat, ReplayCache: replay, RejectSHA1Signatures: true,
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding}}
	if idp != nil {
		sp.IDPMetadata = idp.desc
	}
	return &SAMLSP{sp: sp}
}

// Metadata is the service provider's metadata document.
func (p *SAMLSP) Metadata() ([]byte, error) {
	b, err := xml.MarshalIndent(p.sp.Metadata(), "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), b...), nil
}

// AuthnRequestURL is where to send the browser: an AuthnRequest for the HTTP-Redirect binding
// with relayState. The request's ID must come back in the response's InResponseTo.
func (p *SAMLSP) AuthnRequestURL(relayState string) (string, string, error) {
	req, err := p.sp.MakeAuthenticationRequest(p.sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		return "", "", err
	}
	u, err := req.Redirect(relayState, &p.sp)
	if err != nil {
		return "", "", err
	}
	return u.String(), req.ID, nil
}

// Verify checks a SAMLResponse (base64, as posted to the ACS): signed by the provider's
// certificate, by its entity, for this service provider (audience and destination), in its time
// window, in response to requestID, and not seen before (the replay cache). It returns who the
// assertion is about, with the address from its attributes or NameID.
func (p *SAMLSP) Verify(samlResponse, requestID string) (Identity, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(samlResponse))
	if err != nil || len(raw) == 0 {
		return Identity{}, refuse(ReasonMalformed, err, "the SAML response is not base64")
	}
	a, err := p.sp.ParseXMLResponse(raw, []string{requestID}, p.sp.AcsURL)
	if err != nil {
		return Identity{}, samlRefusal(err)
	}
	id := Identity{Issuer: a.Issuer.Value, EmailVerified: true}
	if a.Subject != nil && a.Subject.NameID != nil {
		id.Subject = a.Subject.NameID.Value
	}
	var given, sur, cn, display string
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			if len(at.Values) == 0 {
				continue
			}
			v := strings.TrimSpace(at.Values[0].Value)
			switch strings.ToLower(at.Name) {
			case "urn:oid:0.9.2342.19200300.100.1.3", "mail", "email", "emailaddress", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress":
				if id.Email == "" {
					id.Email = v
				}
			case "urn:oid:2.16.840.1.113730.3.1.241", "displayname", "http://schemas.microsoft.com/identity/claims/displayname":
				display = v
			case "urn:oid:2.5.4.3", "cn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name":
				cn = v
			case "urn:oid:2.5.4.42", "givenname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname":
				given = v
			case "urn:oid:2.5.4.4", "sn", "surname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname":
				sur = v
			}
		}
	}
	if id.Email == "" && strings.Contains(id.Subject, "@") {
		id.Email = id.Subject
	}
	if id.Email == "" {
		return Identity{}, refuse(ReasonNoEmail, nil, "the assertion does not say the person's email address: release the mail attribute (or an email NameID) to Loupe")
	}
	switch {
	case display != "":
		id.Name = display
	case given != "" || sur != "":
		id.Name = strings.TrimSpace(given + " " + sur)
	case cn != "" && !strings.Contains(cn, "@"):
		id.Name = cn
	}
	return id, nil
}

// samlRefusal says which check a response failed. crewjam/saml keeps the cause private; its
// classes say what kind of failure it was.
func samlRefusal(err error) *Refusal {
	var ivr *saml.InvalidResponseError
	cause := err
	if errors.As(err, &ivr) {
		cause = ivr.PrivateErr
	}
	var status saml.ErrBadStatus
	switch {
	case errors.Is(cause, saml.ErrAssertionReplayed):
		return refuse(ReasonReplay, cause, "this SAML assertion was used already")
	case errors.As(cause, &status):
		return refuse(ReasonProviderError, cause, "the identity provider did not sign you in (%s)", status.Status)
	case errors.Is(cause, saml.ErrAudienceMismatch):
		return refuse(ReasonAudience, cause, "the assertion is meant for another service provider, not this workspace's")
	case errors.Is(cause, saml.ErrDestinationMismatch):
		return refuse(ReasonAudience, cause, "the response was sent to another address than this workspace's assertion consumer service")
	case errors.Is(cause, saml.ErrExpired):
		return refuse(ReasonExpired, cause, "the SAML assertion has expired")
	case errors.Is(cause, saml.ErrNotYetValid):
		return refuse(ReasonNotYetValid, cause, "the SAML assertion is not valid yet")
	case errors.Is(cause, saml.ErrIssuerMismatch):
		return refuse(ReasonIssuer, cause, "the assertion was issued by another identity provider than this workspace's")
	case errors.Is(cause, saml.ErrRequestIDMismatch):
		return refuse(ReasonReplay, cause, "the response answers another sign-in than this one")
	case errors.Is(cause, saml.ErrInvalidSignature), errors.Is(cause, saml.ErrUntrustedCertificate), errors.Is(cause, saml.ErrCertificateNotValidNow):
		return refuse(ReasonSignature, cause, "the SAML response's signature does not verify with the identity provider's certificate")
	}
	return refuse(ReasonMalformed, cause, "the SAML response is not one Loupe accepts")
}
