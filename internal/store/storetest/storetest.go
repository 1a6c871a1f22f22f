// Package storetest opens real databases for tests: a fresh SQLite file, and a fresh schema on the
// PostgreSQL server named by LOUPE_TEST_POSTGRES_URL.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/loupehq/loupe/internal/store"
)

// Dialects are the databases every store test runs on.
var Dialects = []string{"sqlite", "postgres"}

// PostgresURL returns the server tests use. Without one, a PostgreSQL test skips, except under
// CI=true, where it fails: CI must never pass by skipping the production database.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("LOUPE_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatal("LOUPE_TEST_POSTGRES_URL is not set and CI=true: PostgreSQL tests must run in CI (use `make test`, which provides a server)")
		}
		tb.Skip("LOUPE_TEST_POSTGRES_URL is not set; `make test` provides a PostgreSQL server")
	}
	return u
}

// DSN returns a database URL for a new, empty, migrated-nowhere database of the dialect, removed
// when the test ends.
func DSN(tb testing.TB, dialect string) string {
	tb.Helper()
	switch dialect {
	case "sqlite":
		return "sqlite://" + filepath.Join(tb.TempDir(), "loupe.db")
	case "postgres":
		return postgresSchema(tb, PostgresURL(tb))
	}
	tb.Fatalf("storetest: unknown dialect %q", dialect)
	return ""
}

// postgresSchema creates a schema of its own for one test and returns a URL whose connections use it.
func postgresSchema(tb testing.TB, base string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	schema := "t_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	if _, err := admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("storetest: create schema on %s: %v", redact(base), err)
	}
	tb.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("storetest: LOUPE_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the test server"
	}
	return u.Redacted()
}

// Open returns a migrated store on a fresh database of the dialect, closed when the test ends.
func Open(tb testing.TB, dialect string) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, DSN(tb, dialect))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}

// Each runs fn as a subtest on every dialect, each with a store of its own.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, Open(t, d))
		})
	}
}

// Name returns a string unique within a test run, for emails and names that must not collide.
func Name(prefix string) string { return fmt.Sprintf("%s-%s", prefix, uuid.NewString()[:8]) }
