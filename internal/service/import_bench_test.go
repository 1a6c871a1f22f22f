package service_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/blob/blobtest"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// directQueue works an import at once, in the caller's goroutine after commit, so that the
// benchmark times the registration itself.
type directQueue struct{ pending []loupe.ID }

func (q *directQueue) EnqueueImport(_ context.Context, _ *store.Tx, _, importID loupe.ID) error {
	q.pending = append(q.pending, importID)
	return nil
}

func (q *directQueue) EnqueuePopulate(context.Context, *store.Tx, loupe.ID, loupe.ID, loupe.ID) error {
	return errors.New("the import benchmark attaches no dataset to a project")
}

// BenchmarkRunImport_Manifest registers 100,000 items from a JSON Lines manifest: read the sealed
// manifest, validate each line, insert in batches of 1,000. Reported as items/s.
func BenchmarkRunImport_Manifest(b *testing.B) {
	const n = 100_000
	var manifest bytes.Buffer
	for i := range n {
		fmt.Fprintf(&manifest, `{"key": "frames/%06d.jpg", "width": 1920, "height": 1080, "metadata": {"camera": "front", "seq": %d}}`+"\n", i, i)
	}
	srv := blobtest.S3(b)
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				st := storetest.Open(b, d)
				q := &directQueue{}
				deps := servicetest.Deps(b)
				deps.Queue = q
				svc, err := service.New(st, service.Config{BaseURL: "http://bench", SessionLifetime: time.Hour, SessionIdleTimeout: time.Hour,
					InvitationLifetime: time.Hour, Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1}, MaxUploadBytes: 1 << 30,
					Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 50}}, deps, loupe.SystemClock, slog.New(slog.DiscardHandler), nil)
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "W", AdminName: "A", AdminEmail: "a@w.test", AdminPassword: "long enough pw"})
				if err != nil {
					b.Fatal(err)
				}
				as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
				g, err := svc.CreateIntegration(as, ws.ID, service.IntegrationInput{Name: "S3", Kind: loupe.StorageS3,
					Config:      loupe.BucketConfig{Bucket: srv.Bucket, Endpoint: srv.Endpoint, Region: srv.Region, PathStyle: true},
					Credentials: &loupe.BucketCredentials{AccessKeyID: srv.AccessKey, SecretAccessKey: srv.SecretKey}})
				if err != nil {
					b.Fatal(err)
				}
				ds, err := svc.CreateDataset(as, ws.ID, "D", "", &g.ID)
				if err != nil {
					b.Fatal(err)
				}
				m, err := svc.CreateImport(as, ws.ID, ds.ID, service.ImportInput{Manifest: bytes.NewReader(manifest.Bytes())})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := svc.RunImport(ctx, ws.ID, m.ID); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				got, err := svc.Import(as, ws.ID, ds.ID, m.ID)
				if err != nil || got.Added != n {
					b.Fatalf("added %d of %d: %v %+v", got.Added, n, err, got.Errors)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}
