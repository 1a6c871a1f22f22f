// Package ssotest runs real identity providers inside tests: zitadel/oidc's example OpenID
// Provider (its own op server, storage and login page) and crewjam/saml's identity provider, each
// on an httptest server of its own. Only tests import it.
package ssotest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a person the provider knows; they sign in at its login page with Email and Password.
type User struct {
	Email    string
	Password string
	Name     string
	// Unverified makes the provider say it has not verified the address.
	Unverified bool
}

// OPOptions configures an OpenID Provider.
type OPOptions struct {
	Users []User
	// ClientID and ClientSecret are Loupe's client; RedirectURI the one it registers.
	ClientID, ClientSecret, RedirectURI string
	// IssuerHost replaces 127.0.0.1 in the issuer the provider names (it still listens on
	// 127.0.0.1): a provider reached under another name than its issuer.
	IssuerHost string
}

// OP is a running OpenID Provider.
type OP struct {
	// Issuer is the provider's issuer URL, with its trailing slash; DiscoveryURL is its discovery document.
	Issuer       string
	DiscoveryURL string
	// URL is where it listens.
	URL     string
	storage *opStorage
}

var quietOnce sync.Once

// StartOP runs the example OpenID Provider of zitadel/oidc for the test.
func StartOP(t testing.TB, o OPOptions) *OP {
	t.Helper()
	users := userStore{}
	for i, u := range o.Users {
		first, last, _ := strings.Cut(u.Name, " ")
		id := "user" + string(rune('a'+i))
		users[id] = &storage.User{ID: id, Username: u.Email, Password: u.Password, FirstName: first, LastName: last, Email: u.Email,
			EmailVerified: !u.Unverified, PreferredLanguage: language.English}
	}
	st := &opStorage{Storage: storage.NewStorageWithClients(users, map[string]*storage.Client{
		o.ClientID: storage.WebClient(o.ClientID, o.ClientSecret, o.RedirectURI),
	})}
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	issuer := srv.URL + "/"
	if o.IssuerHost != "" {
		issuer = strings.Replace(issuer, "127.0.0.1", o.IssuerHost, 1)
	}
	quietOnce.Do(func() { slog.SetDefault(slog.New(slog.DiscardHandler)) }) // the example logs every request there
	handler = exampleop.SetupServer(issuer, st, nil, false)
	return &OP{Issuer: issuer, DiscoveryURL: srv.URL + "/.well-known/openid-configuration", URL: srv.URL, storage: st}
}

// IssueTokensFor makes the provider mint the ID tokens of its code exchanges for another client
// (audience and authorized party): a token meant for another application. None restores it.
func (o *OP) IssueTokensFor(client string) { o.storage.set(func(s *opStorage) { s.other = client }) }

// SetIDTokenLifetime makes the provider's ID tokens expire sooner than its usual hour.
func (o *OP) SetIDTokenLifetime(d time.Duration) {
	o.storage.set(func(s *opStorage) { s.lifetime = d })
}

type userStore map[string]*storage.User

func (u userStore) GetUserByID(id string) *storage.User { return u[id] }

func (u userStore) GetUserByUsername(name string) *storage.User {
	for _, v := range u {
		if strings.EqualFold(v.Username, name) {
			return v
		}
	}
	return nil
}

func (u userStore) ExampleClientID() string { return "service" }

// opStorage is the example's in-memory storage, with the two knobs the tests turn: which client
// the ID tokens are for and how long they live. The op server does everything else.
type opStorage struct {
	*storage.Storage
	mu       sync.Mutex
	other    string
	exchange bool // a code was just looked up: the token endpoint asks for its client next
	lifetime time.Duration
}

func (s *opStorage) set(f func(*opStorage)) { s.mu.Lock(); f(s); s.mu.Unlock() }

func (s *opStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.other != "" {
		r, s.exchange = otherClientRequest{AuthRequest: r, client: s.other}, true
	}
	return r, err
}

func (s *opStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.exchange {
		c, s.exchange = renamedClient{Client: c, id: s.other}, false
	}
	if err == nil && s.lifetime > 0 {
		c = shortLived{Client: c, lifetime: s.lifetime}
	}
	return c, err
}

// otherClientRequest is an authorization request as if another client had made it.
type otherClientRequest struct {
	op.AuthRequest
	client string
}

func (r otherClientRequest) GetClientID() string   { return r.client }
func (r otherClientRequest) GetAudience() []string { return []string{r.client} }

type renamedClient struct {
	op.Client
	id string
}

func (c renamedClient) GetID() string { return c.id }

type shortLived struct {
	op.Client
	lifetime time.Duration
}

func (c shortLived) IDTokenLifetime() time.Duration { return c.lifetime }
