package auth

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

func TestNewTOTPKey(t *testing.T) {
	t.Parallel()
	k, err := NewTOTPKey("Loupe", "ada@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Secret) != 32 { // 20 bytes in base32
		t.Fatalf("secret %q is not 160 bits", k.Secret)
	}
	u, err := url.Parse(k.URI)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" {
		t.Fatalf("URI %q is not otpauth://totp/…", k.URI)
	}
	q := u.Query()
	if q.Get("secret") != k.Secret || q.Get("issuer") != "Loupe" || q.Get("period") != "30" || q.Get("digits") != "6" {
		t.Fatalf("URI %q does not carry the secret, issuer, period and digits", k.URI)
	}
	png, ok := strings.CutPrefix(k.QRCode, "data:image/png;base64,")
	raw, err := base64.StdEncoding.DecodeString(png)
	if !ok || err != nil || !strings.HasPrefix(string(raw), "\x89PNG") {
		t.Fatalf("QR code is not a PNG data URL: %.60q", k.QRCode)
	}
	other, _ := NewTOTPKey("Loupe", "ada@acme.test")
	if other.Secret == k.Secret {
		t.Fatal("two keys share a secret")
	}
}

func TestCheckTOTP(t *testing.T) {
	t.Parallel()
	k, err := NewTOTPKey("Loupe", "ada@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 10, 0, time.UTC)
	step := TOTPStep(now)
	code := func(offset int64) string {
		c, err := totp.GenerateCode(k.Secret, now.Add(time.Duration(offset)*TOTPPeriod*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tests := []struct {
		name     string
		code     string
		lastStep int64
		want     TOTPVerdict
		wantStep int64
	}{
		{"now", code(0), 0, TOTPAccepted, step},
		{"typed with a space", code(0)[:3] + " " + code(0)[3:], 0, TOTPAccepted, step},
		{"one step ago", code(-1), 0, TOTPAccepted, step - 1},
		{"one step ahead", code(1), 0, TOTPAccepted, step + 1},
		{"two steps ago", code(-2), 0, TOTPExpired, step - 2},
		{"ten steps ago", code(-10), 0, TOTPExpired, step - 10},
		{"two steps ahead", code(2), 0, TOTPEarly, step + 2},
		{"this step, used", code(0), step, TOTPReused, step},
		{"previous step after this one was used", code(-1), step, TOTPReused, step - 1},
		{"next step after this one was used", code(1), step, TOTPAccepted, step + 1},
		{"letters", "12a456", 0, TOTPMalformed, 0},
		{"too short", "12345", 0, TOTPMalformed, 0},
		{"empty", "", 0, TOTPMalformed, 0},
	}
	for _, tt := range tests {
		got, v := CheckTOTP(k.Secret, tt.code, now, tt.lastStep)
		if v != tt.want || got != tt.wantStep {
			t.Errorf("%s: step %d verdict %d, want step %d verdict %d", tt.name, got, v, tt.wantStep, tt.want)
		}
	}
	// A code that no nearby step has is wrong. Find one (a six-digit code collides rarely).
	wrong := ""
	for n := range 10 {
		c := strings.Repeat(string(rune('0'+n)), 6)
		if _, v := CheckTOTP(k.Secret, c, now, 0); v == TOTPWrong {
			wrong = c
			break
		}
	}
	if _, v := CheckTOTP(k.Secret, wrong, now, 0); v != TOTPWrong {
		t.Fatalf("%s: verdict %d, want wrong", wrong, v)
	}
	if _, v := CheckTOTP("not base32!", code(0), now, 0); v != TOTPWrong {
		t.Fatalf("a broken secret accepted a code: verdict %d", v)
	}
}

func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	codes, hashes := NewRecoveryCodes(RecoveryCodeCount)
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 19 || strings.Count(c, "-") != 3 || seen[c] {
			t.Fatalf("code %q is malformed or repeated", c)
		}
		seen[c] = true
		n, ok := NormalizeRecoveryCode(c)
		if !ok {
			t.Fatalf("code %q does not normalize", c)
		}
		if string(HashRecoveryCode(n)) == n || len(hashes[i]) != 32 {
			t.Fatal("the hash is not a SHA-256")
		}
		if got := MatchRecoveryCode(n, hashes); got != i {
			t.Fatalf("code %d matched hash %d", i, got)
		}
		typed, _ := NormalizeRecoveryCode(" " + strings.ToUpper(strings.ReplaceAll(c, "-", " ")) + " ")
		if MatchRecoveryCode(typed, hashes) != i {
			t.Fatalf("code %q typed in capitals with spaces does not match", c)
		}
	}
	for _, bad := range []string{"", "abcd-efgh", "abcd-efgh-ijkl-mno1", "abcd-efgh-ijkl-mnopq"} {
		if _, ok := NormalizeRecoveryCode(bad); ok {
			t.Errorf("%q taken for a recovery code", bad)
		}
	}
	other, _ := NewRecoveryCodes(1)
	n, _ := NormalizeRecoveryCode(other[0])
	if MatchRecoveryCode(n, hashes) != -1 {
		t.Fatal("a code of another set matched")
	}
}
