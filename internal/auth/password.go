// Package auth holds the primitives of signing in: password hashing and the secret tokens of
// sessions and invitations. It keeps no state.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
)

// Argon2Params are the cost parameters of argon2id. They are stored in every hash, so raising them
// later leaves old hashes verifiable.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultArgon2 follows OWASP's recommendation for argon2id (19 MiB, 2 passes, 1 lane).
var DefaultArgon2 = Argon2Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32

	MinPasswordLength = 8
	MaxPasswordLength = 256
)

// guessedAt is the zxcvbn score at or below which a password is refused: guessable in fewer than
// about a million tries, which an offline attack on a leaked hash, or a patient online one, affords.
const guessedAt = 1

// CheckPassword returns why a new password is unacceptable, or "". Besides its length, a password
// may not be one of the commonly breached ones, nor close to one: zxcvbn's lists of the most
// common passwords, words and names, shipped in the binary, catch "Password1" and "qwerty123"
// as well as "password". related are the account's own words (email, name), which a password
// should not lean on.
func CheckPassword(pw string, related ...string) string {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLength:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLength)
	case len(pw) > MaxPasswordLength:
		return fmt.Sprintf("must be at most %d bytes", MaxPasswordLength)
	}
	// zxcvbn's cost grows fast with length; the first 64 characters judge a password well enough.
	judged := pw
	if r := []rune(pw); len(r) > 64 {
		judged = string(r[:64])
	}
	r := zxcvbn.PasswordStrength(judged, related)
	if r.Score > guessedAt {
		return ""
	}
	for _, m := range r.Sequence {
		if m.Pattern == "dictionary" && m.DictionaryName == "passwords" {
			return "is one of the most common passwords, which attackers try first; choose another"
		}
		if m.Pattern == "dictionary" && m.DictionaryName == "user_inputs" {
			return "is too close to your email or name; choose another"
		}
	}
	return "is too easy to guess (common words, names, dates or patterns); make it longer or less predictable"
}

// HashPassword returns an encoded argon2id hash in the PHC string format.
func HashPassword(pw string, p Argon2Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errMalformedHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether pw matches an encoded hash, in time independent of where they differ.
func VerifyPassword(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errMalformedHash
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, errMalformedHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errMalformedHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errMalformedHash
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
