package loupe

import "time"

// TOTPAuthenticator is an authenticator app enrolled on an account (RFC 6238). Its secret is kept
// sealed: SealedSecret is the secret under a data key of its own (AES-256-GCM), WrappedKey that
// data key under the master key.
type TOTPAuthenticator struct {
	ID           ID
	UserID       ID
	SealedSecret []byte
	WrappedKey   []byte
	// LastStep is the time step (Unix seconds / 30) of the last code accepted; codes of that step
	// or earlier are refused, so that a code works once.
	LastStep    int64
	CreatedAt   time.Time
	ConfirmedAt *time.Time
}

// RecoveryCode is a one-time code that stands in for a second factor. Only its hash is kept.
type RecoveryCode struct {
	ID        ID
	UserID    ID
	Hash      []byte
	CreatedAt time.Time
	UsedAt    *time.Time
}

// Passkey is a WebAuthn credential: a passkey or a security key. Credential is the WebAuthn
// library's record of it (public key, sign count, flags) as JSON.
type Passkey struct {
	ID           ID
	UserID       ID
	CredentialID []byte
	Name         string
	Credential   []byte
	CreatedAt    time.Time
	LastUsedAt   *time.Time
}

// WebAuthnCeremony is a passkey registration between its two steps: the challenge the server
// issued and what it must check the answer against.
type WebAuthnCeremony struct {
	ID        ID
	UserID    ID
	Session   []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// MFAChallenge is a sign-in whose password was right and that waits for its second factor. Its
// token is known only to the browser; the store keeps a hash.
type MFAChallenge struct {
	ID        ID
	UserID    ID
	CreatedAt time.Time
	ExpiresAt time.Time
	// WebAuthnSession is the assertion ceremony begun for this sign-in, if one was.
	WebAuthnSession []byte
}

// MFAFactors says which second factors an account has.
type MFAFactors struct {
	TOTP *TOTPAuthenticator
	// Passkeys are the account's WebAuthn credentials, oldest first.
	Passkeys []Passkey
	// RecoveryCodesLeft counts the unused recovery codes; RecoveryCodesCreatedAt is when they
	// were made, nil when the account has none.
	RecoveryCodesLeft      int
	RecoveryCodesCreatedAt *time.Time
}

// Enrolled reports whether the account has a second factor: a confirmed authenticator app or a
// passkey. Recovery codes alone are not one: they stand in for one.
func (f MFAFactors) Enrolled() bool { return f.TOTP != nil || len(f.Passkeys) > 0 }

// Count is how many second factors the account has.
func (f MFAFactors) Count() int {
	n := len(f.Passkeys)
	if f.TOTP != nil {
		n++
	}
	return n
}
