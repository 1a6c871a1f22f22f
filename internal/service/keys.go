package service

import (
	"context"

	"gocloud.dev/secrets"

	"github.com/loupehq/loupe/internal/envelope"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// RotationReport counts what a rotation rewrapped.
type RotationReport struct {
	Workspaces   int
	Items        int64
	Integrations int
}

// RotateWorkspaceKeys gives every workspace a new key and rewraps under it every item's data key
// and every integration's credentials. No blob is re-encrypted: only the small wrapped keys change.
// Old key versions stay, so that links signed before the rotation work until they expire.
func (s *Service) RotateWorkspaceKeys(ctx context.Context) (RotationReport, error) {
	var r RotationReport
	var ids []loupe.ID
	if err := s.store.Read(ctx, func(tx *store.Tx) (err error) { ids, err = tx.AllWorkspaceIDs(ctx); return err }); err != nil {
		return r, err
	}
	for _, ws := range ids {
		n, g, err := s.rotateWorkspace(ctx, ws)
		if err != nil {
			return r, loupe.Wrap(err, "rotate the key of workspace %s", ws)
		}
		r.Workspaces++
		r.Items += n
		r.Integrations += g
	}
	return r, nil
}

func (s *Service) rotateWorkspace(ctx context.Context, ws loupe.ID) (int64, int, error) {
	_, latest, err := s.keys.load(ctx, ws)
	if err != nil {
		return 0, 0, err
	}
	next := latest + 1
	wrapped, err := s.keys.master.Encrypt(ctx, envelope.NewKey())
	if err != nil {
		return 0, 0, loupe.Wrap(err, "wrap a new workspace key")
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.AddWorkspaceKey(ctx, ws, next, wrapped, s.clock()) }); err != nil {
		return 0, 0, err
	}
	newKey, err := s.keys.version(ctx, ws, next)
	if err != nil {
		return 0, 0, err
	}
	var items int64
	for {
		n := 0
		err := s.store.Write(ctx, func(tx *store.Tx) error {
			stale, err := tx.StaleItemKeys(ctx, ws, next, 500)
			if err != nil {
				return err
			}
			for _, it := range stale {
				old, err := s.keys.version(ctx, ws, it.KeyVersion)
				if err != nil {
					return err
				}
				dataKey, err := envelope.Unwrap(old, it.WrappedKey, it.ID[:])
				if err != nil {
					return loupe.Wrap(err, "unwrap the data key of %s", it.ID)
				}
				rewrapped, err := envelope.Wrap(newKey, dataKey, it.ID[:])
				if err != nil {
					return loupe.Wrap(err, "wrap data key")
				}
				if err := tx.RewrapItemKey(ctx, ws, it.ID, rewrapped, next); err != nil {
					return err
				}
			}
			n = len(stale)
			return nil
		})
		if err != nil {
			return items, 0, err
		}
		items += int64(n)
		if n == 0 {
			break
		}
	}
	integrations := 0
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		gs, err := tx.AllIntegrations(ctx, ws)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if g.Credentials == nil || g.KeyVersion == next {
				continue
			}
			secret, err := s.keys.open(ctx, ws, g.KeyVersion, g.Credentials, g.ID[:])
			if err != nil {
				return err
			}
			if g.Credentials, err = envelope.Wrap(newKey, secret, g.ID[:]); err != nil {
				return loupe.Wrap(err, "seal credentials")
			}
			g.KeyVersion = next
			if err := tx.UpdateIntegration(ctx, &g); err != nil {
				return err
			}
			integrations++
		}
		return s.resealSSOSecrets(ctx, tx, ws, next, newKey)
	})
	return items, integrations, err
}

// resealSSOSecrets seals a workspace's identity providers' client secrets under its new key.
func (s *Service) resealSSOSecrets(ctx context.Context, tx *store.Tx, ws loupe.ID, next int, newKey []byte) error {
	cs, err := tx.SSOConnections(ctx, ws)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.SealedSecret == nil || c.KeyVersion == next {
			continue
		}
		aad := ssoAAD(ws, c.Protocol)
		secret, err := s.keys.open(ctx, ws, c.KeyVersion, c.SealedSecret, aad)
		if err != nil {
			return err
		}
		if c.SealedSecret, err = envelope.Wrap(newKey, secret, aad); err != nil {
			return loupe.Wrap(err, "seal the client secret")
		}
		c.KeyVersion = next
		if err := tx.PutSSOConnection(ctx, &c); err != nil {
			return err
		}
	}
	return nil
}

// RewrapMasterKey wraps every workspace key under a new master key, in one transaction: after it,
// only the new master key opens anything, and nothing else changed.
func (s *Service) RewrapMasterKey(ctx context.Context, newMaster *secrets.Keeper) (int, error) {
	n := 0
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		ids, err := tx.AllWorkspaceIDs(ctx)
		if err != nil {
			return err
		}
		for _, ws := range ids {
			keys, _, err := tx.WorkspaceKeys(ctx, ws)
			if err != nil {
				return err
			}
			for v, wrapped := range keys {
				key, err := s.keys.master.Decrypt(ctx, wrapped)
				if err != nil {
					return loupe.Wrap(err, "unwrap key %d of workspace %s with the current master key", v, ws)
				}
				rewrapped, err := newMaster.Encrypt(ctx, key)
				if err != nil {
					return loupe.Wrap(err, "wrap under the new master key")
				}
				if err := tx.RewrapWorkspaceKey(ctx, ws, v, rewrapped); err != nil {
					return err
				}
				n++
			}
		}
		// Authenticator-app secrets are sealed under data keys the master key wraps directly.
		_, err = s.rewrapTOTPKeys(ctx, tx, newMaster)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
