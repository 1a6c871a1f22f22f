package service_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// TestRotateWorkspaceKeys_SealedSecretsFollow rotates a workspace's key: the single sign-on client
// secret sealed under the old key is sealed afresh under the new one, like integrations' credentials.
func TestRotateWorkspaceKeys_SealedSecretsFollow(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := newService(t, st)
		ws, admin, err := svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		as := loupe.WithActor(ctx, &loupe.Actor{User: admin})
		secret := "the provider's client secret"
		if _, err := svc.PutOIDC(as, ws.ID, service.OIDCInput{SSOConnectionInput: service.SSOConnectionInput{Domains: []string{"acme.test"}, Role: loupe.RoleMember,
			Type: loupe.UserInternal}, DiscoveryURL: "https://idp.acme.test/.well-known/openid-configuration", ClientID: "loupe", ClientSecret: &secret}); err != nil {
			t.Fatal(err)
		}
		read := func() loupe.SSOConnection {
			var c loupe.SSOConnection
			if err := st.Read(ctx, func(tx *store.Tx) (err error) { c, err = tx.SSOConnection(ctx, ws.ID, loupe.SSOOIDC); return err }); err != nil {
				t.Fatal(err)
			}
			return c
		}
		before := read()
		if _, err := svc.RotateWorkspaceKeys(ctx); err != nil {
			t.Fatal(err)
		}
		after := read()
		if after.KeyVersion != before.KeyVersion+1 || bytes.Equal(after.SealedSecret, before.SealedSecret) {
			t.Fatalf("client secret after rotation: version %d → %d, resealed %v", before.KeyVersion, after.KeyVersion, !bytes.Equal(after.SealedSecret, before.SealedSecret))
		}
	})
}
