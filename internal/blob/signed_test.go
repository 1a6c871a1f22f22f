package blob

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

func TestURLToken(t *testing.T) {
	t.Parallel()
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tok := URLToken{WorkspaceID: loupe.NewID(), DatasetID: loupe.NewID(), ItemID: loupe.NewID(), KeyVersion: 3, Expires: now.Add(15 * time.Minute)}
	s := tok.Sign(key)
	got, err := Verify(s, key, now)
	if err != nil || got != tok {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, tok)
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	dot := strings.IndexByte(s, '.')
	for name, c := range map[string]struct {
		token string
		key   []byte
		now   time.Time
		want  error
	}{
		"expired":      {s, key, now.Add(15 * time.Minute), ErrExpired},
		"other item":   {flip(s, 40), key, now, ErrBadToken},
		"longer life":  {flip(s, dot-2), key, now, ErrBadToken},
		"tampered sig": {flip(s, len(s)-3), key, now, ErrBadToken},
		"other key":    {s, []byte("another key of thirty-two bytes."), now, ErrBadToken},
		"no signature": {s[:dot], key, now, ErrBadToken},
		"garbage":      {"hello.world", key, now, ErrBadToken},
		"empty":        {"", key, now, ErrBadToken},
	} {
		if _, err := Verify(c.token, c.key, c.now); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}

func FuzzParseURLToken(f *testing.F) {
	f.Add("abc.def")
	f.Fuzz(func(t *testing.T, s string) {
		Verify(s, []byte("0123456789abcdef0123456789abcdef"), time.Now())
	})
}
