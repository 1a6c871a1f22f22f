package service

import (
	"context"
	"sync"

	"gocloud.dev/secrets"

	"github.com/loupehq/loupe/internal/envelope"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// keyring hands out workspace keys: created on first need, stored wrapped by the master key,
// kept unwrapped in memory once read. A key is cached only after it is committed, so a rolled-back
// transaction never leaves a key behind that sealed something.
type keyring struct {
	store  *store.Store
	master *secrets.Keeper
	clock  loupe.Clock

	mu    sync.Mutex
	cache map[wsKey][]byte
}

type wsKey struct {
	workspace loupe.ID
	version   int
}

func newKeyring(st *store.Store, master *secrets.Keeper, clock loupe.Clock) *keyring {
	return &keyring{store: st, master: master, clock: clock, cache: map[wsKey][]byte{}}
}

// current returns the newest key of a workspace and its version, creating version 1 when the
// workspace has none.
func (k *keyring) current(ctx context.Context, workspaceID loupe.ID) (int, []byte, error) {
	keys, latest, err := k.load(ctx, workspaceID)
	if err != nil {
		return 0, nil, err
	}
	if latest > 0 {
		key, err := k.unwrap(ctx, workspaceID, latest, keys[latest])
		return latest, key, err
	}
	wrapped, err := k.master.Encrypt(ctx, envelope.NewKey())
	if err != nil {
		return 0, nil, loupe.Wrap(err, "wrap a new workspace key")
	}
	err = k.store.Write(ctx, func(tx *store.Tx) error { return tx.AddWorkspaceKey(ctx, workspaceID, 1, wrapped, k.clock()) })
	if err != nil && !loupe.IsCode(err, loupe.Conflict) { // on Conflict another replica made it first
		return 0, nil, err
	}
	return k.current(ctx, workspaceID)
}

// version returns one version of a workspace's key.
func (k *keyring) version(ctx context.Context, workspaceID loupe.ID, v int) ([]byte, error) {
	k.mu.Lock()
	key, ok := k.cache[wsKey{workspaceID, v}]
	k.mu.Unlock()
	if ok {
		return key, nil
	}
	keys, _, err := k.load(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	wrapped, ok := keys[v]
	if !ok {
		return nil, loupe.Wrap(loupe.Errorf(loupe.Internal, "no version %d", v), "workspace key of %s", workspaceID)
	}
	return k.unwrap(ctx, workspaceID, v, wrapped)
}

func (k *keyring) load(ctx context.Context, workspaceID loupe.ID) (map[int][]byte, int, error) {
	var keys map[int][]byte
	var latest int
	err := k.store.Read(ctx, func(tx *store.Tx) (err error) { keys, latest, err = tx.WorkspaceKeys(ctx, workspaceID); return err })
	return keys, latest, err
}

func (k *keyring) unwrap(ctx context.Context, workspaceID loupe.ID, v int, wrapped []byte) ([]byte, error) {
	key, err := k.master.Decrypt(ctx, wrapped)
	if err != nil {
		return nil, loupe.Wrap(err, "unwrap workspace key %d of %s (is this the master key it was made under?)", v, workspaceID)
	}
	k.mu.Lock()
	k.cache[wsKey{workspaceID, v}] = key
	k.mu.Unlock()
	return key, nil
}

// seal encrypts a small secret (an integration's credentials) under the workspace's current key,
// bound to what it belongs to.
func (k *keyring) seal(ctx context.Context, workspaceID loupe.ID, secret, aad []byte) ([]byte, int, error) {
	v, key, err := k.current(ctx, workspaceID)
	if err != nil {
		return nil, 0, err
	}
	sealed, err := envelope.Wrap(key, secret, aad)
	return sealed, v, loupe.Wrap(err, "seal secret")
}

// open decrypts what seal sealed.
func (k *keyring) open(ctx context.Context, workspaceID loupe.ID, v int, sealed, aad []byte) ([]byte, error) {
	key, err := k.version(ctx, workspaceID, v)
	if err != nil {
		return nil, err
	}
	secret, err := envelope.Unwrap(key, sealed, aad)
	return secret, loupe.Wrap(err, "open sealed secret")
}
