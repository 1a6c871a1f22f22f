// Package servicetest builds the service's dependencies for tests: a fresh master key and Loupe's
// own storage in a temporary directory.
package servicetest

import (
	"context"
	"net/url"
	"testing"

	"gocloud.dev/secrets/localsecrets"

	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/service"
)

// Storage returns a random master key and a file bucket of the test's own.
func Storage(tb testing.TB) service.Storage {
	tb.Helper()
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		tb.Fatal(err)
	}
	u := url.URL{Scheme: "file", Path: tb.TempDir(), RawQuery: "no_tmp_dir=1&metadata=skip"}
	b, err := blob.OpenManaged(context.Background(), u.String())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { b.Close() })
	return service.Storage{Master: localsecrets.NewKeeper(key), Managed: b}
}
