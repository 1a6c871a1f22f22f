package service_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// BenchmarkService_SignIn is a whole sign-in with the production password cost: throttle check,
// user look-up, argon2id verification, session insert. argon2id dominates, on purpose.
func BenchmarkService_SignIn(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			st := storetest.Open(b, d)
			svc, err := service.New(st, service.Config{BaseURL: "http://bench", SessionLifetime: time.Hour, SessionIdleTimeout: time.Hour,
				InvitationLifetime: time.Hour, Argon2: auth.DefaultArgon2,
				Throttle: service.Throttle{Window: time.Minute, PerAccount: 5, PerAddress: 1 << 30}, MaxUploadBytes: 1 << 30}, servicetest.Deps(b), loupe.SystemClock, slog.New(slog.DiscardHandler), nil)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if _, _, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "B", AdminName: "A", AdminEmail: "a@bench.test", AdminPassword: "benchmark password"}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := svc.SignIn(ctx, "a@bench.test", "benchmark password", service.Client{IP: "127.0.0.1"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
