package service

import (
	"context"
	"time"

	"gocloud.dev/secrets"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/envelope"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// Second factors: an authenticator app (TOTP), passkeys and security keys (WebAuthn), and
// recovery codes that stand in for either. The steps of each live in mfa_totp.go,
// mfa_webauthn.go and mfa_signin.go; what they share is here.

const (
	// mfaChallengeLifetime is how long a sign-in waits for its second factor after the password.
	mfaChallengeLifetime = 5 * time.Minute
	// pendingTOTPLifetime is how long a shown authenticator secret waits for its confirming code.
	pendingTOTPLifetime = 15 * time.Minute
	// ceremonyLifetime is how long a passkey registration waits for the browser's answer.
	ceremonyLifetime = 5 * time.Minute
)

// MFAEnrollmentField names, in the Forbidden error of a workspace that requires a second factor
// from a member who has none, the field that marks it: the web app recognizes it by that name (the
// problem's error at "body.mfa") and sends the member to enrollment.
const MFAEnrollmentField = "mfa"

// errMFARequired refuses a member without a second factor everything of a workspace that requires one.
func errMFARequired() *loupe.Error {
	const msg = "this workspace requires two-factor authentication: add an authenticator app or a passkey on your account page to continue"
	return &loupe.Error{Code: loupe.Forbidden, Message: msg,
		Fields: []loupe.FieldError{{Field: MFAEnrollmentField, Message: "enroll a second factor to reach this workspace"}}}
}

// mfaGate refuses a member of a workspace that requires a second factor they lack. principal()
// calls it, so every use case of a workspace, whether a session or an API key of the user acts,
// is refused in this one place.
func mfaGate(ctx context.Context, tx *store.Tx, workspaceID, userID loupe.ID) error {
	blocked, err := tx.MFABlocked(ctx, workspaceID, userID)
	if err != nil {
		return err
	}
	if blocked {
		return errMFARequired()
	}
	return nil
}

// MFAStatus is what an account has of second factors, and which of its workspaces require one.
type MFAStatus struct {
	Factors    loupe.MFAFactors
	RequiredBy []loupe.Workspace
}

// MyMFA returns the actor's second factors.
func (s *Service) MyMFA(ctx context.Context) (MFAStatus, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return MFAStatus{}, err
	}
	var out MFAStatus
	err = s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if out.Factors, err = tx.MFAFactors(ctx, a.User.ID); err != nil {
			return err
		}
		out.RequiredBy, err = tx.WorkspacesRequiringMFA(ctx, a.User.ID)
		return err
	})
	return out, err
}

// sealTOTPSecret encrypts an authenticator app's secret for storage. The secret is sealed with
// AES-256-GCM (internal/envelope) under a fresh data key of its own, bound to the row's id; the data
// key is wrapped by the master key through the Keeper the service already holds (the one that wraps
// workspace keys: a key file or a cloud KMS). Accounts belong to no workspace, so no workspace key
// applies.
func (s *Service) sealTOTPSecret(ctx context.Context, id loupe.ID, secret string) (sealed, wrapped []byte, err error) {
	dataKey := envelope.NewKey()
	if sealed, err = envelope.Wrap(dataKey, []byte(secret), id[:]); err != nil {
		return nil, nil, loupe.Wrap(err, "seal authenticator secret")
	}
	if wrapped, err = s.keys.master.Encrypt(ctx, dataKey); err != nil {
		return nil, nil, loupe.Wrap(err, "wrap authenticator key")
	}
	return sealed, wrapped, nil
}

// openTOTPSecret decrypts what sealTOTPSecret sealed.
func (s *Service) openTOTPSecret(ctx context.Context, a loupe.TOTPAuthenticator) (string, error) {
	dataKey, err := s.keys.master.Decrypt(ctx, a.WrappedKey)
	if err != nil {
		return "", loupe.Wrap(err, "unwrap the authenticator key of %s (is this the master key it was made under?)", a.ID)
	}
	secret, err := envelope.Unwrap(dataKey, a.SealedSecret, a.ID[:])
	if err != nil {
		return "", loupe.Wrap(err, "open the authenticator secret of %s", a.ID)
	}
	return string(secret), nil
}

// rewrapTOTPKeys wraps every authenticator app's data key under a new master key, in the caller's
// transaction. A master key rotation (RewrapMasterKey) must call it in its own transaction, or
// the secrets become unreadable with the new key.
func (s *Service) rewrapTOTPKeys(ctx context.Context, tx *store.Tx, newMaster *secrets.Keeper) (int, error) {
	as, err := tx.AllTOTPKeys(ctx)
	if err != nil {
		return 0, err
	}
	for _, a := range as {
		dataKey, err := s.keys.master.Decrypt(ctx, a.WrappedKey)
		if err != nil {
			return 0, loupe.Wrap(err, "unwrap the authenticator key of %s with the current master key", a.ID)
		}
		wrapped, err := newMaster.Encrypt(ctx, dataKey)
		if err != nil {
			return 0, loupe.Wrap(err, "wrap under the new master key")
		}
		if err := tx.RewrapTOTPKey(ctx, a.ID, wrapped); err != nil {
			return 0, err
		}
	}
	return len(as), nil
}

// RecoveryCodes are shown once: when the first second factor is enrolled, and when regenerated.
type RecoveryCodes []string

// issueRecoveryCodes gives a user a fresh set of recovery codes in tx, dropping any earlier set.
func (s *Service) issueRecoveryCodes(ctx context.Context, tx *store.Tx, userID loupe.ID) (RecoveryCodes, error) {
	codes, hashes := auth.NewRecoveryCodes(auth.RecoveryCodeCount)
	return codes, tx.ReplaceRecoveryCodes(ctx, userID, hashes, s.clock())
}

// firstRecoveryCodes issues recovery codes when a user enrolls their first second factor ever, that
// is when they have none yet; nil otherwise.
func (s *Service) firstRecoveryCodes(ctx context.Context, tx *store.Tx, userID loupe.ID, before loupe.MFAFactors) (RecoveryCodes, error) {
	if before.RecoveryCodesCreatedAt != nil {
		return nil, nil
	}
	return s.issueRecoveryCodes(ctx, tx, userID)
}

// RegenerateRecoveryCodes replaces the actor's recovery codes with ten new ones.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context) (RecoveryCodes, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return nil, err
	}
	var codes RecoveryCodes
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		f, err := tx.MFAFactors(ctx, a.User.ID)
		if err != nil {
			return err
		}
		if !f.Enrolled() {
			return loupe.Errorf(loupe.Conflict, "add an authenticator app or a passkey first: recovery codes stand in for a second factor")
		}
		if codes, err = s.issueRecoveryCodes(ctx, tx, a.User.ID); err != nil {
			return err
		}
		return s.auditMFA(ctx, tx, a.User, "mfa.recovery_codes_regenerated", nil)
	})
	return codes, err
}

// useRecoveryCode spends one of a user's recovery codes in tx, or says why it cannot.
func (s *Service) useRecoveryCode(ctx context.Context, tx *store.Tx, userID loupe.ID, field, code string) error {
	norm, ok := auth.NormalizeRecoveryCode(code)
	if !ok {
		return loupe.InvalidField(field, "is not a recovery code: they look like abcd-efgh-ijkl-mnop")
	}
	cs, err := tx.RecoveryCodes(ctx, userID)
	if err != nil {
		return err
	}
	hashes := make([][]byte, len(cs))
	for i, c := range cs {
		hashes[i] = c.Hash
	}
	i := auth.MatchRecoveryCode(norm, hashes)
	if i < 0 {
		return loupe.InvalidField(field, "is not one of your recovery codes")
	}
	if cs[i].UsedAt != nil {
		return loupe.InvalidField(field, "was used already: each recovery code works once")
	}
	if used, err := tx.UseRecoveryCode(ctx, cs[i].ID, s.clock()); err != nil {
		return err
	} else if !used {
		return loupe.InvalidField(field, "was used already: each recovery code works once")
	}
	return nil
}

// useTOTPCode checks a code of a user's confirmed authenticator app in tx and spends its time step.
func (s *Service) useTOTPCode(ctx context.Context, tx *store.Tx, a loupe.TOTPAuthenticator, field, code string) error {
	secret, err := s.openTOTPSecret(ctx, a)
	if err != nil {
		return err
	}
	step, verdict := auth.CheckTOTP(secret, code, s.clock(), a.LastStep)
	if err := totpError(field, verdict); err != nil {
		return err
	}
	if ok, err := tx.UseTOTPStep(ctx, a.ID, step); err != nil {
		return err
	} else if !ok {
		return totpError(field, auth.TOTPReused)
	}
	return nil
}

// totpError says, in the words of the field, why a code was refused; nil when it was accepted.
func totpError(field string, v auth.TOTPVerdict) error {
	switch v {
	case auth.TOTPAccepted:
		return nil
	case auth.TOTPMalformed:
		return loupe.InvalidField(field, "must be the 6 digits your authenticator app shows")
	case auth.TOTPReused:
		return loupe.InvalidField(field, "was used already: wait for your authenticator app to show the next code")
	case auth.TOTPExpired:
		return loupe.InvalidField(field, "has expired: enter the code your authenticator app shows now")
	case auth.TOTPEarly:
		return loupe.InvalidField(field, "is not valid yet: check that your device's clock is right")
	}
	return loupe.InvalidField(field, "is not the code your authenticator app shows")
}

// FactorProof confirms the removal of a user's last second factor: their password, or a current
// code (of the authenticator app, or a recovery code).
type FactorProof struct {
	Password string
	Code     string
}

// checkRemoval lets a second factor go. The last one needs proof: a stolen session alone must not
// strip an account of its second factor.
func (s *Service) checkRemoval(ctx context.Context, tx *store.Tx, u loupe.User, f loupe.MFAFactors, proof FactorProof) error {
	if f.Count() > 1 {
		return nil
	}
	switch {
	case proof.Password != "":
		ok, err := auth.VerifyPassword(proof.Password, u.PasswordHash)
		if err != nil {
			return loupe.Wrap(err, "verify password")
		}
		if !ok {
			return loupe.InvalidField("password", "is not your password")
		}
		return nil
	case proof.Code != "":
		if c := auth.NormalizeTOTPCode(proof.Code); auth.IsTOTPCode(c) {
			if f.TOTP == nil {
				return loupe.InvalidField("code", "you have no authenticator app: give your password or a recovery code")
			}
			return s.useTOTPCode(ctx, tx, *f.TOTP, "code", c)
		}
		return s.useRecoveryCode(ctx, tx, u.ID, "code", proof.Code)
	}
	return loupe.InvalidField("password", "is required to remove your last second factor (or give a current code)")
}

// afterRemoval drops the recovery codes of an account left without a second factor: they stand in
// for one, and would otherwise let a sign-in through with a code alone.
func afterRemoval(ctx context.Context, tx *store.Tx, userID loupe.ID, f loupe.MFAFactors) error {
	if f.Count() > 1 {
		return nil
	}
	if err := tx.DeleteRecoveryCodes(ctx, userID); err != nil {
		return err
	}
	return tx.DeleteMFAChallenges(ctx, userID)
}

// ResetMemberMFA removes every second factor of a member, for one who lost theirs. Only a workspace
// admin may, only for an internal member (the organization owns the account), and never their own
// this way. The member then signs in with their password alone, and enrolls again where the
// workspace requires it.
func (s *Service) ResetMemberMFA(ctx context.Context, workspaceID, userID loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		pr, err := principal(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		m, err := tx.Membership(ctx, workspaceID, userID)
		if err != nil {
			return err
		}
		// Resetting a member's second factors is an admin's action, as changing the workspace's settings is.
		if err := access.Check(pr, access.UpdateWorkspace, access.Resource{WorkspaceID: workspaceID, TargetUserID: userID, TargetRole: m.Role}); err != nil {
			if loupe.IsCode(err, loupe.Forbidden) {
				return loupe.Errorf(loupe.Forbidden, "only workspace admins may reset a member's two-factor authentication")
			}
			return err
		}
		if userID == pr.UserID {
			return loupe.Errorf(loupe.Forbidden, "you cannot reset your own two-factor authentication here: manage it on your account page")
		}
		if m.Type != loupe.UserInternal {
			return loupe.Errorf(loupe.Forbidden, "only an internal member's two-factor authentication can be reset by their workspace: this member's account is their own (%s)", m.Type)
		}
		f, err := tx.MFAFactors(ctx, userID)
		if err != nil {
			return err
		}
		if err := tx.DeleteTOTP(ctx, userID); err != nil {
			return err
		}
		if err := tx.DeletePasskeys(ctx, userID); err != nil {
			return err
		}
		if err := tx.DeleteRecoveryCodes(ctx, userID); err != nil {
			return err
		}
		if err := tx.DeleteMFAChallenges(ctx, userID); err != nil {
			return err
		}
		u, err := tx.User(ctx, userID)
		if err != nil {
			return err
		}
		// Recorded in this workspace only: the admin acted for it, and their name is not another
		// workspace's business.
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "mfa.reset", TargetType: "user", TargetID: userID.String(),
			Detail: map[string]any{"email": u.Email, "totp": f.TOTP != nil, "passkeys": len(f.Passkeys), "recovery_codes_left": f.RecoveryCodesLeft}})
	})
}

// auditMFA records a change to a user's second factors in every workspace they belong to, in tx:
// each workspace's admins see what happens to their members' sign-in.
func (s *Service) auditMFA(ctx context.Context, tx *store.Tx, u loupe.User, action string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["email"] = u.Email
	return s.auditMembers(ctx, tx, u.ID, AuditEvent{Action: action, TargetType: "user", TargetID: u.ID.String(), Detail: detail, Actor: &u})
}

// checkRequireMFA refuses to require a second factor from a workspace's members while the admin
// who asks has none: they would lock themselves out with their next request.
func (s *Service) checkRequireMFA(ctx context.Context, tx *store.Tx, ws loupe.Workspace, required bool) error {
	if !required || ws.MFARequired {
		return nil
	}
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	f, err := tx.MFAFactors(ctx, a.User.ID)
	if err != nil {
		return err
	}
	if !f.Enrolled() {
		return loupe.InvalidField("mfa_required", "add an authenticator app or a passkey to your own account first: requiring two-factor authentication without one would lock you out")
	}
	return nil
}
