package blob

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// URLToken is what a signed URL to Loupe's own storage grants: one item, until it expires. Loupe
// signs it with a key derived from the workspace's key, so that every replica can check it and
// nothing else is needed to serve the blob.
type URLToken struct {
	WorkspaceID loupe.ID
	DatasetID   loupe.ID
	ItemID      loupe.ID
	KeyVersion  int
	Expires     time.Time
}

const tokenPayloadSize = 16*3 + 4 + 8

// ErrBadToken covers every way a signed URL can be wrong; which one is not a client's business.
var ErrBadToken = errors.New("this link is not valid: it was altered or is not a Loupe link")

// urlKey derives the signing key of a workspace key version.
func urlKey(workspaceKey []byte) []byte {
	k, err := hkdf.Key(sha256.New, workspaceKey, nil, "loupe signed blob urls", 32)
	if err != nil {
		panic("blob: hkdf: " + err.Error())
	}
	return k
}

func (t URLToken) payload() []byte {
	p := make([]byte, 0, tokenPayloadSize)
	p = append(p, t.WorkspaceID[:]...)
	p = append(p, t.DatasetID[:]...)
	p = append(p, t.ItemID[:]...)
	p = binary.BigEndian.AppendUint32(p, uint32(t.KeyVersion))
	return binary.BigEndian.AppendUint64(p, uint64(t.Expires.Unix()))
}

func mac(workspaceKey, payload []byte) []byte {
	h := hmac.New(sha256.New, urlKey(workspaceKey))
	h.Write(payload)
	return h.Sum(nil)
}

// Sign returns the token's text, safe in a URL path.
func (t URLToken) Sign(workspaceKey []byte) string {
	p := t.payload()
	enc := base64.RawURLEncoding
	return enc.EncodeToString(p) + "." + enc.EncodeToString(mac(workspaceKey, p))
}

// ParseURLToken reads a token's claims without trusting them: the caller fetches the workspace key
// they name and calls Verify.
func ParseURLToken(s string) (URLToken, error) {
	enc := base64.RawURLEncoding
	ps, _, ok := strings.Cut(s, ".")
	p, err := enc.DecodeString(ps)
	if !ok || err != nil || len(p) != tokenPayloadSize {
		return URLToken{}, ErrBadToken
	}
	var t URLToken
	copy(t.WorkspaceID[:], p[0:16])
	copy(t.DatasetID[:], p[16:32])
	copy(t.ItemID[:], p[32:48])
	t.KeyVersion = int(binary.BigEndian.Uint32(p[48:52]))
	t.Expires = time.Unix(int64(binary.BigEndian.Uint64(p[52:60])), 0).UTC()
	return t, nil
}

// Verify checks the token's signature under the workspace key it names, then its expiry.
func Verify(s string, workspaceKey []byte, now time.Time) (URLToken, error) {
	t, err := ParseURLToken(s)
	if err != nil {
		return t, err
	}
	_, sig, _ := strings.Cut(s, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(workspaceKey, t.payload())) {
		return t, ErrBadToken
	}
	if !now.Before(t.Expires) {
		return t, ErrExpired
	}
	return t, nil
}

// ErrExpired is a genuine link used too late.
var ErrExpired = errors.New("this link has expired; reload the page to get a fresh one")
