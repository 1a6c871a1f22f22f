package auth

import (
	"math"
	"strings"
	"testing"
)

func TestAPIKey_FormAndHash(t *testing.T) {
	t.Parallel()
	key, prefix, hash := NewAPIKey()
	if !strings.HasPrefix(key, "loupe_"+prefix+"_") || len(prefix) != APIKeyPrefixLen {
		t.Fatalf("key %q does not read loupe_<%d-char prefix>_<secret>", key, APIKeyPrefixLen)
	}
	if bits := float64(apiKeySecretLen) * math.Log2(62); bits < 256 {
		t.Fatalf("the secret carries %.1f bits, want at least 256", bits)
	}
	if strings.Contains(hash, prefix) || strings.Contains(hash, key[len(key)-20:]) || len(hash) != 64 {
		t.Fatalf("hash %q is not a SHA-256 hex digest apart from the key", hash)
	}
	if got, ok := ParseAPIKey(key); !ok || got != prefix {
		t.Fatalf("ParseAPIKey(%q) = %q, %v", key, got, ok)
	}
	if !APIKeyMatches(key, hash) {
		t.Fatal("a key does not match its own hash")
	}
	other, _, otherHash := NewAPIKey()
	if other == key || otherHash == hash || APIKeyMatches(other, hash) {
		t.Fatal("two keys are alike")
	}
}

func TestParseAPIKey_RefusesWhatIsNotAKey(t *testing.T) {
	t.Parallel()
	key, _, _ := NewAPIKey()
	for _, bad := range []string{"", "loupe_", key[:len(key)-1], key + "x", "loupe-" + key[6:],
		strings.Replace(key, "_", "-", 2), key[:10] + "!" + key[11:], "token_" + key[6:]} {
		if _, ok := ParseAPIKey(bad); ok {
			t.Errorf("ParseAPIKey(%q) accepted it", bad)
		}
	}
}

// TestRandomBase62_Uniform draws enough characters that a biased alphabet would show.
func TestRandomBase62_Uniform(t *testing.T) {
	t.Parallel()
	counts := map[rune]int{}
	const n = 62 * 2000
	for _, c := range randomBase62(n) {
		counts[c]++
	}
	if len(counts) != 62 {
		t.Fatalf("%d distinct characters, want 62", len(counts))
	}
	for c, k := range counts {
		if k < 1700 || k > 2300 {
			t.Errorf("%q drawn %d times of %d, want about 2000", c, k, n)
		}
	}
}
