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

// Deps returns a random master key and a file bucket of the test's own, without a job queue.
func Deps(tb testing.TB) service.Deps {
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
	return service.Deps{Master: localsecrets.NewKeeper(key), Managed: b}
}
