package service

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// The ways a sign-in's second step may go.
const (
	MethodTOTP         = "totp"
	MethodWebAuthn     = "webauthn"
	MethodRecoveryCode = "recovery_code"
)

// SecondFactorNeeded answers a right password of an account with a second factor: the challenge
// token that CompleteSignIn takes with the second factor, within a few minutes, once.
type SecondFactorNeeded struct {
	Challenge string
	ExpiresAt time.Time
	// Methods are the second factors the account can answer with.
	Methods []string
}

func (s *Service) newMFAChallenge(ctx context.Context, tx *store.Tx, u loupe.User, f loupe.MFAFactors) (*SecondFactorNeeded, error) {
	token, hash := auth.NewToken()
	now := s.clock()
	ch := loupe.MFAChallenge{ID: loupe.NewID(), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(mfaChallengeLifetime)}
	if err := tx.CreateMFAChallenge(ctx, &ch, hash); err != nil {
		return nil, err
	}
	out := &SecondFactorNeeded{Challenge: token, ExpiresAt: ch.ExpiresAt, Methods: []string{}}
	if f.TOTP != nil {
		out.Methods = append(out.Methods, MethodTOTP)
	}
	if len(f.Passkeys) > 0 {
		out.Methods = append(out.Methods, MethodWebAuthn)
	}
	if f.RecoveryCodesLeft > 0 {
		out.Methods = append(out.Methods, MethodRecoveryCode)
	}
	return out, nil
}

// pendingSignIn returns the sign-in a challenge token continues, or why it cannot go on.
func (s *Service) pendingSignIn(ctx context.Context, tx *store.Tx, token string) (loupe.MFAChallenge, loupe.User, error) {
	if token == "" {
		return loupe.MFAChallenge{}, loupe.User{}, loupe.InvalidField("challenge", "is required: it is what the password step answered")
	}
	ch, u, err := tx.MFAChallengeByTokenHash(ctx, auth.HashToken(token))
	if loupe.IsCode(err, loupe.NotFound) {
		return ch, u, loupe.Errorf(loupe.Unauthenticated, "this sign-in is no longer valid (it was completed already, or never began): sign in with your password again")
	}
	if err != nil {
		return ch, u, err
	}
	if !s.clock().Before(ch.ExpiresAt) {
		return ch, u, loupe.Errorf(loupe.Unauthenticated, "this sign-in has expired: the second factor must follow the password within %s; sign in with your password again", mfaChallengeLifetime)
	}
	return ch, u, nil
}

// throttled refuses a sign-in step while an account or an address has failed too often.
func (s *Service) throttled(ctx context.Context, tx *store.Tx, email, ip string) error {
	byEmail, byIP, err := tx.SignInFailures(ctx, email, ip, s.clock().Add(-s.cfg.Throttle.Window))
	if err != nil {
		return err
	}
	if byEmail >= s.cfg.Throttle.PerAccount || byIP >= s.cfg.Throttle.PerAddress {
		return &loupe.Error{Code: loupe.TooManyRequests, RetryAfterSeconds: int(s.cfg.Throttle.Window.Seconds()),
			Message: "too many failed sign-ins; try again in " + s.cfg.Throttle.Window.String()}
	}
	return nil
}

// BeginPasskeySignIn starts the passkey step of a sign-in: it returns the options for the
// browser's navigator.credentials.get, as JSON.
func (s *Service) BeginPasskeySignIn(ctx context.Context, challenge string) (json.RawMessage, error) {
	var opts json.RawMessage
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		ch, u, err := s.pendingSignIn(ctx, tx, challenge)
		if err != nil {
			return err
		}
		opts, err = s.beginPasskeyAssertion(ctx, tx, ch, u)
		return err
	})
	return opts, err
}

// SecondFactor is the second step of a sign-in: the challenge and exactly one factor.
type SecondFactor struct {
	Challenge string
	// Code is a code of the authenticator app.
	Code         string
	RecoveryCode string
	// WebAuthn is the browser's answer to the passkey request, as JSON.
	WebAuthn []byte
}

// CompleteSignIn checks the second factor of a sign-in and opens its session. The challenge works
// once; a wrong factor counts as a failed sign-in, for the same throttle as a wrong password.
func (s *Service) CompleteSignIn(ctx context.Context, in SecondFactor, c Client) (SignedIn, error) {
	given := 0
	for _, ok := range []bool{in.Code != "", in.RecoveryCode != "", len(in.WebAuthn) > 0} {
		if ok {
			given++
		}
	}
	switch {
	case given == 0:
		return SignedIn{}, loupe.InvalidField("code", "is required: give the code your authenticator app shows, a recovery code, or a passkey's answer")
	case given > 1:
		return SignedIn{}, loupe.Errorf(loupe.Invalid, "give one second factor: a code, a recovery code or a passkey's answer, not several")
	}
	var out SignedIn
	var user loupe.User
	refused := false
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		ch, u, err := s.pendingSignIn(ctx, tx, in.Challenge)
		if err != nil {
			return err
		}
		user = u
		if err := s.throttled(ctx, tx, u.Email, c.IP); err != nil {
			return err
		}
		if err := s.checkSecondFactor(ctx, tx, ch, u, in); err != nil {
			refused = loupe.IsCode(err, loupe.Invalid)
			return err
		}
		if err := tx.ConsumeMFAChallenge(ctx, ch.ID); err != nil {
			if loupe.IsCode(err, loupe.NotFound) {
				return loupe.Errorf(loupe.Unauthenticated, "this sign-in was completed already: sign in with your password again")
			}
			return err
		}
		if err := tx.ClearSignInFailures(ctx, u.Email); err != nil {
			return err
		}
		out, err = s.openSession(ctx, tx, &u, c)
		return err
	})
	if refused {
		// A wrong second factor after a right password says the password may be known to someone else.
		werr := s.store.Write(ctx, func(tx *store.Tx) error {
			if err := tx.RecordSignInFailure(ctx, user.Email, c.IP, s.clock()); err != nil {
				return err
			}
			return s.auditMembers(ctx, tx, user.ID, AuditEvent{Action: "mfa.sign_in_refused", TargetType: "user", TargetID: user.ID.String(),
				Actor: &user, IP: c.IP, Detail: map[string]any{"email": user.Email, "reason": safeMessage(err)}})
		})
		if werr != nil {
			return SignedIn{}, werr
		}
	}
	return out, err
}

func (s *Service) checkSecondFactor(ctx context.Context, tx *store.Tx, ch loupe.MFAChallenge, u loupe.User, in SecondFactor) error {
	switch {
	case in.Code != "":
		a, err := tx.TOTP(ctx, u.ID, false)
		if loupe.IsCode(err, loupe.NotFound) {
			return loupe.InvalidField("code", "you have no authenticator app: use a passkey or a recovery code")
		}
		if err != nil {
			return err
		}
		return s.useTOTPCode(ctx, tx, a, "code", in.Code)
	case in.RecoveryCode != "":
		return s.useRecoveryCode(ctx, tx, u.ID, "recovery_code", in.RecoveryCode)
	}
	return s.usePasskeyAssertion(ctx, tx, ch, u, in.WebAuthn)
}

// safeMessage is the client-safe message of an error, for an audit entry's detail.
func safeMessage(err error) string {
	var le *loupe.Error
	if errors.As(err, &le) {
		return le.Message
	}
	return "internal error"
}
