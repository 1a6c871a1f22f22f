package service_test

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"gocloud.dev/secrets/localsecrets"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/service/servicetest"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
	"github.com/loupehq/loupe/internal/webauthntest"
)

// mfaClock is a clock that moves only when told.
type mfaClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *mfaClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *mfaClock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

const mfaOrigin = "https://loupe.test"

// mfaEnv is a service on a clock of its own, with the base URL passkeys need.
type mfaEnv struct {
	t     *testing.T
	st    *store.Store
	svc   *service.Service
	clock *mfaClock
	deps  service.Deps
}

func mfaConfig() service.Config {
	return service.Config{BaseURL: mfaOrigin, SessionLifetime: time.Hour, SessionIdleTimeout: time.Hour,
		InvitationLifetime: time.Hour, Argon2: auth.Argon2Params{Memory: 1024, Time: 1, Threads: 1},
		Throttle: service.Throttle{Window: 15 * time.Minute, PerAccount: 5, PerAddress: 50}, MaxUploadBytes: 1 << 20}
}

func newMFAEnv(t *testing.T, st *store.Store) *mfaEnv {
	t.Helper()
	e := &mfaEnv{t: t, st: st, clock: &mfaClock{now: time.Date(2026, 11, 25, 9, 0, 5, 0, time.UTC)}, deps: servicetest.Deps(t)}
	e.svc = e.service(e.deps)
	return e
}

func (e *mfaEnv) service(deps service.Deps) *service.Service {
	e.t.Helper()
	svc, err := service.New(e.st, mfaConfig(), deps, e.clock.Now, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return svc
}

const mfaPassword = "a long enough password"

var mfaClient = service.Client{IP: "192.0.2.7", UserAgent: "test"}

// signUp creates an account and returns a context acting as it.
func (e *mfaEnv) signUp(email string) (context.Context, loupe.User) {
	e.t.Helper()
	si, err := e.svc.SignUp(context.Background(), "U "+email, email, mfaPassword, mfaClient)
	if err != nil {
		e.t.Fatal(err)
	}
	return loupe.WithActor(context.Background(), &loupe.Actor{User: si.User, IP: mfaClient.IP}), si.User
}

// code is the code an authenticator app with secret shows at the clock's time plus offset steps.
func (e *mfaEnv) code(secret string, offset int) string {
	e.t.Helper()
	c, err := totp.GenerateCode(secret, e.clock.Now().Add(time.Duration(offset)*30*time.Second))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// enrollTOTP adds an authenticator app to the actor's account and returns its secret and the
// recovery codes that came with it.
func (e *mfaEnv) enrollTOTP(as context.Context) (string, service.RecoveryCodes) {
	e.t.Helper()
	k, err := e.svc.BeginTOTP(as)
	if err != nil {
		e.t.Fatal(err)
	}
	codes, err := e.svc.ConfirmTOTP(as, e.code(k.Secret, 0))
	if err != nil {
		e.t.Fatal(err)
	}
	e.clock.Advance(30 * time.Second) // the confirming code's step is spent
	return k.Secret, codes
}

// password signs in with the password and returns the challenge of the second step.
func (e *mfaEnv) password(email string) *service.SecondFactorNeeded {
	e.t.Helper()
	si, err := e.svc.SignIn(context.Background(), email, mfaPassword, mfaClient)
	if err != nil {
		e.t.Fatal(err)
	}
	if si.MFA == nil || si.Token != "" {
		e.t.Fatalf("sign-in of an account with a second factor opened a session (%+v)", si)
	}
	return si.MFA
}

// mfaWantField checks that err is Invalid about field, with a message containing want.
func mfaWantField(t *testing.T, what string, err error, field, want string) {
	t.Helper()
	var le *loupe.Error
	if !loupe.IsCode(err, loupe.Invalid) || !mfaAsError(err, &le) || len(le.Fields) != 1 || le.Fields[0].Field != field || !strings.Contains(le.Fields[0].Message, want) {
		t.Fatalf("%s: got %v, want invalid %s %q", what, err, field, want)
	}
}

func mfaAsError(err error, le **loupe.Error) bool {
	e, ok := err.(*loupe.Error)
	*le = e
	return ok
}

func mfaWantCode(t *testing.T, what string, err error, code loupe.Code, want string) {
	t.Helper()
	if !loupe.IsCode(err, code) || !strings.Contains(err.Error(), want) {
		t.Fatalf("%s: got %v, want %s %q", what, err, code, want)
	}
}

func TestMFA_TOTP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		as, u := e.signUp("ada@acme.test")

		k, err := e.svc.BeginTOTP(as)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(k.URI, "otpauth://totp/Loupe:ada@acme.test?") || !strings.HasPrefix(k.QRCode, "data:image/png;base64,") {
			t.Fatalf("enrollment shows %q and %.40q", k.URI, k.QRCode)
		}
		// Encrypted at rest: the stored secret is not the secret, and opens only with the master key.
		var pending loupe.TOTPAuthenticator
		st.Read(ctx, func(tx *store.Tx) (err error) { pending, err = tx.TOTP(ctx, u.ID, true); return err })
		if len(pending.SealedSecret) == 0 || bytes.Contains(pending.SealedSecret, []byte(k.Secret)) || bytes.Contains(pending.WrappedKey, []byte(k.Secret)) {
			t.Fatalf("the secret is stored in the clear: %x", pending.SealedSecret)
		}
		if raw, err := mfaBase32(k.Secret); err != nil || bytes.Contains(pending.SealedSecret, raw) {
			t.Fatalf("the secret's bytes are stored in the clear (%v)", err)
		}
		// Not enrolled until confirmed: the password alone still signs in.
		if si, err := e.svc.SignIn(ctx, u.Email, mfaPassword, mfaClient); err != nil || si.MFA != nil || si.Token == "" {
			t.Fatalf("an unconfirmed app asked for a second factor: %+v %v", si, err)
		}
		_, err = e.svc.ConfirmTOTP(as, "12345")
		mfaWantField(t, "confirm with five digits", err, "code", "must be the 6 digits")
		_, err = e.svc.ConfirmTOTP(as, e.code(k.Secret, -3))
		mfaWantField(t, "confirm with an old code", err, "code", "has expired")
		codes, err := e.svc.ConfirmTOTP(as, e.code(k.Secret, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 10 {
			t.Fatalf("first enrollment gave %d recovery codes", len(codes))
		}
		st0 := e.code(k.Secret, 0)

		// The password now opens no session, only a challenge.
		ch := e.password(u.Email)
		if strings.Join(ch.Methods, ",") != "totp,recovery_code" || !ch.ExpiresAt.Equal(e.clock.Now().Add(5*time.Minute)) {
			t.Fatalf("challenge: %+v", ch)
		}
		sign := func(challenge, code string) (service.SignedIn, error) {
			return e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: challenge, Code: code}, mfaClient)
		}
		_, err = sign(ch.Challenge, st0)
		mfaWantField(t, "the confirming code again", err, "code", "was used already")
		_, err = sign(ch.Challenge, mfaFlip(st0))
		mfaWantField(t, "a wrong code", err, "code", "is not the code your authenticator app shows")

		e.clock.Advance(60 * time.Second) // now = confirmation step + 2
		_, err = sign(ch.Challenge, e.code(k.Secret, -2))
		mfaWantField(t, "two steps old", err, "code", "has expired")
		_, err = sign(ch.Challenge, e.code(k.Secret, 2))
		mfaWantField(t, "two steps early", err, "code", "is not valid yet")
		si, err := sign(ch.Challenge, e.code(k.Secret, -1)) // one step behind is accepted
		if err != nil || si.Token == "" || si.User.ID != u.ID {
			t.Fatalf("one step behind: %+v %v", si, err)
		}
		if _, err := e.svc.Authenticate(ctx, si.Token, mfaClient); err != nil {
			t.Fatalf("the session does not open: %v", err)
		}
		// The challenge works once.
		e.clock.Advance(30 * time.Second)
		_, err = sign(ch.Challenge, e.code(k.Secret, 0))
		mfaWantCode(t, "a used challenge", err, loupe.Unauthenticated, "no longer valid")

		// One step ahead is accepted; then the current step, being earlier, is spent.
		if _, err := sign(e.password(u.Email).Challenge, e.code(k.Secret, 1)); err != nil {
			t.Fatalf("one step ahead: %v", err)
		}
		_, err = sign(e.password(u.Email).Challenge, e.code(k.Secret, 0))
		mfaWantField(t, "a step before the last one used", err, "code", "was used already")

		// A challenge lasts five minutes.
		late := e.password(u.Email)
		e.clock.Advance(5*time.Minute + time.Second)
		_, err = sign(late.Challenge, e.code(k.Secret, 0))
		mfaWantCode(t, "an expired challenge", err, loupe.Unauthenticated, "expired")
		_, err = sign("not a challenge", e.code(k.Secret, 0))
		mfaWantCode(t, "an unknown challenge", err, loupe.Unauthenticated, "no longer valid")
		_, err = e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: late.Challenge, Code: "123456", RecoveryCode: "abcd-efgh-ijkl-mnop"}, mfaClient)
		mfaWantCode(t, "two factors at once", err, loupe.Invalid, "give one second factor")
	})
}

func TestMFA_SecondFactorIsThrottledLikePasswords(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		as, u := e.signUp("ada@acme.test")
		secret, _ := e.enrollTOTP(as)
		for i := range 5 {
			// A fresh challenge each time: the right password must not reset the count.
			_, err := e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: e.password(u.Email).Challenge, Code: mfaFlip(e.code(secret, 0))}, mfaClient)
			mfaWantField(t, "wrong code "+string(rune('1'+i)), err, "code", "is not the code")
		}
		_, err := e.svc.SignIn(ctx, u.Email, mfaPassword, mfaClient)
		mfaWantCode(t, "the password after five wrong codes", err, loupe.TooManyRequests, "too many failed sign-ins")
		e.clock.Advance(15*time.Minute + time.Second)
		ch := e.password(u.Email)
		if _, err := e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: ch.Challenge, Code: e.code(secret, 0)}, mfaClient); err != nil {
			t.Fatalf("the right code once the window passed: %v", err)
		}
	})
}

func TestMFA_RecoveryCodes(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		as, u := e.signUp("ada@acme.test")
		if _, err := e.svc.RegenerateRecoveryCodes(as); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("recovery codes without a second factor: %v", err)
		}
		_, codes := e.enrollTOTP(as)
		recover := func(code string) error {
			_, err := e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: e.password(u.Email).Challenge, RecoveryCode: code}, mfaClient)
			return err
		}
		if err := recover(strings.ToUpper(codes[3])); err != nil {
			t.Fatalf("a recovery code typed in capitals: %v", err)
		}
		mfaWantField(t, "the same code again", recover(codes[3]), "recovery_code", "was used already")
		mfaWantField(t, "not a code", recover("hello"), "recovery_code", "is not a recovery code")
		other, _ := auth.NewRecoveryCodes(1)
		mfaWantField(t, "a code of no one", recover(other[0]), "recovery_code", "is not one of your recovery codes")

		status, err := e.svc.MyMFA(as)
		if err != nil || status.Factors.RecoveryCodesLeft != 9 || status.Factors.TOTP == nil {
			t.Fatalf("status after one use: %+v %v", status.Factors, err)
		}
		fresh, err := e.svc.RegenerateRecoveryCodes(as)
		if err != nil || len(fresh) != 10 {
			t.Fatalf("regenerate: %d %v", len(fresh), err)
		}
		mfaWantField(t, "an old code after regenerating", recover(codes[4]), "recovery_code", "is not one of your recovery codes")
		if err := recover(fresh[0]); err != nil {
			t.Fatalf("a new code: %v", err)
		}
		// Enrolling another app later gives no new codes: they came with the first factor.
		k, _ := e.svc.BeginTOTP(as)
		if again, err := e.svc.ConfirmTOTP(as, e.code(k.Secret, 0)); err != nil || again != nil {
			t.Fatalf("a replaced app gave recovery codes %v (%v)", again, err)
		}
	})
}

func TestMFA_RemovingTheLastFactorNeedsProof(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		as, u := e.signUp("ada@acme.test")
		secret, codes := e.enrollTOTP(as)
		mfaWantField(t, "no proof", e.svc.RemoveTOTP(as, service.FactorProof{}), "password", "is required")
		mfaWantField(t, "a wrong password", e.svc.RemoveTOTP(as, service.FactorProof{Password: "not it at all"}), "password", "is not your password")
		mfaWantField(t, "a wrong code", e.svc.RemoveTOTP(as, service.FactorProof{Code: mfaFlip(e.code(secret, 0))}), "code", "is not the code")
		if err := e.svc.RemoveTOTP(as, service.FactorProof{Code: e.code(secret, 0)}); err != nil {
			t.Fatalf("remove with a current code: %v", err)
		}
		status, _ := e.svc.MyMFA(as)
		if status.Factors.Enrolled() || status.Factors.RecoveryCodesLeft != 0 {
			t.Fatalf("after removing the last factor: %+v", status.Factors)
		}
		if si, err := e.svc.SignIn(ctx, u.Email, mfaPassword, mfaClient); err != nil || si.MFA != nil {
			t.Fatalf("sign-in after removal still asks for a factor: %+v %v", si, err)
		}
		// With a recovery code as the proof.
		_, codes = e.enrollTOTP(as)
		if err := e.svc.RemoveTOTP(as, service.FactorProof{Code: codes[0]}); err != nil {
			t.Fatalf("remove with a recovery code: %v", err)
		}
		if err := e.svc.RemoveTOTP(as, service.FactorProof{Password: mfaPassword}); !loupe.IsCode(err, loupe.NotFound) {
			t.Fatalf("removing an app twice: %v", err)
		}
	})
}

func TestMFA_Passkeys(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		as, u := e.signUp("ada@acme.test")
		key := webauthntest.New(mfaOrigin)
		register := func(k *webauthntest.Authenticator, name string) (service.PasskeyAdded, error) {
			reg, err := e.svc.BeginPasskeyRegistration(as)
			if err != nil {
				t.Fatal(err)
			}
			answer, err := k.Register(reg.Options)
			if err != nil {
				t.Fatal(err)
			}
			return e.svc.FinishPasskeyRegistration(as, reg.CeremonyID, name, answer)
		}
		added, err := register(key, "YubiKey")
		if err != nil {
			t.Fatal(err)
		}
		if added.Passkey.Name != "YubiKey" || len(added.RecoveryCodes) != 10 {
			t.Fatalf("first passkey: %+v", added)
		}
		// A ceremony is finished once; one of another origin is refused.
		reg, _ := e.svc.BeginPasskeyRegistration(as)
		answer, _ := webauthntest.New(mfaOrigin).Register(reg.Options)
		if _, err := e.svc.FinishPasskeyRegistration(as, reg.CeremonyID, "Second", answer); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.FinishPasskeyRegistration(as, reg.CeremonyID, "Again", answer)
		mfaWantField(t, "a finished ceremony", err, "ceremony_id", "start again")
		_, err = register(webauthntest.New("https://evil.test"), "Phish")
		mfaWantField(t, "another origin", err, "credential", "was refused")
		reg, _ = e.svc.BeginPasskeyRegistration(as)
		e.clock.Advance(6 * time.Minute)
		answer, _ = webauthntest.New(mfaOrigin).Register(reg.Options)
		_, err = e.svc.FinishPasskeyRegistration(as, reg.CeremonyID, "Late", answer)
		mfaWantField(t, "an expired ceremony", err, "ceremony_id", "has expired")

		// Sign in with the first key.
		ch := e.password(u.Email)
		if strings.Join(ch.Methods, ",") != "webauthn,recovery_code" {
			t.Fatalf("methods %v", ch.Methods)
		}
		_, err = e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: ch.Challenge, WebAuthn: []byte(`{"id":"x"}`)}, mfaClient)
		mfaWantField(t, "an answer before the request", err, "webauthn", "ask for one first")
		opts, err := e.svc.BeginPasskeySignIn(ctx, ch.Challenge)
		if err != nil {
			t.Fatal(err)
		}
		assertion, err := key.Assert(opts)
		if err != nil {
			t.Fatal(err)
		}
		si, err := e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: ch.Challenge, WebAuthn: assertion}, mfaClient)
		if err != nil || si.Token == "" {
			t.Fatalf("passkey sign-in: %+v %v", si, err)
		}
		status, _ := e.svc.MyMFA(as)
		if len(status.Factors.Passkeys) != 2 || status.Factors.Passkeys[0].LastUsedAt == nil {
			t.Fatalf("passkeys after sign-in: %+v", status.Factors.Passkeys)
		}
		var rec struct {
			Authenticator struct{ SignCount uint32 } `json:"authenticator"`
		}
		json.Unmarshal(status.Factors.Passkeys[0].Credential, &rec)
		if rec.Authenticator.SignCount != 1 {
			t.Fatalf("the sign count was not saved: %s", status.Factors.Passkeys[0].Credential)
		}
		// A key whose counter goes back (a copy) is refused.
		key.RewindCounter()
		ch = e.password(u.Email)
		opts, _ = e.svc.BeginPasskeySignIn(ctx, ch.Challenge)
		assertion, _ = key.Assert(opts)
		_, err = e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: ch.Challenge, WebAuthn: assertion}, mfaClient)
		mfaWantField(t, "a cloned key", err, "webauthn", "copied")

		// Rename; remove one freely, the last one with the password.
		first, second := status.Factors.Passkeys[0].ID, status.Factors.Passkeys[1].ID
		if p, err := e.svc.RenamePasskey(as, first, "  Desk key "); err != nil || p.Name != "Desk key" {
			t.Fatalf("rename: %+v %v", p, err)
		}
		if _, err := e.svc.RenamePasskey(as, loupe.NewID(), "x"); !loupe.IsCode(err, loupe.NotFound) {
			t.Fatalf("rename a stranger's passkey: %v", err)
		}
		if err := e.svc.RemovePasskey(as, second, service.FactorProof{}); err != nil {
			t.Fatalf("remove one of two: %v", err)
		}
		mfaWantField(t, "the last passkey without proof", e.svc.RemovePasskey(as, first, service.FactorProof{}), "password", "is required")
		if err := e.svc.RemovePasskey(as, first, service.FactorProof{Password: mfaPassword}); err != nil {
			t.Fatal(err)
		}
		if si, err := e.svc.SignIn(ctx, u.Email, mfaPassword, mfaClient); err != nil || si.MFA != nil {
			t.Fatalf("after removing every passkey: %+v %v", si, err)
		}
	})
}

func TestMFA_MasterKeyRotationKeepsSecretsReadable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		as, u := e.signUp("ada@acme.test")
		secret, _ := e.enrollTOTP(as)
		raw, _ := localsecrets.NewRandomKey()
		next := localsecrets.NewKeeper(raw)
		if n, err := e.svc.RewrapTOTPKeys(ctx, next); err != nil || n != 1 {
			t.Fatalf("rewrap: %d %v", n, err)
		}
		deps := e.deps
		deps.Master = next
		rotated := e.service(deps)
		si, err := rotated.SignIn(ctx, u.Email, mfaPassword, mfaClient)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rotated.CompleteSignIn(ctx, service.SecondFactor{Challenge: si.MFA.Challenge, Code: e.code(secret, 0)}, mfaClient); err != nil {
			t.Fatalf("a code after the rotation: %v", err)
		}
		e.clock.Advance(30 * time.Second)
		_, err = e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: e.password(u.Email).Challenge, Code: e.code(secret, 0)}, mfaClient)
		if !loupe.IsCode(err, loupe.Internal) {
			t.Fatalf("the old master key still opens the secret: %v", err)
		}
	})
}

// mfaWorkspace is a workspace whose admin has an authenticator app, and an internal member.
type mfaWorkspace struct {
	ws            loupe.ID
	admin, member context.Context
	memberUser    loupe.User
	adminSecret   string
}

func (e *mfaEnv) workspace() mfaWorkspace {
	e.t.Helper()
	ctx := context.Background()
	ws, admin, err := e.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Acme", AdminName: "Ada", AdminEmail: "ada@acme.test", AdminPassword: mfaPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	w := mfaWorkspace{ws: ws.ID, admin: loupe.WithActor(ctx, &loupe.Actor{User: admin, IP: mfaClient.IP})}
	if _, err := e.svc.UpdateWorkspace(w.admin, ws.ID, service.WorkspacePatch{EmailDomains: []string{"acme.test"}}); err != nil {
		e.t.Fatal(err)
	}
	w.member, w.memberUser = e.signUp("bob@acme.test") // the claimed domain makes Bob an internal member
	return w
}

func TestMFA_WorkspacePolicy(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		w := e.workspace()
		yes, no := true, false
		_, err := e.svc.UpdateWorkspace(w.admin, w.ws, service.WorkspacePatch{MFARequired: &yes})
		mfaWantField(t, "an admin without a factor requires one", err, "mfa_required", "lock you out")
		e.enrollTOTP(w.admin)
		ws, err := e.svc.UpdateWorkspace(w.admin, w.ws, service.WorkspacePatch{MFARequired: &yes})
		if err != nil || !ws.MFARequired {
			t.Fatalf("require MFA: %+v %v", ws, err)
		}
		if got, _ := e.svc.Workspace(w.admin, w.ws); !got.MFARequired {
			t.Fatal("the setting was not saved")
		}

		// Bob has no second factor: nothing of the workspace answers him, and the refusal says why.
		blocked := func(what string, err error) {
			t.Helper()
			var le *loupe.Error
			if !loupe.IsCode(err, loupe.Forbidden) || !mfaAsError(err, &le) || len(le.Fields) != 1 || le.Fields[0].Field != service.MFAEnrollmentField ||
				!strings.Contains(le.Message, "requires two-factor authentication") {
				t.Fatalf("%s: %v, want the MFA refusal", what, err)
			}
		}
		_, err = e.svc.Workspace(w.member, w.ws)
		blocked("read the workspace", err)
		_, _, err = e.svc.Members(w.member, w.ws, loupe.Page{})
		blocked("list members", err)
		_, err = e.svc.CreateGroup(w.member, w.ws, "Night shift")
		blocked("create a group", err)
		status, err := e.svc.MyMFA(w.member)
		if err != nil || len(status.RequiredBy) != 1 || status.RequiredBy[0].ID != w.ws || status.RequiredBy[0].Name != "Acme" {
			t.Fatalf("his account page does not say which workspace requires it: %+v %v", status.RequiredBy, err)
		}
		// His own account stays his.
		if _, _, err := e.svc.Me(w.member); err != nil {
			t.Fatalf("me: %v", err)
		}

		secret, _ := e.enrollTOTP(w.member)
		if _, err := e.svc.Workspace(w.member, w.ws); err != nil {
			t.Fatalf("after enrolling: %v", err)
		}
		if err := e.svc.RemoveTOTP(w.member, service.FactorProof{Code: e.code(secret, 0)}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Workspace(w.member, w.ws)
		blocked("after removing his only factor", err)

		// Turning the requirement off lets him back; a stranger still gets NotFound, not the MFA refusal.
		if _, err := e.svc.UpdateWorkspace(w.admin, w.ws, service.WorkspacePatch{MFARequired: &no}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Workspace(w.member, w.ws); err != nil {
			t.Fatalf("after the requirement is lifted: %v", err)
		}
		stranger, _ := e.signUp("eve@elsewhere.test")
		e.svc.UpdateWorkspace(w.admin, w.ws, service.WorkspacePatch{MFARequired: &yes})
		if _, err := e.svc.Workspace(stranger, w.ws); !loupe.IsCode(err, loupe.NotFound) {
			t.Fatalf("a stranger: %v", err)
		}
		want := []string{"workspace.settings_changed"}
		if got := mfaAudit(t, e.svc, w.admin, w.ws, "workspace.settings_changed"); len(got) < 3 || !strings.Contains(got[0], `"mfa_required":{"from":false,"to":true}`) {
			t.Fatalf("audit of the setting %v, want %v entries naming mfa_required", got, want)
		}
	})
}

func TestMFA_AdminReset(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		ctx := context.Background()
		w := e.workspace()
		e.enrollTOTP(w.admin)
		e.enrollTOTP(w.member)

		// An external member: a stranger joined as a collaborator.
		extCtx, ext := e.signUp("carol@contractor.test")
		st.Write(ctx, func(tx *store.Tx) error { _, err := e.svc.JoinAsCollaborator(ctx, tx, w.ws, ext.ID); return err })
		e.enrollTOTP(extCtx)
		// A workforce manager (internal, but no admin).
		wmCtx, wm := e.signUp("walt@acme.test")
		role := loupe.RoleWorkforceManager
		if _, err := e.svc.UpdateMember(w.admin, w.ws, wm.ID, service.MemberPatch{Role: &role}); err != nil {
			t.Fatal(err)
		}
		otherWS, otherAdmin, err := e.svc.Bootstrap(ctx, service.BootstrapInput{WorkspaceName: "Other", AdminName: "O", AdminEmail: "o@other.test", AdminPassword: mfaPassword})
		if err != nil {
			t.Fatal(err)
		}
		otherCtx := loupe.WithActor(ctx, &loupe.Actor{User: otherAdmin})
		_ = otherWS

		adminUser := loupe.ActorFrom(w.admin).User
		mfaWantCode(t, "a workforce manager", e.svc.ResetMemberMFA(wmCtx, w.ws, w.memberUser.ID), loupe.Forbidden, "only workspace admins")
		mfaWantCode(t, "the admin's own", e.svc.ResetMemberMFA(w.admin, w.ws, adminUser.ID), loupe.Forbidden, "your own")
		mfaWantCode(t, "an external member", e.svc.ResetMemberMFA(w.admin, w.ws, ext.ID), loupe.Forbidden, "only an internal member")
		mfaWantCode(t, "another workspace's admin", e.svc.ResetMemberMFA(otherCtx, w.ws, w.memberUser.ID), loupe.NotFound, "")
		mfaWantCode(t, "someone who is no member", e.svc.ResetMemberMFA(w.admin, w.ws, otherAdmin.ID), loupe.NotFound, "")
		if s, _ := e.svc.MyMFA(w.member); !s.Factors.Enrolled() {
			t.Fatal("a refused reset removed a factor")
		}

		pending := e.password(w.memberUser.Email)
		if err := e.svc.ResetMemberMFA(w.admin, w.ws, w.memberUser.ID); err != nil {
			t.Fatal(err)
		}
		s, _ := e.svc.MyMFA(w.member)
		if s.Factors.Enrolled() || s.Factors.RecoveryCodesLeft != 0 {
			t.Fatalf("after the reset: %+v", s.Factors)
		}
		_, err = e.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: pending.Challenge, Code: "123456"}, mfaClient)
		mfaWantCode(t, "a sign-in begun before the reset", err, loupe.Unauthenticated, "no longer valid")
		if si, err := e.svc.SignIn(ctx, w.memberUser.Email, mfaPassword, mfaClient); err != nil || si.MFA != nil {
			t.Fatalf("sign-in after the reset: %+v %v", si, err)
		}
		if got := mfaAudit(t, e.svc, w.admin, w.ws, "mfa.reset"); len(got) != 1 || !strings.Contains(got[0], "bob@acme.test") {
			t.Fatalf("the reset is not audited: %v", got)
		}
		if got := mfaAudit(t, e.svc, w.admin, w.ws, "mfa.totp_enrolled"); len(got) != 3 { // admin, Bob; and Carol, a member too
			t.Fatalf("enrollments audited: %v", got)
		}
	})
}

// mfaAudit returns the details of a workspace's audit entries of one action, newest first.
func mfaAudit(t *testing.T, svc *service.Service, as context.Context, ws loupe.ID, action string) []string {
	t.Helper()
	es, _, err := svc.AuditLog(as, ws, service.AuditQuery{Action: action}, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e.Detail)
	}
	return out
}

// flip returns another code of the same shape.
func mfaFlip(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+5)%10
	return string(b)
}

func mfaBase32(s string) ([]byte, error) {
	return base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
}

// TestMFA_SurvivesMasterKeyRotation rewraps every key under a new master key: an authenticator
// app enrolled before still signs its user in, with a service that holds only the new key.
func TestMFA_SurvivesMasterKeyRotation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newMFAEnv(t, st)
		as, _ := e.signUp("ada@acme.test")
		secret, _ := e.enrollTOTP(as)
		next := servicetest.Deps(t)
		if _, err := e.svc.RewrapMasterKey(context.Background(), next.Master); err != nil {
			t.Fatal(err)
		}
		deps := e.deps
		deps.Master = next.Master
		e.svc = e.service(deps)
		challenge := e.password("ada@acme.test")
		if _, err := e.svc.CompleteSignIn(context.Background(), service.SecondFactor{Challenge: challenge.Challenge, Code: e.code(secret, 0)}, mfaClient); err != nil {
			t.Fatalf("a code after the master key changed: %v", err)
		}
	})
}
