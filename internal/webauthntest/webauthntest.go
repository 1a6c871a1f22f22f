// Package webauthntest is a software authenticator for tests: it answers the options a relying
// party gives navigator.credentials.create and .get as a security key would, with ES256 keys and
// "none" attestation, so that registration and sign-in ceremonies run end to end without a browser.
package webauthntest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
)

// Authenticator holds credentials for one origin.
type Authenticator struct {
	// Origin is what the browser would put in clientDataJSON: scheme, host and port.
	Origin string
	creds  []*credential
}

type credential struct {
	id         []byte
	rpID       string
	userHandle []byte
	key        *ecdsa.PrivateKey
	signCount  uint32
}

// New returns an authenticator with no credential, answering from origin.
func New(origin string) *Authenticator { return &Authenticator{Origin: origin} }

var b64 = base64.RawURLEncoding

// creationOptions is what is read of the options of navigator.credentials.create.
type creationOptions struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	} `json:"publicKey"`
}

// Register answers creation options (the JSON a relying party sends) with a new credential, as
// the JSON of a PublicKeyCredential.
func (a *Authenticator) Register(options []byte) ([]byte, error) {
	var o creationOptions
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, fmt.Errorf("webauthntest: creation options: %w", err)
	}
	if o.PublicKey.Challenge == "" || o.PublicKey.RP.ID == "" {
		return nil, errors.New("webauthntest: creation options without a challenge or an RP id")
	}
	userHandle, err := b64.DecodeString(o.PublicKey.User.ID)
	if err != nil {
		return nil, fmt.Errorf("webauthntest: user id: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	c := &credential{id: make([]byte, 32), rpID: o.PublicKey.RP.ID, userHandle: userHandle, key: key}
	rand.Read(c.id)
	a.creds = append(a.creds, c)

	clientData := a.clientData("webauthn.create", o.PublicKey.Challenge)
	authData := c.authData(flagUP|flagUV|flagAT, c.attestedData())
	att := cborMap(
		cborText("fmt"), cborText("none"),
		cborText("attStmt"), cborMap(),
		cborText("authData"), cborBytes(authData),
	)
	return json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.id), "rawId": b64.EncodeToString(c.id), "type": "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData),
			"attestationObject": b64.EncodeToString(att),
			"transports":        []string{"usb"},
		},
		"clientExtensionResults": map[string]any{},
	})
}

type requestOptions struct {
	PublicKey struct {
		Challenge        string `json:"challenge"`
		RPID             string `json:"rpId"`
		AllowCredentials []struct {
			ID string `json:"id"`
		} `json:"allowCredentials"`
	} `json:"publicKey"`
}

// Assert answers request options (navigator.credentials.get's) with a signature of one of its
// credentials that the options allow, as the JSON of a PublicKeyCredential.
func (a *Authenticator) Assert(options []byte) ([]byte, error) {
	var o requestOptions
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, fmt.Errorf("webauthntest: request options: %w", err)
	}
	c := a.pick(o)
	if c == nil {
		return nil, errors.New("webauthntest: no credential of this authenticator is allowed")
	}
	c.signCount++
	clientData := a.clientData("webauthn.get", o.PublicKey.Challenge)
	authData := c.authData(flagUP|flagUV, nil)
	sum := sha256.Sum256(clientData)
	digest := sha256.Sum256(append(append([]byte{}, authData...), sum[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, c.key, digest[:])
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"id": b64.EncodeToString(c.id), "rawId": b64.EncodeToString(c.id), "type": "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData),
			"authenticatorData": b64.EncodeToString(authData),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(c.userHandle),
		},
		"clientExtensionResults": map[string]any{},
	})
}

// RewindCounter sets every credential's signature counter back, as a cloned key's would be.
func (a *Authenticator) RewindCounter() {
	for _, c := range a.creds {
		c.signCount = 0
	}
}

func (a *Authenticator) pick(o requestOptions) *credential {
	for i := len(a.creds) - 1; i >= 0; i-- {
		c := a.creds[i]
		if o.PublicKey.RPID != "" && c.rpID != o.PublicKey.RPID {
			continue
		}
		if len(o.PublicKey.AllowCredentials) == 0 {
			return c
		}
		for _, allowed := range o.PublicKey.AllowCredentials {
			if allowed.ID == b64.EncodeToString(c.id) {
				return c
			}
		}
	}
	return nil
}

func (a *Authenticator) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": a.Origin, "crossOrigin": false})
	return b
}

const (
	flagUP = 0x01
	flagUV = 0x04
	flagAT = 0x40
)

func (c *credential) authData(flags byte, attested []byte) []byte {
	rpHash := sha256.Sum256([]byte(c.rpID))
	out := append([]byte{}, rpHash[:]...)
	out = append(out, flags)
	out = binary.BigEndian.AppendUint32(out, c.signCount)
	return append(out, attested...)
}

// attestedData is the AAGUID (zero), the credential id and its COSE public key.
func (c *credential) attestedData() []byte {
	out := make([]byte, 16)
	out = binary.BigEndian.AppendUint16(out, uint16(len(c.id)))
	out = append(out, c.id...)
	pub, _ := c.key.PublicKey.ECDH()
	raw := pub.Bytes() // 0x04 || X || Y
	cose := cborMap(
		cborInt(1), cborInt(2), // kty: EC2
		cborInt(3), cborInt(-7), // alg: ES256
		cborInt(-1), cborInt(1), // crv: P-256
		cborInt(-2), cborBytes(raw[1:33]),
		cborInt(-3), cborBytes(raw[33:65]),
	)
	return append(out, cose...)
}

// A few CBOR items, enough for attestation objects and COSE keys.

func cborHead(major byte, n int) []byte {
	switch {
	case n < 24:
		return []byte{major<<5 | byte(n)}
	case n < 256:
		return []byte{major<<5 | 24, byte(n)}
	default:
		return []byte{major<<5 | 25, byte(n >> 8), byte(n)}
	}
}

func cborInt(n int) []byte {
	if n >= 0 {
		return cborHead(0, n)
	}
	return cborHead(1, -1-n)
}

func cborBytes(b []byte) []byte { return append(cborHead(2, len(b)), b...) }

func cborText(s string) []byte { return append(cborHead(3, len(s)), s...) }

func cborMap(kv ...[]byte) []byte {
	out := cborHead(5, len(kv)/2)
	for _, item := range kv {
		out = append(out, item...)
	}
	return out
}
