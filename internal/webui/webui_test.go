package webui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestServe(t *testing.T) {
	t.Parallel()
	h := serve(fstest.MapFS{
		"index.html":          {Data: []byte("<!doctype html><title>Loupe</title>")},
		"assets/app-1a2b.js":  {Data: []byte("console.log(1)")},
		"favicon.svg":         {Data: []byte("<svg/>")},
		"assets/nested/x.css": {Data: []byte("body{}")},
	})
	tests := []struct {
		method, path string
		status       int
		body         string
		cache        string
	}{
		{"GET", "/", 200, "<title>Loupe</title>", "no-cache"},
		{"GET", "/w/123/members", 200, "<title>Loupe</title>", "no-cache"}, // the app's router takes it
		{"GET", "/assets/app-1a2b.js", 200, "console.log(1)", "public, max-age=31536000, immutable"},
		{"GET", "/favicon.svg", 200, "<svg/>", ""},
		{"GET", "/assets/missing.js", 404, "", ""}, // a stale asset is missing, not the app
		{"GET", "/assets/nested", 404, "", ""},
		{"POST", "/", 405, "", ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) || rec.Header().Get("Cache-Control") != tt.cache {
			t.Errorf("%s %s: %d %q cache %q; want %d %q cache %q", tt.method, tt.path, rec.Code, rec.Body.String(), rec.Header().Get("Cache-Control"), tt.status, tt.body, tt.cache)
		}
	}
}

func TestServe_NotBuilt(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	serve(fstest.MapFS{}).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "make build") {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}
