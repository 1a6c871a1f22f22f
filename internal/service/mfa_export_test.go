package service

import (
	"context"

	"gocloud.dev/secrets"

	"github.com/loupehq/loupe/internal/store"
)

// RewrapTOTPKeys exposes rewrapTOTPKeys to the tests of a master key rotation.
func (s *Service) RewrapTOTPKeys(ctx context.Context, newMaster *secrets.Keeper) (n int, err error) {
	err = s.store.Write(ctx, func(tx *store.Tx) (err error) { n, err = s.rewrapTOTPKeys(ctx, tx, newMaster); return err })
	return n, err
}
