package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP as RFC 6238 and every authenticator app know it: 30-second steps, six digits, HMAC-SHA1.
const (
	TOTPPeriod = 30
	totpDigits = otp.DigitsSix
	// totpSkew is how many steps either side of now a code is accepted from: one, for clocks
	// that drift and people who type slowly.
	totpSkew = 1
	// totpNear is how many steps either side a code is recognized from, to tell an expired code
	// (or a device clock that is off) from a wrong one. Such codes are refused all the same.
	totpNear = 10
)

var totpOpts = totp.ValidateOpts{Period: TOTPPeriod, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1}

// TOTPKey is a new authenticator app's secret, as the user is shown it once.
type TOTPKey struct {
	// Secret is the base32 secret, for typing into an app by hand.
	Secret string
	// URI is the otpauth:// URI the QR code holds.
	URI string
	// QRCode is a PNG of the URI as a data: URL.
	QRCode string
}

// NewTOTPKey makes a secret of 160 bits (RFC 4226's recommendation) for account at issuer.
func NewTOTPKey(issuer, account string) (TOTPKey, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: TOTPPeriod, SecretSize: 20,
		Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return TOTPKey{}, fmt.Errorf("auth: generate TOTP secret: %w", err)
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return TOTPKey{}, fmt.Errorf("auth: draw TOTP QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TOTPKey{}, fmt.Errorf("auth: encode TOTP QR code: %w", err)
	}
	return TOTPKey{Secret: k.Secret(), URI: k.URL(), QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// TOTPVerdict is what CheckTOTP makes of a code.
type TOTPVerdict int

const (
	// TOTPAccepted: the code is of a step within one of now, later than the last one used.
	TOTPAccepted TOTPVerdict = iota
	// TOTPMalformed: not six digits.
	TOTPMalformed
	// TOTPWrong: no step near now has this code.
	TOTPWrong
	// TOTPReused: the code's step is the last one used, or earlier.
	TOTPReused
	// TOTPExpired: the code was right a little while ago, no longer.
	TOTPExpired
	// TOTPEarly: the code will be right in a little while; the device's clock runs ahead.
	TOTPEarly
)

var totpRank = map[TOTPVerdict]int{TOTPWrong: 0, TOTPMalformed: 0, TOTPEarly: 1, TOTPExpired: 2, TOTPReused: 3, TOTPAccepted: 4}

// TOTPStep returns the RFC 6238 time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / TOTPPeriod }

// NormalizeTOTPCode drops the spaces and dashes people type into codes ("123 456").
func NormalizeTOTPCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, code)
}

// IsTOTPCode reports whether code (normalized) has the shape of a TOTP code: six digits.
func IsTOTPCode(code string) bool {
	if len(code) != int(totpDigits) {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// CheckTOTP checks a code against a base32 secret at time now. A code of a step up to one away
// from now's is accepted once: it must be of a step later than lastStep, the step of the last code
// accepted. It returns the code's step, which the caller stores as the new lastStep.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (int64, TOTPVerdict) {
	code = NormalizeTOTPCode(code)
	if !IsTOTPCode(code) {
		return 0, TOTPMalformed
	}
	step := TOTPStep(now)
	// Every candidate step is computed, so that the time taken does not tell which one matched.
	// Should two steps share a code, the most favourable reading wins.
	match, verdict := int64(0), TOTPWrong
	for off := int64(-totpNear); off <= totpNear; off++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+off)*TOTPPeriod, 0), totpOpts)
		if err != nil {
			return 0, TOTPWrong // a secret that does not decode matches nothing
		}
		if subtle.ConstantTimeCompare([]byte(code), []byte(want)) != 1 {
			continue
		}
		v := TOTPAccepted
		switch {
		case off < -totpSkew:
			v = TOTPExpired
		case off > totpSkew:
			v = TOTPEarly
		case step+off <= lastStep:
			v = TOTPReused
		}
		if totpRank[v] > totpRank[verdict] {
			match, verdict = step+off, v
		}
	}
	return match, verdict
}
