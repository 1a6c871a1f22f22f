package api

import (
	"context"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

type SetupStatus struct {
	Body struct {
		Needed bool `json:"needed" doc:"True until the first admin exists."`
	}
}

func (s *Server) getSetup(ctx context.Context, _ *struct{}) (*SetupStatus, error) {
	needed, err := s.svc.SetupNeeded(ctx)
	out := &SetupStatus{}
	out.Body.Needed = needed
	return out, err
}

type SetupInput struct {
	Body struct {
		WorkspaceName string `json:"workspace_name" maxLength:"100"`
		Name          string `json:"name" maxLength:"100"`
		Email         string `json:"email" maxLength:"254"`
		Password      string `json:"password" maxLength:"256"`
	}
}

type SetupOutput struct {
	SetCookie string `header:"Set-Cookie"`
	Body      struct {
		User      User      `json:"user"`
		Workspace Workspace `json:"workspace"`
	}
}

func (s *Server) setup(ctx context.Context, in *SetupInput) (*SetupOutput, error) {
	b := in.Body
	si, ws, err := s.svc.Setup(ctx, service.SetupInput{WorkspaceName: b.WorkspaceName, Name: b.Name, Email: b.Email, Password: b.Password}, clientFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := &SetupOutput{SetCookie: s.signedInCookie(si)}
	out.Body.User, out.Body.Workspace = toUser(si.User), toWorkspace(ws)
	return out, nil
}

func (s *Server) signedInCookie(si service.SignedIn) string {
	return s.sessionCookie(si.Token, s.cfg.SessionLifetime).String()
}

type SignUpInput struct {
	Body struct {
		Name     string `json:"name" maxLength:"100"`
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"256"`
	}
}

type SignedInOutput struct {
	SetCookie string `header:"Set-Cookie"`
	Body      struct {
		User User `json:"user"`
	}
}

func (s *Server) signedIn(si service.SignedIn) *SignedInOutput {
	out := &SignedInOutput{SetCookie: s.signedInCookie(si)}
	out.Body.User = toUser(si.User)
	return out
}

func (s *Server) signUp(ctx context.Context, in *SignUpInput) (*SignedInOutput, error) {
	si, err := s.svc.SignUp(ctx, in.Body.Name, in.Body.Email, in.Body.Password, clientFrom(ctx))
	if err != nil {
		return nil, err
	}
	return s.signedIn(si), nil
}

type SignInInput struct {
	Body struct {
		Email    string `json:"email" maxLength:"254"`
		Password string `json:"password" maxLength:"256"`
	}
}

// MFAChallenge answers a right password of an account with a second factor.
type MFAChallenge struct {
	Challenge string    `json:"challenge" doc:"Give it to POST /auth/signin/mfa with the second factor. It works once."`
	ExpiresAt time.Time `json:"expires_at" doc:"The second factor must come before this: five minutes after the password."`
	Methods   []string  `json:"methods" enum:"totp,webauthn,recovery_code" doc:"The second factors this account can answer with."`
}

type SignInOutput struct {
	SetCookie string `header:"Set-Cookie"`
	Body      struct {
		User *User         `json:"user,omitempty" doc:"The signed-in user; absent while a second factor is needed."`
		MFA  *MFAChallenge `json:"mfa,omitempty" doc:"Present when the account has a second factor: no session is open yet; POST /auth/signin/mfa opens it."`
	}
}

func (s *Server) signIn(ctx context.Context, in *SignInInput) (*SignInOutput, error) {
	si, err := s.svc.SignIn(ctx, in.Body.Email, in.Body.Password, clientFrom(ctx))
	if err != nil {
		return nil, err
	}
	out := &SignInOutput{}
	if si.MFA != nil {
		out.Body.MFA = &MFAChallenge{Challenge: si.MFA.Challenge, ExpiresAt: si.MFA.ExpiresAt, Methods: si.MFA.Methods}
		return out, nil
	}
	u := toUser(si.User)
	out.SetCookie, out.Body.User = s.signedInCookie(si), &u
	return out, nil
}

type SignOutOutput struct {
	SetCookie string `header:"Set-Cookie"`
}

func (s *Server) signOut(ctx context.Context, _ *struct{}) (*SignOutOutput, error) {
	if err := s.svc.SignOut(ctx); err != nil {
		return nil, err
	}
	return &SignOutOutput{SetCookie: s.clearCookie().String()}, nil
}

type MeOutput struct {
	Body struct {
		User        User         `json:"user"`
		Memberships []Membership `json:"memberships"`
	}
}

func (s *Server) getMe(ctx context.Context, _ *struct{}) (*MeOutput, error) {
	u, ms, err := s.svc.Me(ctx)
	if err != nil {
		return nil, err
	}
	out := &MeOutput{}
	out.Body.User = toUser(u)
	out.Body.Memberships = make([]Membership, 0, len(ms))
	for _, m := range ms {
		out.Body.Memberships = append(out.Body.Memberships, Membership{
			Workspace: WorkspaceRef{ID: m.Workspace.ID, Name: m.Workspace.Name, IsWorkforce: m.Workspace.IsWorkforce},
			Role:      string(m.Role), UserType: string(m.Type)})
	}
	return out, nil
}

type UpdateMeInput struct {
	Body struct {
		Name string `json:"name" maxLength:"100"`
	}
}

type UserOutput struct{ Body User }

func (s *Server) updateMe(ctx context.Context, in *UpdateMeInput) (*UserOutput, error) {
	u, err := s.svc.UpdateMe(ctx, in.Body.Name)
	if err != nil {
		return nil, err
	}
	return &UserOutput{Body: toUser(u)}, nil
}

type ChangePasswordInput struct {
	Body struct {
		CurrentPassword string `json:"current_password" maxLength:"256"`
		NewPassword     string `json:"new_password" maxLength:"256"`
	}
}

func (s *Server) changePassword(ctx context.Context, in *ChangePasswordInput) (*struct{}, error) {
	return nil, s.svc.ChangePassword(ctx, in.Body.CurrentPassword, in.Body.NewPassword)
}

type ListSessionsInput struct {
	PageQuery
}

type SessionsOutput struct{ Body List[Session] }

func (s *Server) listMySessions(ctx context.Context, in *ListSessionsInput) (*SessionsOutput, error) {
	p, err := in.page()
	if err != nil {
		return nil, err
	}
	ss, next, err := s.svc.MySessions(ctx, p)
	if err != nil {
		return nil, err
	}
	var current loupe.ID
	if a := loupe.ActorFrom(ctx); a != nil && a.Session != nil {
		current = a.Session.ID
	}
	return &SessionsOutput{Body: list(ss, next, func(v loupe.Session) Session {
		return Session{ID: v.ID, CreatedAt: v.CreatedAt, LastSeenAt: v.LastSeenAt, ExpiresAt: v.ExpiresAt, IP: v.IP, UserAgent: v.UserAgent,
			Current: v.ID == current}
	})}, nil
}

type SessionPath struct {
	SessionID string `path:"sessionID" format:"uuid"`
}

func (s *Server) revokeMySession(ctx context.Context, in *SessionPath) (*struct{}, error) {
	id, err := loupe.ParseID(in.SessionID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RevokeSession(ctx, id)
}
