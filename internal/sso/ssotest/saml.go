package ssotest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/xml"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crewjam/saml"
	"github.com/crewjam/saml/samlsp"
	dsig "github.com/russellhaering/goxmldsig"
)

// IdP is a running SAML identity provider: crewjam/saml's, with a key and certificate of its
// own. It approves one known person, chosen with SignInAs, without a login page; it learns
// service providers by fetching the metadata their entity id names.
type IdP struct {
	// MetadataURL serves its metadata.
	MetadataURL string
	Metadata    []byte

	idp      *saml.IdentityProvider
	mu       sync.Mutex
	user     User
	audience string
	skew     time.Duration
}

// StartIdP runs a SAML identity provider for the test.
func StartIdP(t testing.TB) *IdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test IdP"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	i := &IdP{}
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i.mu.Lock()
		i.idp.Clock = nil // the skew applies to the assertions it makes, not to the requests it checks
		i.mu.Unlock()
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	meta, _ := url.Parse(srv.URL + "/metadata")
	sso, _ := url.Parse(srv.URL + "/sso")
	i.idp = &saml.IdentityProvider{Key: key, Certificate: cert, MetadataURL: *meta, SSOURL: *sso,
		SessionProvider: i, ServiceProviderProvider: i, AssertionMaker: i, SignatureMethod: dsig.RSASHA256SignatureMethod,
		Logger: log.New(io.Discard, "", 0)}
	handler = i.idp.Handler()
	i.MetadataURL = srv.URL + "/metadata"
	if i.Metadata, err = xml.MarshalIndent(i.idp.Metadata(), "", "  "); err != nil {
		t.Fatal(err)
	}
	return i
}

// SignInAs makes the provider approve u at its next sign-ins.
func (i *IdP) SignInAs(u User) { i.mu.Lock(); i.user = u; i.mu.Unlock() }

// AssertFor makes the provider's assertions name another audience than the service provider
// that asked; "" restores it.
func (i *IdP) AssertFor(audience string) { i.mu.Lock(); i.audience = audience; i.mu.Unlock() }

// SetClockSkew runs the provider's clock off by d: an hour back makes assertions that expired.
func (i *IdP) SetClockSkew(d time.Duration) { i.mu.Lock(); i.skew = d; i.mu.Unlock() }

// GetSession approves the chosen person.
func (i *IdP) GetSession(_ http.ResponseWriter, _ *http.Request, _ *saml.IdpAuthnRequest) *saml.Session {
	i.mu.Lock()
	defer i.mu.Unlock()
	now := time.Now().Add(i.skew)
	if i.skew != 0 {
		i.idp.Clock = dsig.NewFakeClockAt(now)
	} else {
		i.idp.Clock = nil
	}
	given, sur, _ := strings.Cut(i.user.Name, " ")
	return &saml.Session{ID: "session-" + i.user.Email, CreateTime: now, ExpireTime: now.Add(time.Hour), Index: "1",
		NameID: i.user.Email, NameIDFormat: string(saml.EmailAddressNameIDFormat), UserName: i.user.Email, UserEmail: i.user.Email,
		UserCommonName: i.user.Name, UserGivenName: given, UserSurname: sur}
}

// GetServiceProvider fetches the metadata of the service provider the entity id names.
func (i *IdP) GetServiceProvider(r *http.Request, id string) (*saml.EntityDescriptor, error) {
	req, err := http.NewRequestWithContext(context.WithoutCancel(r.Context()), http.MethodGet, id, nil)
	if err != nil {
		return nil, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return samlsp.ParseMetadata(body)
}

// MakeAssertion is the library's own assertion, its audience replaced when the test asks.
func (i *IdP) MakeAssertion(req *saml.IdpAuthnRequest, s *saml.Session) error {
	if err := (saml.DefaultAssertionMaker{}).MakeAssertion(req, s); err != nil {
		return err
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	if i.audience != "" && req.Assertion.Conditions != nil {
		req.Assertion.Conditions.AudienceRestrictions = []saml.AudienceRestriction{{Audience: saml.Audience{Value: i.audience}}}
	}
	return nil
}
