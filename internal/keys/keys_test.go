package keys

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sub", "master.key")
	k1, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", st.Mode().Perm())
	}
	k2, err := LoadOrCreateKeyFile(path)
	if err != nil || k1 != k2 {
		t.Fatalf("second load: %v, same key %v", err, k1 == k2)
	}
	os.Chmod(path, 0o644)
	if _, err := LoadOrCreateKeyFile(path); err == nil || !strings.Contains(err.Error(), "readable by others") {
		t.Fatalf("world-readable key: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "bad.key")
	os.WriteFile(bad, []byte("not a key"), 0o600)
	if _, err := LoadOrCreateKeyFile(bad); err == nil {
		t.Fatal("garbage key accepted")
	}
}

func TestOpenMaster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	k, err := OpenMaster(ctx, "", filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := k.Encrypt(ctx, []byte("workspace key"))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := OpenMaster(ctx, "", filepath.Join(dir, "master.key"))
	if got, err := again.Decrypt(ctx, sealed); err != nil || string(got) != "workspace key" {
		t.Fatalf("the same key file does not open what it sealed: %v", err)
	}
	other, _ := OpenMaster(ctx, "base64key://", "")
	if _, err := other.Decrypt(ctx, sealed); err == nil {
		t.Fatal("another key opened it")
	}
	if _, err := OpenMaster(ctx, "nosuchkms://x", ""); err == nil {
		t.Fatal("unknown KMS accepted")
	}
}
