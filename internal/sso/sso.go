// Package sso speaks the single sign-on protocols to identity providers: OpenID Connect (through
// go-oidc and x/oauth2) and SAML 2.0 (through crewjam/saml). It knows nothing of workspaces,
// members or the database: the service decides who a verified identity is and what they may do.
package sso

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Identity is who a provider vouches for, once its answer has been verified.
type Identity struct {
	// Issuer and Subject name the person at the provider, whatever their email becomes.
	Issuer  string
	Subject string
	Email   string
	// EmailVerified is the provider's word that the person controls Email.
	EmailVerified bool
	Name          string
}

// Reason classifies why a provider's answer was refused, for the audit log and the tests; the
// message of a *Refusal says it to people.
type Reason string

const (
	ReasonProviderError Reason = "provider_error" // the provider answered with an error
	ReasonExchange      Reason = "code_exchange"  // the code could not be exchanged for tokens
	ReasonSignature     Reason = "signature"      // not signed by the provider's keys
	ReasonIssuer        Reason = "issuer"
	ReasonAudience      Reason = "audience" // issued to another client or service provider
	ReasonExpired       Reason = "expired"
	ReasonNotYetValid   Reason = "not_yet_valid"
	ReasonNonce         Reason = "nonce"
	ReasonReplay        Reason = "replay"
	ReasonMalformed     Reason = "malformed"
	ReasonNoEmail       Reason = "no_email"
)

// Refusal is a provider's answer that Loupe does not accept.
type Refusal struct {
	Reason  Reason
	Message string
	cause   error
}

func (r *Refusal) Error() string {
	if r.cause != nil {
		return r.Message + ": " + r.cause.Error()
	}
	return r.Message
}

func (r *Refusal) Unwrap() error { return r.cause }

func refuse(reason Reason, cause error, format string, args ...any) *Refusal {
	return &Refusal{Reason: reason, Message: fmt.Sprintf(format, args...), cause: cause}
}

// Step names what a connection test was doing when it failed.
type Step string

const (
	StepReach    Step = "reach"    // the URL did not answer, or not with 200
	StepDocument Step = "document" // it answered with something that is not the expected document
	StepIssuer   Step = "issuer"   // the discovery document names another issuer
	StepKeys     Step = "keys"     // the provider's signing keys (JWKS, certificates) are missing or unreadable
)

// CheckError is a failed step of a connection test, with a message for the admin who ran it.
type CheckError struct {
	Step    Step
	Message string
}

func (e *CheckError) Error() string { return string(e.Step) + ": " + e.Message }

func checkErr(step Step, format string, args ...any) *CheckError {
	return &CheckError{Step: step, Message: fmt.Sprintf(format, args...)}
}

// maxDocument bounds what Loupe reads of a provider's document.
const maxDocument = 1 << 20

// fetch GETs a provider's document and reports precisely what went wrong.
func fetch(ctx context.Context, client *http.Client, what, rawURL, accept string) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, checkErr(StepReach, "%s URL %q is not an absolute http(s) URL", what, rawURL)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, checkErr(StepReach, "%s URL %q: %v", what, rawURL, err)
	}
	req.Header.Set("Accept", accept)
	res, err := client.Do(req)
	if err != nil {
		return nil, checkErr(StepReach, "%s at %s is unreachable: %s", what, rawURL, reachError(err))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxDocument+1))
	if err != nil {
		return nil, checkErr(StepReach, "%s at %s could not be read: %v", what, rawURL, err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, checkErr(StepReach, "%s at %s answered %s, not 200 OK", what, rawURL, res.Status)
	}
	if len(body) > maxDocument {
		return nil, checkErr(StepDocument, "%s at %s is larger than %d bytes", what, rawURL, maxDocument)
	}
	return body, nil
}

// reachError says in a few words why a request got no answer.
func reachError(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer within 10 seconds"
	case errors.As(err, &dnsErr):
		return "the host name " + dnsErr.Name + " does not resolve"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "the connection was refused or timed out (" + opErr.Err.Error() + ")"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}
