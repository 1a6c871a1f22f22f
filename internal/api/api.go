// Package api is Loupe's HTTP interface: JSON under /api/v1, described by the OpenAPI document it
// serves, with errors as RFC 9457 problem details. Handlers are thin: decode, call the service, encode.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
)

func init() {
	// Every list this API returns is an array, never null; the document says so.
	huma.DefaultArrayNullable = false
}

// Version is the API's version in its OpenAPI document.
const Version = "1.0.0"

// maxBodyBytes bounds every JSON request body; larger ones are refused with 413.
const maxBodyBytes = 64 << 10

// Config holds what the HTTP layer needs to know about how it is served.
type Config struct {
	// SecureCookies marks session cookies Secure; true whenever browsers reach Loupe over HTTPS.
	SecureCookies bool
	// SessionLifetime is how long the browser keeps the session cookie.
	SessionLifetime time.Duration
	// UI serves the web app for every path the API does not own; nil serves none.
	UI http.Handler
}

// Server is the HTTP interface over the use cases.
type Server struct {
	svc     *service.Service
	store   *store.Store
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	api     huma.API
	handler http.Handler
}

// New returns the server. reg receives its metrics and is served at /metrics.
func New(svc *service.Service, st *store.Store, cfg Config, log *slog.Logger, reg *prometheus.Registry) *Server {
	s := &Server{svc: svc, store: st, cfg: cfg, log: log, metrics: newMetrics(reg)}
	mux := http.NewServeMux()
	s.api = humago.New(mux, openAPIConfig())
	s.routes(s.api)
	mux.HandleFunc("GET /api/v1/blobs/{token}", s.serveBlob)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", metricsHandler(reg))
	mux.HandleFunc("/api/", s.apiNotFound)
	if cfg.UI != nil {
		mux.Handle("/", cfg.UI)
	}
	s.handler = s.middleware(mux)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// OpenAPIDocument returns the API's OpenAPI 3.1 document as indented JSON: the form committed at
// web/src/api/openapi.json, from which the web app's client types are generated.
func OpenAPIDocument() ([]byte, error) {
	s := New(nil, nil, Config{}, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
	b, err := json.MarshalIndent(s.api.OpenAPI(), "", "  ")
	return append(b, '\n'), err
}

func openAPIConfig() huma.Config {
	c := huma.DefaultConfig("Loupe API", Version)
	c.Info.Description = "Loupe's JSON API. Every error is an RFC 9457 problem (application/problem+json); every list is cursor-paginated."
	c.OpenAPIPath = "/api/v1/openapi"
	c.DocsPath = ""
	c.SchemasPath = ""
	// No $schema links in bodies: clients get plain JSON.
	c.CreateHooks = nil
	c.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"session": {Type: "apiKey", In: "cookie", Name: sessionCookie, Description: "The session cookie set by sign-in, sign-up, setup and invitation acceptance."},
		"apiKey": {Type: "http", Scheme: "bearer", BearerFormat: "loupe_<prefix>_<secret>",
			Description: "An API key (My account → API keys) as `Authorization: Bearer loupe_…`. It acts as its user in its one workspace, narrowed by its scope; outside workspaces it may do only what an operation's requirement names."},
	}
	return c
}

var codeStatus = map[loupe.Code]int{
	loupe.Invalid:         http.StatusUnprocessableEntity,
	loupe.NotFound:        http.StatusNotFound,
	loupe.Conflict:        http.StatusConflict,
	loupe.Forbidden:       http.StatusForbidden,
	loupe.Unauthenticated: http.StatusUnauthorized,
	loupe.TooManyRequests: http.StatusTooManyRequests,
	loupe.Internal:        http.StatusInternalServerError,
}

// problem turns a use case's error into the problem the client sees. Internal causes are logged
// here, once, with the request id, and never shown.
func (s *Server) problem(ctx context.Context, err error) error {
	var se huma.StatusError
	if errors.As(err, &se) {
		return err
	}
	var le *loupe.Error
	if !errors.As(err, &le) || le.Code == loupe.Internal {
		id := requestID(ctx)
		s.log.ErrorContext(ctx, "internal error", "request_id", id, "err", err)
		return huma.NewError(http.StatusInternalServerError, "something went wrong on our side; the request id is "+id)
	}
	details := make([]error, 0, len(le.Fields))
	for _, f := range le.Fields {
		details = append(details, &huma.ErrorDetail{Location: "body." + f.Field, Message: f.Message})
	}
	out := error(huma.NewError(codeStatus[le.Code], le.Message, details...))
	if le.RetryAfterSeconds > 0 {
		out = huma.ErrorWithHeaders(out, http.Header{"Retry-After": {strconv.Itoa(le.RetryAfterSeconds)}})
	}
	return out
}

// register adds an operation whose errors go through problem, with the body limit set.
func register[I, O any](s *Server, api huma.API, op huma.Operation, h func(context.Context, *I) (*O, error)) {
	if op.MaxBodyBytes == 0 {
		op.MaxBodyBytes = maxBodyBytes
	}
	huma.Register(api, op, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, s.problem(ctx, err)
		}
		return out, nil
	})
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// apiNotFound answers unknown API paths with a problem rather than the web app.
func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, http.StatusNotFound, "no API operation at "+r.Method+" "+r.URL.Path)
}

func writeProblem(w http.ResponseWriter, status int, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	body, _ := json.Marshal(huma.ErrorModel{Status: status, Title: http.StatusText(status), Detail: detail})
	w.Write(body)
}
