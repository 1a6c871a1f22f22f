package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/loupehq/loupe/internal/api"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/jobs"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// env is a real server over a real database.
type env struct {
	t     testing.TB
	srv   *httptest.Server
	svc   *service.Service
	store *store.Store
	clock *clock
}

// cheapArgon2 keeps the many sign-ins of these tests quick; auth's own tests cover the real cost.
var cheapArgon2 = auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}

func newEnv(t testing.TB, dialect string) *env {
	t.Helper()
	return newEnvOn(t, storetest.Open(t, dialect), servicetest.Deps(t), &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)})
}

// newEnvOn serves a store, master key and bucket that may be shared with other envs: replicas of
// one deployment.
func newEnvOn(t testing.TB, st *store.Store, deps service.Deps, c *clock) *env {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("LOUPE_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	if err := jobs.Migrate(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	queue, err := jobs.New(st, log)
	if err != nil {
		t.Fatal(err)
	}
	deps.Queue = queue
	svc, err := service.New(st, service.Config{
		BaseURL: "http://loupe.test", SessionLifetime: 30 * 24 * time.Hour, SessionIdleTimeout: 24 * time.Hour,
		InvitationLifetime: 7 * 24 * time.Hour, Argon2: cheapArgon2,
		Throttle: service.Throttle{Window: 15 * time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 20,
	}, deps, c.Now, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		queue.Stop(ctx)
	})
	srv := httptest.NewServer(api.New(svc, st, api.Config{SessionLifetime: 30 * 24 * time.Hour}, log, prometheus.NewRegistry()))
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, svc: svc, store: st, clock: c}
}

// client is one browser: it keeps the session cookie it is given.
type client struct {
	e      *env
	cookie string
	header http.Header
}

// multipartBody is a request body sent as it is, with its own content type.
type multipartBody struct {
	contentType string
	data        []byte
}

func (e *env) anon() *client { return &client{e: e} }

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// problem decodes an RFC 9457 body and checks its media type.
func (r response) problem(t testing.TB) problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, r.body)
	}
	var p problem
	r.json(t, &p)
	return p
}

type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Message  string `json:"message"`
		Location string `json:"location"`
	} `json:"errors"`
}

func (p problem) fieldMessage(location string) string {
	for _, e := range p.Errors {
		if e.Location == location {
			return e.Message
		}
	}
	return ""
}

func (c *client) do(method, path string, body any) response {
	c.e.t.Helper()
	var rd io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case multipartBody:
		rd, contentType = bytes.NewReader(b.data), b.contentType
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, rd)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "loupe_session", Value: c.cookie})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	for _, ck := range res.Cookies() {
		if ck.Name == "loupe_session" {
			c.cookie = ck.Value
			if ck.MaxAge < 0 {
				c.cookie = ""
			}
		}
	}
	return response{status: res.StatusCode, header: res.Header, body: raw}
}

// must does a request that must answer want.
func (c *client) must(want int, method, path string, body any) response {
	c.e.t.Helper()
	r := c.do(method, path, body)
	if r.status != want {
		c.e.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, want, r.body)
	}
	return r
}

const password = "a long enough password"

// setup creates the first admin and workspace through the API and returns the admin's client.
func (e *env) setup() (*client, string) {
	e.t.Helper()
	c := e.anon()
	r := c.must(201, "POST", "/api/v1/setup", map[string]string{"workspace_name": "Acme", "name": "Ada Admin", "email": "ada@acme.test", "password": password})
	var out struct {
		Workspace struct{ ID string } `json:"workspace"`
	}
	r.json(e.t, &out)
	return c, out.Workspace.ID
}

// join invites email into a workspace as admin, accepts as a new account, and returns its client and id.
func (e *env) join(admin *client, workspaceID, email, role, userType string) (*client, string) {
	e.t.Helper()
	r := admin.must(201, "POST", "/api/v1/workspaces/"+workspaceID+"/invitations", map[string]string{"email": email, "role": role, "user_type": userType})
	var inv struct{ Link string }
	r.json(e.t, &inv)
	token := inv.Link[strings.LastIndex(inv.Link, "/")+1:]
	c := e.anon()
	c.must(200, "POST", "/api/v1/invitations/"+token+"/accept", map[string]string{"name": email, "password": password})
	var me struct {
		User struct{ ID string } `json:"user"`
	}
	c.must(200, "GET", "/api/v1/me", nil).json(e.t, &me)
	return c, me.User.ID
}
