package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
type requestLog struct{ userID string }

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func clientFrom(ctx context.Context) service.Client {
	c, _ := ctx.Value(clientKey).(service.Client)
	return c
}

// middleware wraps every request, outermost first: request id and logging, metrics, security
// headers, cross-origin protection of cookie-authenticated writes, then the session.
func (s *Server) middleware(next http.Handler) http.Handler {
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, http.StatusForbidden, "cross-origin request refused: send writes from Loupe's own origin")
	}))
	h := s.authenticate(next)
	h = csrf.Handler(h)
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

// authenticate puts the session's actor into the context of an API request. A request without a
// valid session goes on anonymous; the operations that need an actor refuse it themselves. The web
// app's files need no actor, so their requests cost no session look-up.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" || !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.svc.Authenticate(r.Context(), c.Value, clientFrom(r.Context()))
		switch {
		case err == nil:
			if l, ok := r.Context().Value(logKey).(*requestLog); ok {
				l.userID = a.User.ID.String()
			}
			r = r.WithContext(loupe.WithActor(r.Context(), a))
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
