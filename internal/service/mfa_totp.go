package service

import (
	"context"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// totpIssuer names Loupe in authenticator apps.
const totpIssuer = "Loupe"

// TOTPEnrollment is a new authenticator app's secret, shown once, until a code confirms it.
type TOTPEnrollment = auth.TOTPKey

// BeginTOTP makes a new authenticator secret for the actor. It counts only once ConfirmTOTP has seen
// a code of it; until then the actor's current app, if any, stays as it is.
func (s *Service) BeginTOTP(ctx context.Context) (TOTPEnrollment, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return TOTPEnrollment{}, err
	}
	key, err := auth.NewTOTPKey(totpIssuer, a.User.Email)
	if err != nil {
		return TOTPEnrollment{}, loupe.Wrap(err, "new authenticator secret")
	}
	pending := loupe.TOTPAuthenticator{ID: loupe.NewID(), UserID: a.User.ID, CreatedAt: s.clock()}
	if pending.SealedSecret, pending.WrappedKey, err = s.sealTOTPSecret(ctx, pending.ID, key.Secret); err != nil {
		return TOTPEnrollment{}, err
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error { return tx.PutPendingTOTP(ctx, &pending) })
	return key, err
}

// ConfirmTOTP makes the actor's pending authenticator app count, given a code it shows, replacing
// any app enrolled before. The first second factor of an account comes with its recovery codes.
func (s *Service) ConfirmTOTP(ctx context.Context, code string) (RecoveryCodes, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return nil, err
	}
	var codes RecoveryCodes
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		pending, err := tx.TOTP(ctx, a.User.ID, true)
		if loupe.IsCode(err, loupe.NotFound) {
			return loupe.Errorf(loupe.Conflict, "there is no authenticator app to confirm: start by adding one")
		}
		if err != nil {
			return err
		}
		if !s.clock().Before(pending.CreatedAt.Add(pendingTOTPLifetime)) {
			return loupe.Errorf(loupe.Conflict, "the authenticator secret shown to you has expired (after %s): add the app again", pendingTOTPLifetime)
		}
		secret, err := s.openTOTPSecret(ctx, pending)
		if err != nil {
			return err
		}
		step, verdict := auth.CheckTOTP(secret, code, s.clock(), pending.LastStep)
		if err := totpError("code", verdict); err != nil {
			return err
		}
		before, err := tx.MFAFactors(ctx, a.User.ID)
		if err != nil {
			return err
		}
		if err := tx.ConfirmTOTP(ctx, a.User.ID, pending.ID, step, s.clock()); err != nil {
			return err
		}
		if codes, err = s.firstRecoveryCodes(ctx, tx, a.User.ID, before); err != nil {
			return err
		}
		return s.auditMFA(ctx, tx, a.User, "mfa.totp_enrolled", map[string]any{"replaced": before.TOTP != nil, "recovery_codes_issued": codes != nil})
	})
	return codes, err
}

// RemoveTOTP removes the actor's authenticator app; the last second factor needs proof.
func (s *Service) RemoveTOTP(ctx context.Context, proof FactorProof) error {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, a.User.ID)
		if err != nil {
			return err
		}
		f, err := tx.MFAFactors(ctx, u.ID)
		if err != nil {
			return err
		}
		if f.TOTP == nil {
			return loupe.Errorf(loupe.NotFound, "you have no authenticator app")
		}
		if err := s.checkRemoval(ctx, tx, u, f, proof); err != nil {
			return err
		}
		if err := tx.DeleteTOTP(ctx, u.ID); err != nil {
			return err
		}
		if err := afterRemoval(ctx, tx, u.ID, f); err != nil {
			return err
		}
		return s.auditMFA(ctx, tx, u, "mfa.totp_removed", map[string]any{"last_factor": f.Count() == 1})
	})
}
