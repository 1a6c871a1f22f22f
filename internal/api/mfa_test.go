package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/loupehq/loupe/internal/webauthntest"
)

// The origin the test server's base URL (http://loupe.test) gives passkeys.
const passkeyOrigin = "http://loupe.test"

func newPasskey() *webauthntest.Authenticator { return webauthntest.New(passkeyOrigin) }

// beginTOTP asks for a new authenticator secret as c and returns it.
func beginTOTP(e *env, c *client) string {
	e.t.Helper()
	var k struct{ Secret string }
	c.must(201, "POST", "/api/v1/me/mfa/totp", nil).json(e.t, &k)
	return k.Secret
}

// totpCode is the code an app with secret shows at the server's time plus offset steps.
func totpCode(e *env, secret string, offset int) string {
	e.t.Helper()
	code, err := totp.GenerateCode(secret, e.clock.Now().Add(time.Duration(offset)*30*time.Second))
	if err != nil {
		e.t.Fatal(err)
	}
	return code
}

// enrollTOTP adds an authenticator app to c's account and returns its secret and recovery codes.
func enrollTOTP(e *env, c *client) (string, []string) {
	e.t.Helper()
	secret := beginTOTP(e, c)
	var out struct {
		RecoveryCodes []string `json:"recovery_codes"`
	}
	c.must(200, "POST", "/api/v1/me/mfa/totp/confirm", map[string]string{"code": totpCode(e, secret, 0)}).json(e.t, &out)
	return secret, out.RecoveryCodes
}

// passkeyAnswer begins a passkey registration as c and returns the body that finishes it with key.
func passkeyAnswer(e *env, c *client, key *webauthntest.Authenticator, name string) map[string]any {
	e.t.Helper()
	var reg struct {
		CeremonyID string          `json:"ceremony_id"`
		Options    json.RawMessage `json:"options"`
	}
	c.must(200, "POST", "/api/v1/me/mfa/passkeys/register", nil).json(e.t, &reg)
	answer, err := key.Register(reg.Options)
	if err != nil {
		e.t.Fatal(err)
	}
	return map[string]any{"ceremony_id": reg.CeremonyID, "name": name, "credential": json.RawMessage(answer)}
}

func passkeyIDs(e *env, c *client) []string {
	e.t.Helper()
	var l struct{ Items []struct{ ID string } }
	c.must(200, "GET", "/api/v1/me/mfa/passkeys", nil).json(e.t, &l)
	ids := make([]string, len(l.Items))
	for i, p := range l.Items {
		ids[i] = p.ID
	}
	if len(ids) == 0 {
		e.t.Fatal("no passkey listed")
	}
	return ids
}

type mfaChallenge struct {
	MFA struct {
		Challenge string
		Methods   []string
	}
	User *struct{ ID string }
}

// passwordStep signs in with the password as a fresh browser, which must be asked for a second factor.
func passwordStep(e *env, email string) (*client, mfaChallenge) {
	e.t.Helper()
	c := e.anon()
	var ch mfaChallenge
	r := c.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": email, "password": password})
	r.json(e.t, &ch)
	if ch.MFA.Challenge == "" || ch.User != nil || c.cookie != "" || r.header.Get("Set-Cookie") != "" {
		e.t.Fatalf("the password alone signed in an account with a second factor: %s", r.body)
	}
	return c, ch
}

// wantProblem checks a refusal: its status, and a message that contains want at location (the
// detail when location is "").
func wantProblem(t *testing.T, what string, r response, status int, location, want string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, r.status, status, r.body)
	}
	p := r.problem(t)
	got := p.Detail
	if location != "" {
		got = p.fieldMessage(location)
	}
	if !strings.Contains(got, want) {
		t.Fatalf("%s: %q at %q, want %q; body %s", what, got, location, want, r.body)
	}
}

func TestMFA_SignInWithTOTPAndItsErrors(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, _ := e.setup()
		r := admin.do("POST", "/api/v1/me/mfa/totp/confirm", map[string]string{"code": "123456"})
		wantProblem(t, "confirm with nothing begun", r, 409, "", "start by adding one")
		secret := beginTOTP(e, admin)
		r = admin.do("POST", "/api/v1/me/mfa/totp/confirm", map[string]string{"code": "12 34"})
		wantProblem(t, "confirm with a short code", r, 422, "body.code", "must be the 6 digits")
		var confirmed struct {
			RecoveryCodes []string `json:"recovery_codes"`
		}
		admin.must(200, "POST", "/api/v1/me/mfa/totp/confirm", map[string]string{"code": totpCode(e, secret, 0)}).json(t, &confirmed)
		if len(confirmed.RecoveryCodes) != 10 {
			t.Fatalf("%d recovery codes", len(confirmed.RecoveryCodes))
		}
		var status struct {
			Enrolled          bool
			TOTP              bool
			RecoveryCodesLeft int `json:"recovery_codes_left"`
		}
		admin.must(200, "GET", "/api/v1/me/mfa", nil).json(t, &status)
		if !status.Enrolled || !status.TOTP || status.RecoveryCodesLeft != 10 {
			t.Fatalf("status %+v", status)
		}

		c, ch := passwordStep(e, "ada@acme.test")
		if strings.Join(ch.MFA.Methods, ",") != "totp,recovery_code" {
			t.Fatalf("methods %v", ch.MFA.Methods)
		}
		c.must(401, "GET", "/api/v1/me", nil) // no session yet
		step := func(body map[string]string) response {
			body["challenge"] = ch.MFA.Challenge
			return c.do("POST", "/api/v1/auth/signin/mfa", body)
		}
		wantProblem(t, "nothing", step(map[string]string{}), 422, "body.code", "is required")
		wantProblem(t, "the confirming code again", step(map[string]string{"code": totpCode(e, secret, 0)}), 422, "body.code", "was used already")
		wantProblem(t, "a wrong code", step(map[string]string{"code": mfaWrong(totpCode(e, secret, 0))}), 422, "body.code", "is not the code your authenticator app shows")
		wantProblem(t, "an old code", step(map[string]string{"code": totpCode(e, secret, -4)}), 422, "body.code", "has expired")
		wantProblem(t, "a bad recovery code", step(map[string]string{"recovery_code": "nope"}), 422, "body.recovery_code", "is not a recovery code")
		r = c.do("POST", "/api/v1/auth/signin/mfa", map[string]string{"code": totpCode(e, secret, 1)})
		wantProblem(t, "no challenge", r, 422, "body", "expected required property challenge")

		r = step(map[string]string{"code": totpCode(e, secret, 1)})
		if r.status != 200 || c.cookie == "" {
			t.Fatalf("the right code: %d %s", r.status, r.body)
		}
		c.must(200, "GET", "/api/v1/me", nil)
		wantProblem(t, "the challenge again", step(map[string]string{"code": totpCode(e, secret, 1)}), 401, "", "no longer valid")

		// A recovery code works once.
		c2, ch2 := passwordStep(e, "ada@acme.test")
		c2.must(200, "POST", "/api/v1/auth/signin/mfa", map[string]string{"challenge": ch2.MFA.Challenge, "recovery_code": confirmed.RecoveryCodes[0]})
		c3, ch3 := passwordStep(e, "ada@acme.test")
		r = c3.do("POST", "/api/v1/auth/signin/mfa", map[string]string{"challenge": ch3.MFA.Challenge, "recovery_code": confirmed.RecoveryCodes[0]})
		wantProblem(t, "a used recovery code", r, 422, "body.recovery_code", "was used already")

		// The challenge expires after five minutes.
		c4, ch4 := passwordStep(e, "ada@acme.test")
		e.clock.Advance(5*time.Minute + time.Second)
		r = c4.do("POST", "/api/v1/auth/signin/mfa", map[string]string{"challenge": ch4.MFA.Challenge, "code": totpCode(e, secret, 0)})
		wantProblem(t, "an expired challenge", r, 401, "", "has expired")

		// Wrong codes count with wrong passwords (two failures so far: the used recovery code and … the
		// rest here), and a throttled account is refused even the right code.
		for range 5 {
			c5, ch5 := e.anon(), mfaChallenge{}
			rr := c5.do("POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
			if rr.status == 429 {
				break
			}
			rr.json(t, &ch5)
			c5.do("POST", "/api/v1/auth/signin/mfa", map[string]string{"challenge": ch5.MFA.Challenge, "code": mfaWrong(totpCode(e, secret, 0))})
		}
		r = e.anon().do("POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		if r.status != 429 || r.header.Get("Retry-After") == "" {
			t.Fatalf("after wrong codes: %d %s", r.status, r.body)
		}

		// Removing the last factor asks for proof.
		wantProblem(t, "remove without proof", admin.do("DELETE", "/api/v1/me/mfa/totp", nil), 422, "body.password", "is required")
		wantProblem(t, "remove with a wrong password", admin.do("DELETE", "/api/v1/me/mfa/totp", map[string]string{"password": "wrong password!"}), 422, "body.password", "is not your password")
		admin.must(204, "DELETE", "/api/v1/me/mfa/totp", map[string]string{"password": password})
		wantProblem(t, "remove twice", admin.do("DELETE", "/api/v1/me/mfa/totp", map[string]string{"password": password}), 404, "", "no authenticator app")
	})
}

func TestMFA_Passkeys(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, _ := e.setup()
		key := newPasskey()
		var added struct {
			Passkey       struct{ ID, Name string }
			RecoveryCodes []string `json:"recovery_codes"`
		}
		admin.must(201, "POST", "/api/v1/me/mfa/passkeys", passkeyAnswer(e, admin, key, "Desk key")).json(t, &added)
		if added.Passkey.Name != "Desk key" || len(added.RecoveryCodes) != 10 {
			t.Fatalf("added %+v", added)
		}
		bad := passkeyAnswer(e, admin, newPasskey(), "x")
		bad["credential"] = map[string]any{"id": "x"}
		wantProblem(t, "a malformed answer", admin.do("POST", "/api/v1/me/mfa/passkeys", bad), 422, "body.credential", "is not a browser's answer")
		phish := passkeyAnswer(e, admin, webauthntest.New("https://evil.test"), "x")
		wantProblem(t, "another origin", admin.do("POST", "/api/v1/me/mfa/passkeys", phish), 422, "body.credential", "was refused")

		c, ch := passwordStep(e, "ada@acme.test")
		if strings.Join(ch.MFA.Methods, ",") != "webauthn,recovery_code" {
			t.Fatalf("methods %v", ch.MFA.Methods)
		}
		var req struct{ Options json.RawMessage }
		c.must(200, "POST", "/api/v1/auth/signin/mfa/webauthn", map[string]string{"challenge": ch.MFA.Challenge}).json(t, &req)
		assertion, err := key.Assert(req.Options)
		if err != nil {
			t.Fatal(err)
		}
		c.must(200, "POST", "/api/v1/auth/signin/mfa", map[string]any{"challenge": ch.MFA.Challenge, "webauthn": json.RawMessage(assertion)})
		c.must(200, "GET", "/api/v1/me", nil)
		wantProblem(t, "a passkey request for an unknown sign-in", e.anon().do("POST", "/api/v1/auth/signin/mfa/webauthn", map[string]string{"challenge": "nope"}), 401, "", "no longer valid")

		id := added.Passkey.ID
		var renamed struct{ Name string }
		admin.must(200, "PATCH", "/api/v1/me/mfa/passkeys/"+id, map[string]string{"name": "Laptop"}).json(t, &renamed)
		if renamed.Name != "Laptop" {
			t.Fatalf("renamed to %q", renamed.Name)
		}
		wantProblem(t, "an empty name", admin.do("PATCH", "/api/v1/me/mfa/passkeys/"+id, map[string]string{"name": " "}), 422, "body.name", "is required")
		wantProblem(t, "remove the last without proof", admin.do("DELETE", "/api/v1/me/mfa/passkeys/"+id, nil), 422, "body.password", "is required")
		admin.must(204, "DELETE", "/api/v1/me/mfa/passkeys/"+id, map[string]string{"password": password})
		wantProblem(t, "remove it again", admin.do("DELETE", "/api/v1/me/mfa/passkeys/"+id, map[string]string{"password": password}), 404, "", "passkey not found")
		wantProblem(t, "regenerate codes without a factor", admin.do("POST", "/api/v1/me/mfa/recovery-codes", nil), 409, "", "add an authenticator app or a passkey first")
	})
}

func TestMFA_WorkspaceRequirementAndReset(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		bob, bobID := e.join(admin, a, "bob@acme.test", "member", "internal")
		_, carolID := e.join(admin, a, "carol@contractor.test", "member", "external")

		r := admin.do("PATCH", "/api/v1/workspaces/"+a, map[string]any{"mfa_required": true})
		wantProblem(t, "require MFA without one's own", r, 422, "body.mfa_required", "lock you out")
		enrollTOTP(e, admin)
		var w struct {
			MFARequired bool `json:"mfa_required"`
		}
		admin.must(200, "PATCH", "/api/v1/workspaces/"+a, map[string]any{"mfa_required": true}).json(t, &w)
		if !w.MFARequired {
			t.Fatal("mfa_required not set")
		}

		// Bob is refused everything of the workspace, with the mark the web app looks for.
		for _, path := range []string{"/api/v1/workspaces/" + a, "/api/v1/workspaces/" + a + "/members", "/api/v1/workspaces/" + a + "/datasets"} {
			r := bob.do("GET", path, nil)
			wantProblem(t, "bob reads "+path, r, 403, "body.mfa", "enroll a second factor")
			if p := r.problem(t); !strings.Contains(p.Detail, "requires two-factor authentication") {
				t.Fatalf("the refusal does not say why: %s", r.body)
			}
		}
		var status struct {
			RequiredBy []struct{ ID, Name string } `json:"required_by"`
		}
		bob.must(200, "GET", "/api/v1/me/mfa", nil).json(t, &status)
		if len(status.RequiredBy) != 1 || status.RequiredBy[0].ID != a {
			t.Fatalf("required_by %+v", status.RequiredBy)
		}
		enrollTOTP(e, bob)
		bob.must(200, "GET", "/api/v1/workspaces/"+a, nil)

		// Admins reset an internal member's factors; never their own, never an external member's.
		me := func(c *client) string {
			var m struct{ User struct{ ID string } }
			c.must(200, "GET", "/api/v1/me", nil).json(t, &m)
			return m.User.ID
		}
		wantProblem(t, "reset one's own", admin.do("DELETE", "/api/v1/workspaces/"+a+"/members/"+me(admin)+"/mfa", nil), 403, "", "your own")
		wantProblem(t, "reset an external member", admin.do("DELETE", "/api/v1/workspaces/"+a+"/members/"+carolID+"/mfa", nil), 403, "", "only an internal member")
		wantProblem(t, "bob resets", bob.do("DELETE", "/api/v1/workspaces/"+a+"/members/"+me(admin)+"/mfa", nil), 403, "", "only workspace admins")
		admin.must(204, "DELETE", "/api/v1/workspaces/"+a+"/members/"+bobID+"/mfa", nil)
		wantProblem(t, "bob after the reset", bob.do("GET", "/api/v1/workspaces/"+a, nil), 403, "body.mfa", "enroll")
		var log struct {
			Items []struct{ Action string } `json:"items"`
		}
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/audit?action=mfa.reset", nil).json(t, &log)
		if len(log.Items) != 1 {
			t.Fatalf("the reset is not in the audit log: %+v", log)
		}
	})
}

// mfaWrong returns another code of the same shape.
func mfaWrong(code string) string {
	b := []byte(code)
	b[0] = '0' + (b[0]-'0'+5)%10
	return string(b)
}

// TestMFA_RequirementStopsAPIKeys: an API key acts as its user and goes through the same check, so
// a member's keys stop working while a workspace requires a second factor they lack.
func TestMFA_RequirementStopsAPIKeys(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		bob, _ := e.join(admin, a, "bob@acme.test", "member", "internal")
		key := e.bearer(newKey(e, bob, a, nil).Secret)
		key.must(200, "GET", "/api/v1/workspaces/"+a+"/members", nil)

		enrollTOTP(e, admin)
		admin.must(200, "PATCH", "/api/v1/workspaces/"+a, map[string]any{"mfa_required": true})
		wantProblem(t, "bob's key", key.do("GET", "/api/v1/workspaces/"+a+"/members", nil), 403, "body.mfa", "enroll a second factor")
		enrollTOTP(e, bob)
		key.must(200, "GET", "/api/v1/workspaces/"+a+"/members", nil)
		// Second factors are managed with a session, never with a key.
		r := key.do("GET", "/api/v1/me/mfa", nil)
		if r.status != 403 {
			t.Fatalf("a key reads the account's second factors: %d %s", r.status, r.body)
		}
	})
}
