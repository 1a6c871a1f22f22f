package auth

import (
	"strings"
	"testing"
)

func TestPassword_HashAndVerify(t *testing.T) {
	t.Parallel()
	cheap := Argon2Params{Memory: 64, Time: 1, Threads: 1}
	h, err := HashPassword("correct horse battery", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q does not carry its parameters", h)
	}
	h2, _ := HashPassword("correct horse battery", cheap)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		name, pw, hash string
		ok             bool
		wantErr        bool
	}{
		{"right password", "correct horse battery", h, true, false},
		{"wrong password", "correct horse batterY", h, false, false},
		{"empty password", "", h, false, false},
		{"hash with other parameters", "pw", mustHash(t, "pw", DefaultArgon2), true, false},
		{"not argon2id", "pw", "$2a$10$abcdefghijklmnopqrstuv", false, true},
		{"truncated", "pw", h[:20], false, true},
		{"bad salt", "pw", "$argon2id$v=19$m=64,t=1,p=1$!!!$AAAA", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, err := VerifyPassword(tt.pw, tt.hash)
			if (err != nil) != tt.wantErr || ok != tt.ok {
				t.Fatalf("VerifyPassword = %v, %v; want %v, error %v", ok, err, tt.ok, tt.wantErr)
			}
		})
	}
}

func mustHash(t *testing.T, pw string, p Argon2Params) string {
	t.Helper()
	h, err := HashPassword(pw, p)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestCheckPassword(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("7Hq!zR2p", 32) // 256 bytes that follow no pattern zxcvbn knows
	tests := []struct {
		name, pw string
		related  []string
		want     string // "" accepts; otherwise a part of the reason
	}{
		{"Empty", "", nil, "at least 8"},
		{"Short", "short", nil, "at least 8"},
		{"SevenDigits", "1234567", nil, "at least 8"},
		{"Longest", long, nil, ""},
		{"TooLong", long + "x", nil, "at most 256 bytes"},
		{"TooManyBytes", strings.Repeat("é", 129), nil, "at most 256 bytes"},
		{"CommonDigits", "12345678", nil, "most common passwords"},
		{"CommonWord", "password", nil, "most common passwords"},
		{"CommonCapitalised", "Password1", nil, "most common passwords"},
		{"CommonLeet", "P@ssw0rd!", nil, "most common passwords"},
		{"CommonKeyboard", "qwerty123", nil, "most common passwords"},
		{"Sequence", "abcdefgh", nil, "too easy to guess"},
		{"Repeat", strings.Repeat("x", 12), nil, "too easy to guess"},
		{"OwnEmail", "adalovelace42", []string{"adalovelace42@acme.test", "adalovelace42"}, "email or name"},
		{"Passphrase", "correct horse battery", nil, ""},
		{"Unicode", "ünïcödé! grün", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := CheckPassword(tt.pw, tt.related...)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Fatalf("CheckPassword(%.16q…) = %q, want %q", tt.pw, got, tt.want)
			}
		})
	}
}

func TestToken(t *testing.T) {
	t.Parallel()
	tok, hash := NewToken()
	if len(tok) != 43 || HashToken(tok) != hash {
		t.Fatalf("token %q hash %q", tok, hash)
	}
	if other, _ := NewToken(); other == tok {
		t.Fatal("two tokens are equal")
	}
}
