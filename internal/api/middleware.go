package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

const sessionCookie = "loupe_session"

type ctxKey int

const (
	requestIDKey ctxKey = iota
	clientKey
	logKey
)

// requestLog collects, as a request goes down the middleware, what its log line tells.
type requestLog struct{ userID, apiKey string }

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func clientFrom(ctx context.Context) service.Client {
	c, _ := ctx.Value(clientKey).(service.Client)
	return c
}

// middleware wraps every request, outermost first: request id and logging, metrics, security
// headers, cross-origin protection of cookie-authenticated writes, then the session or API key.
func (s *Server) middleware(next http.Handler) http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusForbidden, "cross-origin request refused: send writes from Loupe's own origin")
	}))
	// An identity provider's page posts its SAML response cross-origin by design; the signed
	// assertion, not a cookie, authenticates it, and signing in waits for a GET with Loupe's cookie.
	csrf.AddInsecureBypassPattern("POST /api/v1/auth/sso/{workspaceID}/saml/acs")
	authed := s.authenticate(next)
	guarded := csrf.Handler(authed)
	// A request with an API key is no cookie request, so no forgery: a browser never adds a key
	// by itself, and the cookie of a request that sends one is not read. Programs send neither
	// Origin nor Sec-Fetch-Site (which CrossOriginProtection lets through anyway); a browser page of
	// another origin that holds a key of its own may use it too.
	h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := bearerToken(r); ok {
			authed.ServeHTTP(w, r)
			return
		}
		guarded.ServeHTTP(w, r)
	}))
	h = securityHeaders(h)
	return s.observe(h)
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// validRequestID accepts a caller's id only when it is short and plain, so that logs stay clean.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, clientKey, service.Client{IP: ip, UserAgent: r.UserAgent()})
		logged := &requestLog{}
		ctx = context.WithValue(ctx, logKey, logged)
		rec := &statusRecorder{ResponseWriter: w}
		r = r.WithContext(ctx)
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		elapsed := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(r.Method, route, rec.status, elapsed)
		if strings.HasPrefix(r.URL.Path, "/assets/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			return
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("request_id", id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", elapsed), slog.String("ip", ip),
		}
		if logged.userID != "" {
			attrs = append(attrs, slog.String("user", logged.userID))
		}
		if logged.apiKey != "" {
			attrs = append(attrs, slog.String("api_key", logged.apiKey))
		}
		s.log.LogAttrs(ctx, level, "request", attrs...)
	})
}

// securityHeaders sets the headers every response carries. Scripts come only from Loupe itself;
// images and media may also come from customers' buckets, through their presigned URLs.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; media-src 'self' blob: https: http:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// bearerToken returns the API key of an "Authorization: Bearer" header. Other schemes are not
// Loupe's (a proxy's Basic authentication, say) and are left alone.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// authenticate puts the actor of an API request into its context: the API key's when the request
// sends one (and then the cookie is not read), else the session's. A request without a valid
// session goes on anonymous; the operations that need an actor refuse it themselves. A request
// with a key that does not work is refused at once with 401, so that a program learns why rather
// than acting anonymously. The web app's files need no actor, so their requests cost no look-up.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		key, bearer := bearerToken(r)
		var a *loupe.Actor
		var err error
		if bearer {
			a, err = s.svc.AuthenticateAPIKey(ctx, key, clientFrom(ctx))
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			a, err = s.svc.Authenticate(ctx, c.Value, clientFrom(ctx))
		} else {
			next.ServeHTTP(w, r)
			return
		}
		var le *loupe.Error
		switch {
		case err == nil:
			if l, ok := ctx.Value(logKey).(*requestLog); ok {
				l.userID = a.User.ID.String()
				if a.APIKey != nil {
					l.apiKey = a.APIKey.Prefix
				}
			}
			r = r.WithContext(loupe.WithActor(ctx, a))
		case bearer && errors.As(err, &le) && le.Code == loupe.Unauthenticated:
			w.Header().Set("WWW-Authenticate", `Bearer realm="loupe", error="invalid_token"`)
			writeProblem(w, http.StatusUnauthorized, le.Message)
			return
		case loupe.IsCode(err, loupe.Unauthenticated):
			http.SetCookie(w, s.clearCookie())
		default:
			s.log.ErrorContext(r.Context(), "authenticate", "request_id", requestID(r.Context()), "err", err)
			writeProblem(w, http.StatusInternalServerError, "something went wrong on our side; the request id is "+requestID(r.Context()))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) sessionCookie(token string, lifetime time.Duration) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(lifetime.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
}

func (s *Server) clearCookie() *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
}
