package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"strings"
)

// An API key reads loupe_<prefix>_<secret>: the prefix is shown in lists so that people tell their
// keys apart; the secret is 43 base62 characters, 256 bits of entropy. Base62 keeps the whole key
// one word, which a double click selects.
const (
	apiKeyLead      = "loupe_"
	APIKeyPrefixLen = 8
	apiKeySecretLen = 43
	base62          = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// NewAPIKey returns a fresh key, its visible prefix, and the hash the store keeps. The key itself
// is never stored. A random key of this strength needs no slow hash: SHA-256 suffices.
func NewAPIKey() (key, prefix, hash string) {
	prefix = randomBase62(APIKeyPrefixLen)
	key = apiKeyLead + prefix + "_" + randomBase62(apiKeySecretLen)
	return key, prefix, HashToken(key)
}

// ParseAPIKey returns the prefix of a key, and false when key does not have the form of one.
func ParseAPIKey(key string) (prefix string, ok bool) {
	rest, found := strings.CutPrefix(key, apiKeyLead)
	if !found || len(rest) != APIKeyPrefixLen+1+apiKeySecretLen || rest[APIKeyPrefixLen] != '_' {
		return "", false
	}
	prefix, secret := rest[:APIKeyPrefixLen], rest[APIKeyPrefixLen+1:]
	if !isBase62(prefix) || !isBase62(secret) {
		return "", false
	}
	return prefix, true
}

// APIKeyMatches reports whether key hashes to hash, comparing in constant time.
func APIKeyMatches(key, hash string) bool {
	return subtle.ConstantTimeCompare([]byte(HashToken(key)), []byte(hash)) == 1
}

// randomBase62 draws n characters uniformly: bytes of 248 and above are dropped, so that each of
// the 62 characters is equally likely (248 = 4 × 62).
func randomBase62(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic("auth: system randomness failed: " + err.Error())
		}
		for _, b := range buf {
			if b < 248 && len(out) < n {
				out = append(out, base62[b%62])
			}
		}
	}
	return string(out)
}

func isBase62(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
