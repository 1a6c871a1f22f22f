// Package keys holds Loupe's master key: the key that wraps every workspace's key. It comes from
// a cloud KMS or Vault through gocloud.dev/secrets, or from a key file that Loupe creates on
// first start.
package keys

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gocloud.dev/secrets"
	_ "gocloud.dev/secrets/awskms" // registers awskms://
	_ "gocloud.dev/secrets/azurekeyvault"
	_ "gocloud.dev/secrets/gcpkms"
	"gocloud.dev/secrets/localsecrets"
)

// OpenMaster returns the master keeper: the KMS named by url ("awskms://…", "gcpkms://…",
// "azurekeyvault://…", "base64key://…") when url is set, otherwise the key in keyFile, created
// with 0600 permissions when it does not exist.
func OpenMaster(ctx context.Context, url, keyFile string) (*secrets.Keeper, error) {
	if url != "" {
		k, err := secrets.OpenKeeper(ctx, url)
		if err != nil {
			return nil, fmt.Errorf("open master key %s: %w", redact(url), err)
		}
		return k, nil
	}
	key, err := LoadOrCreateKeyFile(keyFile)
	if err != nil {
		return nil, err
	}
	return localsecrets.NewKeeper(key), nil
}

func redact(url string) string {
	if i := strings.Index(url, "://"); i >= 0 && strings.HasPrefix(url, "base64key") {
		return url[:i+3] + "…"
	}
	return url
}

// LoadOrCreateKeyFile reads a 32-byte key, base64-encoded, from path; when the file does not exist
// it writes a fresh random one there first. A key file others can read is refused.
func LoadOrCreateKeyFile(path string) ([32]byte, error) {
	var key [32]byte
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return createKeyFile(path)
	case err != nil:
		return key, fmt.Errorf("key file: %w", err)
	case st.Mode().Perm()&0o077 != 0:
		return key, fmt.Errorf("key file %s is readable by others (mode %v); run chmod 600 on it", path, st.Mode().Perm())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return key, fmt.Errorf("key file: %w", err)
	}
	key, err = localsecrets.Base64KeyStd(strings.TrimSpace(string(raw)))
	if err != nil {
		return key, fmt.Errorf("key file %s does not hold a base64 32-byte key: %w", path, err)
	}
	return key, nil
}

func createKeyFile(path string) ([32]byte, error) {
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		return key, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return key, fmt.Errorf("key file: %w", err)
	}
	// O_EXCL: two processes starting at once must not each write a different key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return LoadOrCreateKeyFile(path)
	}
	if err != nil {
		return key, fmt.Errorf("create key file: %w", err)
	}
	if _, err := f.WriteString(base64.StdEncoding.EncodeToString(key[:]) + "\n"); err != nil {
		f.Close()
		os.Remove(path)
		return key, fmt.Errorf("write key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return key, fmt.Errorf("write key file: %w", err)
	}
	return key, f.Close()
}
