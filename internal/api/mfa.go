package api

import (
	"context"
	"encoding/json"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

// Second factors: the account's own (/me/mfa/…), the second step of a sign-in (/auth/signin/mfa),
// and an admin's reset of a member's (/workspaces/{workspaceID}/members/{userID}/mfa).

type Passkey struct {
	ID         loupe.ID   `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty" doc:"When it last signed in; absent when never."`
}

func toPasskey(p loupe.Passkey) Passkey {
	return Passkey{ID: p.ID, Name: p.Name, CreatedAt: p.CreatedAt, LastUsedAt: p.LastUsedAt}
}

type MFAStatus struct {
	Enrolled               bool           `json:"enrolled" doc:"Whether the account has a second factor: an authenticator app or a passkey."`
	TOTP                   bool           `json:"totp" doc:"Whether an authenticator app is enrolled."`
	TOTPEnrolledAt         *time.Time     `json:"totp_enrolled_at,omitempty"`
	Passkeys               []Passkey      `json:"passkeys"`
	RecoveryCodesLeft      int            `json:"recovery_codes_left" doc:"Unused recovery codes."`
	RecoveryCodesCreatedAt *time.Time     `json:"recovery_codes_created_at,omitempty"`
	RequiredBy             []WorkspaceRef `json:"required_by" doc:"My workspaces that require a second factor: without one, they refuse me everything."`
}

type MFAStatusOutput struct{ Body MFAStatus }

func (s *Server) getMyMFA(ctx context.Context, _ *struct{}) (*MFAStatusOutput, error) {
	st, err := s.svc.MyMFA(ctx)
	if err != nil {
		return nil, err
	}
	f := st.Factors
	out := MFAStatus{Enrolled: f.Enrolled(), TOTP: f.TOTP != nil, Passkeys: make([]Passkey, 0, len(f.Passkeys)),
		RecoveryCodesLeft: f.RecoveryCodesLeft, RecoveryCodesCreatedAt: f.RecoveryCodesCreatedAt, RequiredBy: make([]WorkspaceRef, 0, len(st.RequiredBy))}
	if f.TOTP != nil {
		out.TOTPEnrolledAt = f.TOTP.ConfirmedAt
	}
	for _, p := range f.Passkeys {
		out.Passkeys = append(out.Passkeys, toPasskey(p))
	}
	for _, w := range st.RequiredBy {
		out.RequiredBy = append(out.RequiredBy, WorkspaceRef{ID: w.ID, Name: w.Name, IsWorkforce: w.IsWorkforce})
	}
	return &MFAStatusOutput{Body: out}, nil
}

type TOTPEnrollmentOutput struct {
	Body struct {
		Secret string `json:"secret" doc:"The base32 secret, for typing into an app by hand. Shown this once."`
		URI    string `json:"otpauth_uri" doc:"The otpauth:// URI that the QR code holds."`
		QRCode string `json:"qr_code" doc:"The QR code, a PNG as a data: URL."`
	}
}

func (s *Server) beginTOTP(ctx context.Context, _ *struct{}) (*TOTPEnrollmentOutput, error) {
	k, err := s.svc.BeginTOTP(ctx)
	if err != nil {
		return nil, err
	}
	out := &TOTPEnrollmentOutput{}
	out.Body.Secret, out.Body.URI, out.Body.QRCode = k.Secret, k.URI, k.QRCode
	return out, nil
}

type RecoveryCodesOutput struct {
	Body struct {
		RecoveryCodes []string `json:"recovery_codes" doc:"Recovery codes, shown this once; each works once. Empty when none were made (only the first second factor comes with them)."`
	}
}

func recoveryCodes(codes service.RecoveryCodes) *RecoveryCodesOutput {
	out := &RecoveryCodesOutput{}
	out.Body.RecoveryCodes = append([]string{}, codes...)
	return out
}

type ConfirmTOTPInput struct {
	Body struct {
		Code string `json:"code" maxLength:"20" doc:"The code the authenticator app shows now."`
	}
}

func (s *Server) confirmTOTP(ctx context.Context, in *ConfirmTOTPInput) (*RecoveryCodesOutput, error) {
	codes, err := s.svc.ConfirmTOTP(ctx, in.Body.Code)
	if err != nil {
		return nil, err
	}
	return recoveryCodes(codes), nil
}

// FactorProof confirms the removal of the last second factor.
type FactorProof struct {
	Password string `json:"password,omitempty" maxLength:"256" doc:"My password."`
	Code     string `json:"code,omitempty" maxLength:"40" doc:"Or a current code of my authenticator app, or a recovery code."`
}

func (p *FactorProof) proof() service.FactorProof {
	if p == nil {
		return service.FactorProof{}
	}
	return service.FactorProof{Password: p.Password, Code: p.Code}
}

type RemoveTOTPInput struct {
	Body *FactorProof `doc:"Needed when this is my last second factor."`
}

func (s *Server) removeTOTP(ctx context.Context, in *RemoveTOTPInput) (*struct{}, error) {
	return nil, s.svc.RemoveTOTP(ctx, in.Body.proof())
}

func (s *Server) regenerateRecoveryCodes(ctx context.Context, _ *struct{}) (*RecoveryCodesOutput, error) {
	codes, err := s.svc.RegenerateRecoveryCodes(ctx)
	if err != nil {
		return nil, err
	}
	return recoveryCodes(codes), nil
}

type PasskeysOutput struct{ Body List[Passkey] }

func (s *Server) listMyPasskeys(ctx context.Context, _ *struct{}) (*PasskeysOutput, error) {
	st, err := s.svc.MyMFA(ctx)
	if err != nil {
		return nil, err
	}
	return &PasskeysOutput{Body: list(st.Factors.Passkeys, nil, toPasskey)}, nil
}

type PasskeyRegistrationOutput struct {
	Body struct {
		CeremonyID loupe.ID        `json:"ceremony_id" doc:"Give it back with the browser's answer."`
		Options    json.RawMessage `json:"options" schema:"{\"type\":\"object\"}" doc:"What navigator.credentials.create takes ({\"publicKey\": …}), binary values in base64url."`
	}
}

func (s *Server) beginPasskeyRegistration(ctx context.Context, _ *struct{}) (*PasskeyRegistrationOutput, error) {
	reg, err := s.svc.BeginPasskeyRegistration(ctx)
	if err != nil {
		return nil, err
	}
	out := &PasskeyRegistrationOutput{}
	out.Body.CeremonyID, out.Body.Options = reg.CeremonyID, reg.Options
	return out, nil
}

type FinishPasskeyInput struct {
	Body struct {
		CeremonyID string          `json:"ceremony_id" format:"uuid"`
		Name       string          `json:"name,omitempty" maxLength:"100" doc:"What to call it; \"Passkey\" when absent."`
		Credential json.RawMessage `json:"credential" schema:"{\"type\":\"object\"}" doc:"The PublicKeyCredential navigator.credentials.create returned, as JSON (binary values in base64url)."`
	}
}

type PasskeyAddedOutput struct {
	Body struct {
		Passkey       Passkey  `json:"passkey"`
		RecoveryCodes []string `json:"recovery_codes" doc:"Recovery codes, shown this once, when this is my first second factor; empty otherwise."`
	}
}

func (s *Server) finishPasskeyRegistration(ctx context.Context, in *FinishPasskeyInput) (*PasskeyAddedOutput, error) {
	id, err := loupe.ParseID(in.Body.CeremonyID)
	if err != nil {
		return nil, err
	}
	added, err := s.svc.FinishPasskeyRegistration(ctx, id, in.Body.Name, in.Body.Credential)
	if err != nil {
		return nil, err
	}
	out := &PasskeyAddedOutput{}
	out.Body.Passkey, out.Body.RecoveryCodes = toPasskey(added.Passkey), append([]string{}, added.RecoveryCodes...)
	return out, nil
}

type PasskeyPath struct {
	PasskeyID string `path:"passkeyID" format:"uuid"`
}

type RenamePasskeyInput struct {
	PasskeyPath
	Body struct {
		Name string `json:"name" maxLength:"100"`
	}
}

type PasskeyOutput struct{ Body Passkey }

func (s *Server) renamePasskey(ctx context.Context, in *RenamePasskeyInput) (*PasskeyOutput, error) {
	id, err := loupe.ParseID(in.PasskeyID)
	if err != nil {
		return nil, err
	}
	p, err := s.svc.RenamePasskey(ctx, id, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &PasskeyOutput{Body: toPasskey(p)}, nil
}

type RemovePasskeyInput struct {
	PasskeyPath
	Body *FactorProof `doc:"Needed when this is my last second factor."`
}

func (s *Server) removePasskey(ctx context.Context, in *RemovePasskeyInput) (*struct{}, error) {
	id, err := loupe.ParseID(in.PasskeyID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RemovePasskey(ctx, id, in.Body.proof())
}

type CompleteSignInInput struct {
	Body struct {
		Challenge    string          `json:"challenge" maxLength:"100" doc:"The challenge the password step answered."`
		Code         string          `json:"code,omitempty" maxLength:"20" doc:"A code of my authenticator app."`
		RecoveryCode string          `json:"recovery_code,omitempty" maxLength:"40" doc:"Or one of my recovery codes."`
		WebAuthn     json.RawMessage `json:"webauthn,omitempty" schema:"{\"type\":\"object\"}" doc:"Or the PublicKeyCredential navigator.credentials.get returned, as JSON, for the options of POST /auth/signin/mfa/webauthn."`
	}
}

func (s *Server) completeSignIn(ctx context.Context, in *CompleteSignInInput) (*SignedInOutput, error) {
	b := in.Body
	si, err := s.svc.CompleteSignIn(ctx, service.SecondFactor{Challenge: b.Challenge, Code: b.Code, RecoveryCode: b.RecoveryCode, WebAuthn: b.WebAuthn}, clientFrom(ctx))
	if err != nil {
		return nil, err
	}
	return s.signedIn(si), nil
}

type BeginPasskeySignInInput struct {
	Body struct {
		Challenge string `json:"challenge" maxLength:"100" doc:"The challenge the password step answered."`
	}
}

type PasskeyRequestOutput struct {
	Body struct {
		Options json.RawMessage `json:"options" schema:"{\"type\":\"object\"}" doc:"What navigator.credentials.get takes ({\"publicKey\": …}), binary values in base64url."`
	}
}

func (s *Server) beginPasskeySignIn(ctx context.Context, in *BeginPasskeySignInInput) (*PasskeyRequestOutput, error) {
	opts, err := s.svc.BeginPasskeySignIn(ctx, in.Body.Challenge)
	if err != nil {
		return nil, err
	}
	out := &PasskeyRequestOutput{}
	out.Body.Options = opts
	return out, nil
}

func (s *Server) resetMemberMFA(ctx context.Context, in *MemberPath) (*struct{}, error) {
	ws, u, err := in.ids()
	if err != nil {
		return nil, err
	}
	return nil, s.svc.ResetMemberMFA(ctx, ws, u)
}
