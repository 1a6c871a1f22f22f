package store

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// Second factors: authenticator apps (TOTP), recovery codes, passkeys, the ceremonies between the
// steps of a passkey registration, and sign-ins waiting for their second factor. Accounts are
// global, so every query here is scoped by user rather than by workspace.

const totpColumns = `id, user_id, sealed_secret, wrapped_key, last_step, created_at, confirmed_at`

func scanTOTP(s scanner) (a loupe.TOTPAuthenticator, err error) {
	return a, s.Scan(&a.ID, &a.UserID, &a.SealedSecret, &a.WrappedKey, &a.LastStep, utc{&a.CreatedAt}, nullUTC{&a.ConfirmedAt})
}

// TOTP returns a user's confirmed authenticator app, or when pending is true the one shown to
// them and not yet confirmed.
func (t *Tx) TOTP(ctx context.Context, userID loupe.ID, pending bool) (loupe.TOTPAuthenticator, error) {
	cond := `confirmed_at IS NOT NULL`
	if pending {
		cond = `confirmed_at IS NULL`
	}
	a, err := scanTOTP(t.queryRow(ctx, `SELECT `+totpColumns+` FROM mfa_totp WHERE user_id = $1 AND `+cond, userID))
	a, err = one(a, err, "no authenticator app")
	if err != nil && !loupe.IsCode(err, loupe.NotFound) {
		err = loupe.Wrap(err, "read authenticator app")
	}
	return a, err
}

// PutPendingTOTP replaces a user's pending authenticator app with a.
func (t *Tx) PutPendingTOTP(ctx context.Context, a *loupe.TOTPAuthenticator) error {
	if _, err := t.exec(ctx, `DELETE FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NULL`, a.UserID); err != nil {
		return loupe.Wrap(err, "delete pending authenticator app")
	}
	_, err := t.exec(ctx, `INSERT INTO mfa_totp (`+totpColumns+`) VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
		a.ID, a.UserID, a.SealedSecret, a.WrappedKey, a.LastStep, a.CreatedAt)
	return loupe.Wrap(err, "insert pending authenticator app")
}

// ConfirmTOTP makes a user's pending authenticator app the confirmed one, replacing any earlier
// one, with the step of the code that confirmed it as used.
func (t *Tx) ConfirmTOTP(ctx context.Context, userID, id loupe.ID, step int64, at time.Time) error {
	if _, err := t.exec(ctx, `DELETE FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`, userID); err != nil {
		return loupe.Wrap(err, "delete replaced authenticator app")
	}
	return loupe.Wrap(t.execOne(ctx, "the authenticator app to confirm is gone; start again",
		`UPDATE mfa_totp SET confirmed_at = $3, last_step = $4 WHERE user_id = $1 AND id = $2 AND confirmed_at IS NULL`, userID, id, at, step), "confirm authenticator app")
}

// UseTOTPStep records that a code of step was accepted, and reports false when a code of that
// step or a later one already was: the check and the write are one statement, so two requests
// racing with the same code cannot both win.
func (t *Tx) UseTOTPStep(ctx context.Context, id loupe.ID, step int64) (bool, error) {
	res, err := t.exec(ctx, `UPDATE mfa_totp SET last_step = $2 WHERE id = $1 AND last_step < $2`, id, step)
	if err != nil {
		return false, loupe.Wrap(err, "use authenticator code")
	}
	n, err := res.RowsAffected()
	return n == 1, loupe.Wrap(err, "rows affected")
}

// DeleteTOTP removes a user's authenticator apps, confirmed and pending.
func (t *Tx) DeleteTOTP(ctx context.Context, userID loupe.ID) error {
	_, err := t.exec(ctx, `DELETE FROM mfa_totp WHERE user_id = $1`, userID)
	return loupe.Wrap(err, "delete authenticator app")
}

// AllTOTPKeys lists the wrapped data key of every authenticator app, for a master key rotation.
func (t *Tx) AllTOTPKeys(ctx context.Context) ([]loupe.TOTPAuthenticator, error) {
	as, err := list(ctx, t, scanTOTP, `SELECT `+totpColumns+` FROM mfa_totp ORDER BY id`)
	return as, loupe.Wrap(err, "list authenticator apps")
}

// RewrapTOTPKey saves an authenticator app's data key wrapped under another master key.
func (t *Tx) RewrapTOTPKey(ctx context.Context, id loupe.ID, wrapped []byte) error {
	return loupe.Wrap(t.execOne(ctx, "authenticator app not found", `UPDATE mfa_totp SET wrapped_key = $2 WHERE id = $1`, id, wrapped), "rewrap authenticator key")
}

// ReplaceRecoveryCodes drops a user's recovery codes and stores the hashes of new ones.
func (t *Tx) ReplaceRecoveryCodes(ctx context.Context, userID loupe.ID, hashes [][]byte, at time.Time) error {
	if err := t.DeleteRecoveryCodes(ctx, userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := t.exec(ctx, `INSERT INTO mfa_recovery_codes (id, user_id, code_hash, created_at) VALUES ($1, $2, $3, $4)`,
			loupe.NewID(), userID, h, at); err != nil {
			return loupe.Wrap(err, "insert recovery code")
		}
	}
	return nil
}

// RecoveryCodes lists a user's recovery codes, used and unused.
func (t *Tx) RecoveryCodes(ctx context.Context, userID loupe.ID) ([]loupe.RecoveryCode, error) {
	cs, err := list(ctx, t, func(s scanner) (c loupe.RecoveryCode, err error) {
		return c, s.Scan(&c.ID, &c.UserID, &c.Hash, utc{&c.CreatedAt}, nullUTC{&c.UsedAt})
	}, `SELECT id, user_id, code_hash, created_at, used_at FROM mfa_recovery_codes WHERE user_id = $1 ORDER BY id`, userID)
	return cs, loupe.Wrap(err, "list recovery codes")
}

// UseRecoveryCode marks a recovery code used, and reports false when it already was.
func (t *Tx) UseRecoveryCode(ctx context.Context, id loupe.ID, at time.Time) (bool, error) {
	res, err := t.exec(ctx, `UPDATE mfa_recovery_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL`, id, at)
	if err != nil {
		return false, loupe.Wrap(err, "use recovery code")
	}
	n, err := res.RowsAffected()
	return n == 1, loupe.Wrap(err, "rows affected")
}

// DeleteRecoveryCodes removes every recovery code of a user.
func (t *Tx) DeleteRecoveryCodes(ctx context.Context, userID loupe.ID) error {
	_, err := t.exec(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, userID)
	return loupe.Wrap(err, "delete recovery codes")
}

const passkeyColumns = `id, user_id, credential_id, name, credential, created_at, last_used_at`

func scanPasskey(s scanner) (p loupe.Passkey, err error) {
	var cred string
	err = s.Scan(&p.ID, &p.UserID, &p.CredentialID, &p.Name, &cred, utc{&p.CreatedAt}, nullUTC{&p.LastUsedAt})
	p.Credential = []byte(cred)
	return p, err
}

// CreatePasskey stores a new WebAuthn credential. One registered already (by anyone) is a Conflict.
func (t *Tx) CreatePasskey(ctx context.Context, p *loupe.Passkey) error {
	_, err := t.exec(ctx, `INSERT INTO webauthn_credentials (`+passkeyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		p.ID, p.UserID, p.CredentialID, p.Name, string(p.Credential), p.CreatedAt, p.LastUsedAt)
	if isViolation(err, uniqueViolation) {
		return loupe.Errorf(loupe.Conflict, "this passkey is registered already")
	}
	return loupe.Wrap(err, "insert passkey")
}

// Passkeys lists a user's WebAuthn credentials, oldest first.
func (t *Tx) Passkeys(ctx context.Context, userID loupe.ID) ([]loupe.Passkey, error) {
	ps, err := list(ctx, t, scanPasskey, `SELECT `+passkeyColumns+` FROM webauthn_credentials WHERE user_id = $1 ORDER BY id`, userID)
	if ps == nil {
		ps = []loupe.Passkey{}
	}
	return ps, loupe.Wrap(err, "list passkeys")
}

// Passkey returns one of a user's WebAuthn credentials.
func (t *Tx) Passkey(ctx context.Context, userID, id loupe.ID) (loupe.Passkey, error) {
	p, err := scanPasskey(t.queryRow(ctx, `SELECT `+passkeyColumns+` FROM webauthn_credentials WHERE user_id = $1 AND id = $2`, userID, id))
	p, err = one(p, err, "passkey not found")
	if err != nil && !loupe.IsCode(err, loupe.NotFound) {
		err = loupe.Wrap(err, "read passkey")
	}
	return p, err
}

// RenamePasskey changes the name of one of a user's passkeys.
func (t *Tx) RenamePasskey(ctx context.Context, userID, id loupe.ID, name string) error {
	return loupe.Wrap(t.execOne(ctx, "passkey not found", `UPDATE webauthn_credentials SET name = $3 WHERE user_id = $1 AND id = $2`, userID, id, name), "rename passkey")
}

// UsePasskey saves a passkey's record after a sign-in (its sign count moves) and when it was used.
func (t *Tx) UsePasskey(ctx context.Context, id loupe.ID, credential []byte, at time.Time) error {
	return loupe.Wrap(t.execOne(ctx, "passkey not found", `UPDATE webauthn_credentials SET credential = $2, last_used_at = $3 WHERE id = $1`,
		id, string(credential), at), "use passkey")
}

// DeletePasskey removes one of a user's passkeys.
func (t *Tx) DeletePasskey(ctx context.Context, userID, id loupe.ID) error {
	return loupe.Wrap(t.execOne(ctx, "passkey not found", `DELETE FROM webauthn_credentials WHERE user_id = $1 AND id = $2`, userID, id), "delete passkey")
}

// DeletePasskeys removes every passkey of a user.
func (t *Tx) DeletePasskeys(ctx context.Context, userID loupe.ID) error {
	_, err := t.exec(ctx, `DELETE FROM webauthn_credentials WHERE user_id = $1`, userID)
	return loupe.Wrap(err, "delete passkeys")
}

// MFAFactors reads which second factors a user has.
func (t *Tx) MFAFactors(ctx context.Context, userID loupe.ID) (loupe.MFAFactors, error) {
	var f loupe.MFAFactors
	a, err := t.TOTP(ctx, userID, false)
	switch {
	case err == nil:
		f.TOTP = &a
	case !loupe.IsCode(err, loupe.NotFound):
		return f, err
	}
	if f.Passkeys, err = t.Passkeys(ctx, userID); err != nil {
		return f, err
	}
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&f.RecoveryCodesLeft); err != nil {
		return f, loupe.Wrap(err, "count recovery codes")
	}
	var made time.Time
	err = t.queryRow(ctx, `SELECT created_at FROM mfa_recovery_codes WHERE user_id = $1 ORDER BY id LIMIT 1`, userID).Scan(utc{&made})
	if _, err = one(made, err, ""); err == nil {
		f.RecoveryCodesCreatedAt = &made
	} else if !loupe.IsCode(err, loupe.NotFound) {
		return f, loupe.Wrap(err, "read recovery codes")
	}
	return f, nil
}

// MFABlocked reports whether a workspace requires a second factor that the user lacks.
func (t *Tx) MFABlocked(ctx context.Context, workspaceID, userID loupe.ID) (bool, error) {
	var blocked bool
	err := t.queryRow(ctx, `SELECT w.mfa_required AND NOT (
			EXISTS (SELECT 1 FROM mfa_totp a WHERE a.user_id = $2 AND a.confirmed_at IS NOT NULL)
			OR EXISTS (SELECT 1 FROM webauthn_credentials c WHERE c.user_id = $2))
		FROM workspaces w WHERE w.id = $1`, workspaceID, userID).Scan(&blocked)
	blocked, err = one(blocked, err, "workspace not found")
	if err != nil && !loupe.IsCode(err, loupe.NotFound) {
		err = loupe.Wrap(err, "read the workspace's MFA rule")
	}
	return blocked, err
}

// WorkspacesRequiringMFA lists the workspaces a user belongs to that require a second factor.
func (t *Tx) WorkspacesRequiringMFA(ctx context.Context, userID loupe.ID) ([]loupe.Workspace, error) {
	ws, err := list(ctx, t, func(s scanner) (w loupe.Workspace, err error) { return w, s.Scan(&w.ID, &w.Name) },
		`SELECT w.id, w.name FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
		WHERE m.user_id = $1 AND w.mfa_required ORDER BY w.name, w.id`, userID)
	if ws == nil {
		ws = []loupe.Workspace{}
	}
	return ws, loupe.Wrap(err, "list workspaces requiring MFA")
}

// CreateWebAuthnCeremony stores a passkey registration between its steps.
func (t *Tx) CreateWebAuthnCeremony(ctx context.Context, c *loupe.WebAuthnCeremony) error {
	_, err := t.exec(ctx, `INSERT INTO webauthn_ceremonies (id, user_id, session, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ID, c.UserID, string(c.Session), c.CreatedAt, c.ExpiresAt)
	return loupe.Wrap(err, "insert passkey ceremony")
}

// TakeWebAuthnCeremony returns one of a user's registration ceremonies and deletes it: each is
// finished at most once.
func (t *Tx) TakeWebAuthnCeremony(ctx context.Context, userID, id loupe.ID) (loupe.WebAuthnCeremony, error) {
	var c loupe.WebAuthnCeremony
	var session string
	err := t.queryRow(ctx, `SELECT id, user_id, session, created_at, expires_at FROM webauthn_ceremonies WHERE user_id = $1 AND id = $2`+t.d.forUpdate(), userID, id).
		Scan(&c.ID, &c.UserID, &session, utc{&c.CreatedAt}, utc{&c.ExpiresAt})
	c.Session = []byte(session)
	if c, err = one(c, err, "this passkey registration is unknown or was finished already; start again"); err != nil {
		if !loupe.IsCode(err, loupe.NotFound) {
			err = loupe.Wrap(err, "read passkey ceremony")
		}
		return c, err
	}
	_, err = t.exec(ctx, `DELETE FROM webauthn_ceremonies WHERE id = $1`, id)
	return c, loupe.Wrap(err, "delete passkey ceremony")
}

// CreateMFAChallenge stores a sign-in waiting for its second factor, with the hash of its token.
func (t *Tx) CreateMFAChallenge(ctx context.Context, c *loupe.MFAChallenge, tokenHash string) error {
	_, err := t.exec(ctx, `INSERT INTO mfa_challenges (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ID, c.UserID, tokenHash, c.CreatedAt, c.ExpiresAt)
	return loupe.Wrap(err, "insert sign-in challenge")
}

// MFAChallengeByTokenHash returns the sign-in a challenge token continues, with its user.
func (t *Tx) MFAChallengeByTokenHash(ctx context.Context, tokenHash string) (loupe.MFAChallenge, loupe.User, error) {
	var c loupe.MFAChallenge
	var u loupe.User
	var session *string
	err := t.queryRow(ctx, `SELECT c.id, c.user_id, c.created_at, c.expires_at, c.webauthn_session, `+userColumns+`
		FROM mfa_challenges c JOIN users u ON u.id = c.user_id WHERE c.token_hash = $1`, tokenHash).
		Scan(&c.ID, &c.UserID, utc{&c.CreatedAt}, utc{&c.ExpiresAt}, &session, &u.ID, &u.Email, &u.Name, &u.PasswordHash, utc{&u.CreatedAt}, utc{&u.UpdatedAt})
	if session != nil {
		c.WebAuthnSession = []byte(*session)
	}
	c, err = one(c, err, "sign-in challenge not found")
	if err != nil && !loupe.IsCode(err, loupe.NotFound) {
		err = loupe.Wrap(err, "read sign-in challenge")
	}
	return c, u, err
}

// SetMFAChallengeWebAuthn keeps the passkey assertion begun for a sign-in.
func (t *Tx) SetMFAChallengeWebAuthn(ctx context.Context, id loupe.ID, session []byte) error {
	return loupe.Wrap(t.execOne(ctx, "sign-in challenge not found", `UPDATE mfa_challenges SET webauthn_session = $2 WHERE id = $1`, id, string(session)),
		"save passkey assertion")
}

// ConsumeMFAChallenge deletes a challenge as its sign-in completes. Of two requests completing
// the same challenge, the second gets NotFound.
func (t *Tx) ConsumeMFAChallenge(ctx context.Context, id loupe.ID) error {
	return t.execOne(ctx, "sign-in challenge not found", `DELETE FROM mfa_challenges WHERE id = $1`, id)
}

// DeleteMFAChallenges drops every pending sign-in of a user.
func (t *Tx) DeleteMFAChallenges(ctx context.Context, userID loupe.ID) error {
	_, err := t.exec(ctx, `DELETE FROM mfa_challenges WHERE user_id = $1`, userID)
	return loupe.Wrap(err, "delete sign-in challenges")
}

// DeleteStaleMFA removes sign-in challenges and passkey ceremonies that expired before now, and
// authenticator apps shown but left unconfirmed since before pendingSince.
func (t *Tx) DeleteStaleMFA(ctx context.Context, now, pendingSince time.Time) error {
	if _, err := t.exec(ctx, `DELETE FROM mfa_challenges WHERE expires_at <= $1`, now); err != nil {
		return loupe.Wrap(err, "delete expired sign-in challenges")
	}
	if _, err := t.exec(ctx, `DELETE FROM webauthn_ceremonies WHERE expires_at <= $1`, now); err != nil {
		return loupe.Wrap(err, "delete expired passkey ceremonies")
	}
	_, err := t.exec(ctx, `DELETE FROM mfa_totp WHERE confirmed_at IS NULL AND created_at <= $1`, pendingSince)
	return loupe.Wrap(err, "delete unconfirmed authenticator apps")
}
