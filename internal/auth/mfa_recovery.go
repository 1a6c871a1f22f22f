package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"strings"
)

// RecoveryCodeCount is how many recovery codes an account gets at once.
const RecoveryCodeCount = 10

// recoveryAlphabet is base32 in lower case: no 0/1/8/9, so nothing to confuse with o, l or b.
var recoveryEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// recoveryLength is the length of a code without its dashes: 16 characters of 5 bits, 80 bits.
const recoveryLength = 16

// NewRecoveryCodes returns n fresh recovery codes, as shown ("abcd-efgh-ijkl-mnop"), and the
// hashes under which the store keeps them. The codes themselves are never stored.
func NewRecoveryCodes(n int) (codes []string, hashes [][]byte) {
	for range n {
		b := make([]byte, recoveryLength*5/8)
		if _, err := rand.Read(b); err != nil {
			panic("auth: system randomness failed: " + err.Error())
		}
		c := recoveryEncoding.EncodeToString(b)
		codes = append(codes, c[0:4]+"-"+c[4:8]+"-"+c[8:12]+"-"+c[12:16])
		hashes = append(hashes, HashRecoveryCode(c))
	}
	return codes, hashes
}

// NormalizeRecoveryCode turns what a person typed into the form that is hashed: lower case,
// without dashes and spaces. It reports false when the result cannot be a recovery code.
func NormalizeRecoveryCode(code string) (string, bool) {
	c := strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return r
	}, code)
	if len(c) != recoveryLength {
		return c, false
	}
	_, err := recoveryEncoding.DecodeString(c)
	return c, err == nil
}

// HashRecoveryCode hashes a normalized code. The codes are long and random, so a fast hash is
// right, as for session tokens.
func HashRecoveryCode(normalized string) []byte {
	sum := sha256.Sum256([]byte(normalized))
	return sum[:]
}

// MatchRecoveryCode returns the index of the hash in hashes that code (normalized) has, or -1.
// Every hash is compared, in constant time.
func MatchRecoveryCode(normalized string, hashes [][]byte) int {
	h := HashRecoveryCode(normalized)
	found := -1
	for i, c := range hashes {
		if subtle.ConstantTimeCompare(h, c) == 1 && found < 0 {
			found = i
		}
	}
	return found
}
