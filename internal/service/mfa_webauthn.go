package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// relyingParty is Loupe as WebAuthn sees it: its RP ID is the host of the configured base URL, and
// the only origin it accepts is the base URL's. Ceremonies are kept in the database, so any replica
// may finish what another began.
func (s *Service) relyingParty() (*webauthn.WebAuthn, error) {
	u, err := url.Parse(s.cfg.BaseURL)
	if s.cfg.BaseURL == "" || err != nil || u.Hostname() == "" {
		return nil, loupe.Errorf(loupe.Conflict, "passkeys are not available: Loupe's base URL (--base-url) is not set")
	}
	rp, err := webauthn.New(&webauthn.Config{
		RPID:                  u.Hostname(),
		RPDisplayName:         "Loupe",
		RPOrigins:             []string{u.Scheme + "://" + u.Host},
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{ResidentKey: protocol.ResidentKeyRequirementPreferred,
			UserVerification: protocol.VerificationPreferred},
	})
	return rp, loupe.Wrap(err, "configure WebAuthn for %s", s.cfg.BaseURL)
}

// webauthnUser is an account as the WebAuthn library sees it. Its user handle is the account's id.
type webauthnUser struct {
	u     loupe.User
	creds []webauthn.Credential
}

func (w webauthnUser) WebAuthnID() []byte                         { return w.u.ID[:] }
func (w webauthnUser) WebAuthnName() string                       { return w.u.Email }
func (w webauthnUser) WebAuthnDisplayName() string                { return w.u.Name }
func (w webauthnUser) WebAuthnCredentials() []webauthn.Credential { return w.creds }

// loadWebAuthnUser reads a user's passkeys as the library's records.
func loadWebAuthnUser(ctx context.Context, tx *store.Tx, u loupe.User) (webauthnUser, []loupe.Passkey, error) {
	ps, err := tx.Passkeys(ctx, u.ID)
	if err != nil {
		return webauthnUser{}, nil, err
	}
	w := webauthnUser{u: u}
	for _, p := range ps {
		var c webauthn.Credential
		if err := json.Unmarshal(p.Credential, &c); err != nil {
			return w, nil, loupe.Wrap(err, "decode passkey %s", p.ID)
		}
		w.creds = append(w.creds, c)
	}
	return w, ps, nil
}

// webauthnRefusal says why the library refused a browser's answer, in its client-safe words.
func webauthnRefusal(field, what string, err error) error {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		msg := pe.Details
		if pe.DevInfo != "" {
			msg += " (" + pe.DevInfo + ")"
		}
		return loupe.InvalidField(field, "%s: %s", what, strings.TrimSpace(msg))
	}
	return loupe.InvalidField(field, "%s", what)
}

// PasskeyRegistration is a begun registration: the ceremony to finish, and the options for the
// browser's navigator.credentials.create, as JSON (binary values in base64url).
type PasskeyRegistration struct {
	CeremonyID loupe.ID
	Options    json.RawMessage
}

// BeginPasskeyRegistration starts registering a passkey or security key for the actor.
func (s *Service) BeginPasskeyRegistration(ctx context.Context) (PasskeyRegistration, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return PasskeyRegistration{}, err
	}
	rp, err := s.relyingParty()
	if err != nil {
		return PasskeyRegistration{}, err
	}
	var out PasskeyRegistration
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		user, _, err := loadWebAuthnUser(ctx, tx, a.User)
		if err != nil {
			return err
		}
		creation, session, err := rp.BeginRegistration(user,
			webauthn.WithExclusions(webauthn.Credentials(user.creds).CredentialDescriptors()),
			webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementPreferred))
		if err != nil {
			return loupe.Wrap(err, "begin passkey registration")
		}
		c := loupe.WebAuthnCeremony{ID: loupe.NewID(), UserID: a.User.ID, CreatedAt: s.clock()}
		c.ExpiresAt = c.CreatedAt.Add(ceremonyLifetime)
		if c.Session, err = json.Marshal(session); err != nil {
			return loupe.Wrap(err, "encode passkey ceremony")
		}
		if out.Options, err = json.Marshal(creation); err != nil {
			return loupe.Wrap(err, "encode passkey options")
		}
		out.CeremonyID = c.ID
		return tx.CreateWebAuthnCeremony(ctx, &c)
	})
	return out, err
}

// PasskeyAdded is a registered passkey, with the recovery codes of an account's first second factor.
type PasskeyAdded struct {
	Passkey       loupe.Passkey
	RecoveryCodes RecoveryCodes
}

// FinishPasskeyRegistration checks the browser's answer to a registration ceremony and keeps the
// passkey under name.
func (s *Service) FinishPasskeyRegistration(ctx context.Context, ceremonyID loupe.ID, name string, credential []byte) (PasskeyAdded, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return PasskeyAdded{}, err
	}
	var v loupe.Validation
	if strings.TrimSpace(name) == "" {
		name = "Passkey"
	}
	name = cleanName(&v, "name", name)
	if err := v.Err(); err != nil {
		return PasskeyAdded{}, err
	}
	rp, err := s.relyingParty()
	if err != nil {
		return PasskeyAdded{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(credential)
	if err != nil {
		return PasskeyAdded{}, webauthnRefusal("credential", "is not a browser's answer to a passkey registration", err)
	}
	var out PasskeyAdded
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		c, err := tx.TakeWebAuthnCeremony(ctx, a.User.ID, ceremonyID)
		if loupe.IsCode(err, loupe.NotFound) {
			return loupe.InvalidField("ceremony_id", "is not a passkey registration of yours that waits to be finished: start again")
		}
		if err != nil {
			return err
		}
		if !s.clock().Before(c.ExpiresAt) {
			return loupe.InvalidField("ceremony_id", "has expired (a registration waits %s): start again", ceremonyLifetime)
		}
		var session webauthn.SessionData
		if err := json.Unmarshal(c.Session, &session); err != nil {
			return loupe.Wrap(err, "decode passkey ceremony")
		}
		user, _, err := loadWebAuthnUser(ctx, tx, a.User)
		if err != nil {
			return err
		}
		cred, err := rp.CreateCredential(user, session, parsed)
		if err != nil {
			return webauthnRefusal("credential", "was refused", err)
		}
		before, err := tx.MFAFactors(ctx, a.User.ID)
		if err != nil {
			return err
		}
		p := loupe.Passkey{ID: loupe.NewID(), UserID: a.User.ID, CredentialID: cred.ID, Name: name, CreatedAt: s.clock()}
		if p.Credential, err = json.Marshal(cred); err != nil {
			return loupe.Wrap(err, "encode passkey")
		}
		if err := tx.CreatePasskey(ctx, &p); err != nil {
			return err
		}
		out.Passkey = p
		if out.RecoveryCodes, err = s.firstRecoveryCodes(ctx, tx, a.User.ID, before); err != nil {
			return err
		}
		return s.auditMFA(ctx, tx, a.User, "mfa.passkey_added", map[string]any{"passkey_id": p.ID.String(), "name": p.Name,
			"recovery_codes_issued": out.RecoveryCodes != nil})
	})
	return out, err
}

// RenamePasskey changes the name of one of the actor's passkeys.
func (s *Service) RenamePasskey(ctx context.Context, id loupe.ID, name string) (loupe.Passkey, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return loupe.Passkey{}, err
	}
	var v loupe.Validation
	name = cleanName(&v, "name", name)
	if err := v.Err(); err != nil {
		return loupe.Passkey{}, err
	}
	var p loupe.Passkey
	err = s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if err := tx.RenamePasskey(ctx, a.User.ID, id, name); err != nil {
			return err
		}
		p, err = tx.Passkey(ctx, a.User.ID, id)
		return err
	})
	return p, err
}

// RemovePasskey removes one of the actor's passkeys; the last second factor needs proof.
func (s *Service) RemovePasskey(ctx context.Context, id loupe.ID, proof FactorProof) error {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := tx.Passkey(ctx, a.User.ID, id)
		if err != nil {
			return err
		}
		u, err := tx.User(ctx, a.User.ID)
		if err != nil {
			return err
		}
		f, err := tx.MFAFactors(ctx, u.ID)
		if err != nil {
			return err
		}
		if err := s.checkRemoval(ctx, tx, u, f, proof); err != nil {
			return err
		}
		if err := tx.DeletePasskey(ctx, u.ID, id); err != nil {
			return err
		}
		if err := afterRemoval(ctx, tx, u.ID, f); err != nil {
			return err
		}
		return s.auditMFA(ctx, tx, u, "mfa.passkey_removed", map[string]any{"passkey_id": p.ID.String(), "name": p.Name, "last_factor": f.Count() == 1})
	})
}

// beginPasskeyAssertion starts the passkey step of a sign-in and keeps its ceremony in the
// challenge's row. It returns the options for navigator.credentials.get, as JSON.
func (s *Service) beginPasskeyAssertion(ctx context.Context, tx *store.Tx, ch loupe.MFAChallenge, u loupe.User) (json.RawMessage, error) {
	rp, err := s.relyingParty()
	if err != nil {
		return nil, err
	}
	user, _, err := loadWebAuthnUser(ctx, tx, u)
	if err != nil {
		return nil, err
	}
	if len(user.creds) == 0 {
		return nil, loupe.Errorf(loupe.Conflict, "you have no passkey: use your authenticator app or a recovery code")
	}
	assertion, session, err := rp.BeginLogin(user)
	if err != nil {
		return nil, loupe.Wrap(err, "begin passkey sign-in")
	}
	raw, err := json.Marshal(session)
	if err != nil {
		return nil, loupe.Wrap(err, "encode passkey ceremony")
	}
	if err := tx.SetMFAChallengeWebAuthn(ctx, ch.ID, raw); err != nil {
		return nil, err
	}
	opts, err := json.Marshal(assertion)
	return opts, loupe.Wrap(err, "encode passkey options")
}

// usePasskeyAssertion checks the browser's answer to the passkey step of a sign-in, in tx, and
// records the passkey's new sign count.
func (s *Service) usePasskeyAssertion(ctx context.Context, tx *store.Tx, ch loupe.MFAChallenge, u loupe.User, answer []byte) error {
	const field = "webauthn"
	rp, err := s.relyingParty()
	if err != nil {
		return err
	}
	if ch.WebAuthnSession == nil {
		return loupe.InvalidField(field, "answers no passkey request of this sign-in: ask for one first (POST /api/v1/auth/signin/mfa/webauthn)")
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(answer)
	if err != nil {
		return webauthnRefusal(field, "is not a browser's answer to a passkey request", err)
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(ch.WebAuthnSession, &session); err != nil {
		return loupe.Wrap(err, "decode passkey ceremony")
	}
	user, ps, err := loadWebAuthnUser(ctx, tx, u)
	if err != nil {
		return err
	}
	cred, err := rp.ValidateLogin(user, session, parsed)
	if err != nil {
		return webauthnRefusal(field, "was refused", err)
	}
	if cred.Authenticator.CloneWarning {
		return loupe.InvalidField(field, "was refused: this passkey's signature counter went backwards, a sign that it was copied; sign in another way and remove it")
	}
	for _, p := range ps {
		if bytes.Equal(p.CredentialID, cred.ID) {
			raw, err := json.Marshal(cred)
			if err != nil {
				return loupe.Wrap(err, "encode passkey")
			}
			return tx.UsePasskey(ctx, p.ID, raw, s.clock())
		}
	}
	return loupe.InvalidField(field, "was made by a passkey that is not yours")
}
