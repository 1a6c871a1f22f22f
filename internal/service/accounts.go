package service

import (
	"context"
	"strings"
	"time"

	"github.com/loupehq/loupe/internal/access"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// Client describes where a request comes from, for the sessions it opens and the throttle.
type Client struct {
	IP        string
	UserAgent string
}

// SignedIn is the outcome of a use case that opens a session: the user and the session's secret
// token. A sign-in of an account with a second factor opens none yet: MFA says how to go on.
type SignedIn struct {
	User  loupe.User
	Token string
	MFA   *SecondFactorNeeded
}

// SetupInput creates the first admin and workspace.
type SetupInput struct {
	WorkspaceName string
	Name          string
	Email         string
	Password      string
}

// SetupNeeded reports whether Loupe has no account yet and waits for its first admin.
func (s *Service) SetupNeeded(ctx context.Context) (bool, error) {
	var done bool
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		done, err = tx.SetupDone(ctx)
		if err == nil && !done {
			done, err = tx.HasUsers(ctx)
		}
		return err
	})
	return !done, err
}

// Setup creates the first workspace and its admin, and signs the admin in. It works once.
func (s *Service) Setup(ctx context.Context, in SetupInput, c Client) (SignedIn, loupe.Workspace, error) {
	var v loupe.Validation
	wsName := cleanName(&v, "workspace_name", in.WorkspaceName)
	u, err := s.newUser(&v, in.Name, in.Email, in.Password)
	if err != nil {
		return SignedIn{}, loupe.Workspace{}, err
	}
	var out SignedIn
	var ws loupe.Workspace
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if has, err := tx.HasUsers(ctx); err != nil {
			return err
		} else if has {
			return loupe.Errorf(loupe.Conflict, "Loupe is already set up; sign in instead")
		}
		if first, err := tx.CompleteSetup(ctx, u.CreatedAt); err != nil {
			return err
		} else if !first {
			return loupe.Errorf(loupe.Conflict, "Loupe is already set up; sign in instead")
		}
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		if ws, err = s.createWorkspaceWithAdmin(ctx, tx, wsName, u); err != nil {
			return err
		}
		out, err = s.openSession(ctx, tx, u, c)
		return err
	})
	return out, ws, err
}

// BootstrapInput creates a workspace and its first admin from the shell.
type BootstrapInput struct {
	WorkspaceName string
	AdminName     string
	AdminEmail    string
	AdminPassword string
}

// Bootstrap creates a workspace with an admin, creating the admin's account when the email has
// none. It needs no actor: whoever runs the binary against the database is trusted.
func (s *Service) Bootstrap(ctx context.Context, in BootstrapInput) (loupe.Workspace, loupe.User, error) {
	var v loupe.Validation
	wsName := cleanName(&v, "workspace_name", in.WorkspaceName)
	email := normalizeEmail(&v, "email", in.AdminEmail)
	if err := v.Err(); err != nil {
		return loupe.Workspace{}, loupe.User{}, err
	}
	var ws loupe.Workspace
	var u loupe.User
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		u, err = tx.UserByEmail(ctx, email)
		if loupe.IsCode(err, loupe.NotFound) {
			var nu *loupe.User
			if nu, err = s.newUser(&v, in.AdminName, email, in.AdminPassword); err != nil {
				return err
			}
			if err = tx.CreateUser(ctx, nu); err != nil {
				return err
			}
			u = *nu
		}
		if err != nil {
			return err
		}
		if _, err := tx.CompleteSetup(ctx, s.clock()); err != nil {
			return err
		}
		ws, err = s.createWorkspaceWithAdmin(ctx, tx, wsName, &u)
		return err
	})
	return ws, u, err
}

// newUser validates the fields of a new account and hashes its password. Every bad field is
// reported at once, together with those the caller collected in v.
func (s *Service) newUser(v *loupe.Validation, name, email, password string) (*loupe.User, error) {
	n := cleanName(v, "name", name)
	e := normalizeEmail(v, "email", email)
	if why := auth.CheckPassword(password, e, n, strings.Split(e, "@")[0]); why != "" {
		v.Add("password", "%s", why)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password, s.cfg.Argon2)
	if err != nil {
		return nil, loupe.Wrap(err, "hash password")
	}
	now := s.clock()
	return &loupe.User{ID: loupe.NewID(), Email: e, Name: n, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}, nil
}

// createUser inserts u, and when a workspace claims its email domain, makes u an internal member of it.
func (s *Service) createUser(ctx context.Context, tx *store.Tx, u *loupe.User) error {
	if err := tx.CreateUser(ctx, u); err != nil {
		return err
	}
	ws, err := tx.WorkspaceByDomain(ctx, emailDomain(u.Email))
	switch {
	case loupe.IsCode(err, loupe.NotFound):
		return nil
	case err != nil:
		return err
	}
	return tx.CreateMembership(ctx, &loupe.Membership{WorkspaceID: ws.ID, UserID: u.ID, Role: loupe.RoleMember,
		Type: loupe.UserInternal, CreatedAt: u.CreatedAt, UpdatedAt: u.CreatedAt})
}

// SignUp creates an account and signs it in.
func (s *Service) SignUp(ctx context.Context, name, email, password string, c Client) (SignedIn, error) {
	var v loupe.Validation
	u, err := s.newUser(&v, name, email, password)
	if err != nil {
		return SignedIn{}, err
	}
	var out SignedIn
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if err := s.createUser(ctx, tx, u); err != nil {
			return err
		}
		out, err = s.openSession(ctx, tx, u, c)
		return err
	})
	return out, err
}

func (s *Service) openSession(ctx context.Context, tx *store.Tx, u *loupe.User, c Client) (SignedIn, error) {
	token, hash := auth.NewToken()
	now := s.clock()
	sess := &loupe.Session{ID: loupe.NewID(), UserID: u.ID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.cfg.SessionLifetime), IP: c.IP, UserAgent: truncate(c.UserAgent, 512)}
	if err := tx.CreateSession(ctx, sess, hash); err != nil {
		return SignedIn{}, err
	}
	// Every way in (password, second factor, SSO, an accepted invitation) opens a session here.
	if err := s.auditMembers(ctx, tx, u.ID, AuditEvent{Action: "auth.signed_in", TargetType: "user", TargetID: u.ID.String(), Actor: u, IP: c.IP,
		Detail: map[string]any{"session_id": sess.ID, "user_agent": sess.UserAgent}}); err != nil {
		return SignedIn{}, err
	}
	return SignedIn{User: *u, Token: token}, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

var errBadCredentials = loupe.Errorf(loupe.Unauthenticated, "the email or password is wrong")

// SignIn checks an email and password and opens a session, or, for an account with a second
// factor, a challenge that CompleteSignIn finishes with it. Repeated failures for one account or
// from one address are refused for a while, whether or not the password is right.
func (s *Service) SignIn(ctx context.Context, email, password string, c Client) (SignedIn, error) {
	var v loupe.Validation
	e := normalizeEmail(&v, "email", email)
	if password == "" {
		v.Add("password", "is required")
	}
	if err := v.Err(); err != nil {
		return SignedIn{}, err
	}
	now := s.clock()
	var u loupe.User
	var byEmail, byIP int
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		byEmail, byIP, err = tx.SignInFailures(ctx, e, c.IP, now.Add(-s.cfg.Throttle.Window))
		if err != nil {
			return err
		}
		if byEmail >= s.cfg.Throttle.PerAccount || byIP >= s.cfg.Throttle.PerAddress {
			return &loupe.Error{Code: loupe.TooManyRequests, RetryAfterSeconds: int(s.cfg.Throttle.Window.Seconds()),
				Message: "too many failed sign-ins; try again in " + s.cfg.Throttle.Window.String()}
		}
		u, err = tx.UserByEmail(ctx, e)
		return err
	})
	hash := u.PasswordHash
	switch {
	case loupe.IsCode(err, loupe.NotFound):
		hash = s.dummyHash
	case err != nil:
		return SignedIn{}, err
	}
	ok, verr := auth.VerifyPassword(password, hash)
	if verr != nil {
		return SignedIn{}, loupe.Wrap(verr, "verify password of %s", u.ID)
	}
	if !ok || err != nil {
		known := err == nil
		if err := s.store.Write(ctx, func(tx *store.Tx) error {
			if err := tx.DeleteSignInFailuresBefore(ctx, now.Add(-s.cfg.Throttle.Window)); err != nil {
				return err
			}
			if err := tx.RecordSignInFailure(ctx, e, c.IP, now); err != nil {
				return err
			}
			return s.auditSignInFailure(ctx, tx, e, u, known, c, byEmail+1 == s.cfg.Throttle.PerAccount || byIP+1 == s.cfg.Throttle.PerAddress)
		}); err != nil {
			return SignedIn{}, err
		}
		return SignedIn{}, errBadCredentials
	}
	if err := s.checkSSOOnly(ctx, u, c); err != nil { // sso_policy.go
		return SignedIn{}, err
	}
	var out SignedIn
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		f, err := tx.MFAFactors(ctx, u.ID)
		if err != nil {
			return err
		}
		if f.Enrolled() {
			// The failures stay counted until the second factor is right too: otherwise each right
			// password would buy another round of guesses at the code.
			out.MFA, err = s.newMFAChallenge(ctx, tx, u, f)
			return err
		}
		if err := tx.ClearSignInFailures(ctx, e); err != nil {
			return err
		}
		out, err = s.openSession(ctx, tx, &u, c)
		return err
	})
	return out, err
}

// touchEvery bounds how often a session's last-seen time is written: at most once a minute.
const touchEvery = time.Minute

// Authenticate returns the actor a session token belongs to.
func (s *Service) Authenticate(ctx context.Context, token string, c Client) (*loupe.Actor, error) {
	hash := auth.HashToken(token)
	var sess loupe.Session
	var u loupe.User
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		sess, u, err = tx.SessionByTokenHash(ctx, hash)
		return err
	})
	if loupe.IsCode(err, loupe.NotFound) {
		return nil, loupe.Errorf(loupe.Unauthenticated, "your session has ended; sign in again")
	}
	if err != nil {
		return nil, err
	}
	now := s.clock()
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.cfg.SessionIdleTimeout)) {
		if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, u.ID, sess.ID) }); err != nil && !loupe.IsCode(err, loupe.NotFound) {
			return nil, err
		}
		return nil, loupe.Errorf(loupe.Unauthenticated, "your session has expired; sign in again")
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.TouchSession(ctx, sess.ID, now) }); err != nil {
			return nil, err
		}
		sess.LastSeenAt = now
	}
	return &loupe.Actor{User: u, Session: &sess, IP: c.IP}, nil
}

// SignOut ends the actor's session.
func (s *Service) SignOut(ctx context.Context) error {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return err
	}
	if a.Session == nil {
		return nil
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, a.User.ID, a.Session.ID) })
}

// Me returns the actor's account and memberships.
func (s *Service) Me(ctx context.Context) (loupe.User, []loupe.WorkspaceMembership, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return loupe.User{}, nil, err
	}
	var ms []loupe.WorkspaceMembership
	err = s.store.Read(ctx, func(tx *store.Tx) (err error) {
		ms, err = tx.MembershipsOfUser(ctx, a.User.ID)
		return err
	})
	return a.User, ms, err
}

// UpdateMe changes the actor's display name.
func (s *Service) UpdateMe(ctx context.Context, name string) (loupe.User, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return loupe.User{}, err
	}
	var v loupe.Validation
	n := cleanName(&v, "name", name)
	if err := v.Err(); err != nil {
		return loupe.User{}, err
	}
	var u loupe.User
	err = s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if u, err = tx.User(ctx, a.User.ID); err != nil {
			return err
		}
		u.Name, u.UpdatedAt = n, s.clock()
		return tx.UpdateUser(ctx, &u)
	})
	return u, err
}

// ChangePassword replaces the actor's password and ends their other sessions.
func (s *Service) ChangePassword(ctx context.Context, current, next string) error {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return err
	}
	if why := auth.CheckPassword(next, a.User.Email, a.User.Name, strings.Split(a.User.Email, "@")[0]); why != "" {
		return loupe.InvalidField("new_password", "%s", why)
	}
	hash, err := auth.HashPassword(next, s.cfg.Argon2)
	if err != nil {
		return loupe.Wrap(err, "hash password")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.User(ctx, a.User.ID)
		if err != nil {
			return err
		}
		if ok, err := auth.VerifyPassword(current, u.PasswordHash); err != nil {
			return loupe.Wrap(err, "verify password")
		} else if !ok {
			return loupe.InvalidField("current_password", "is not your current password")
		}
		u.PasswordHash, u.UpdatedAt = hash, s.clock()
		if err := tx.UpdateUser(ctx, &u); err != nil {
			return err
		}
		if a.Session == nil {
			return nil
		}
		return tx.DeleteOtherSessions(ctx, u.ID, a.Session.ID)
	})
}

// MySessions lists the actor's sessions.
func (s *Service) MySessions(ctx context.Context, p loupe.Page) ([]loupe.Session, *loupe.ID, error) {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return nil, nil, err
	}
	var ss []loupe.Session
	var next *loupe.ID
	err = s.store.Read(ctx, func(tx *store.Tx) (err error) {
		ss, next, err = tx.Sessions(ctx, a.User.ID, p)
		return err
	})
	return ss, next, err
}

// RevokeSession ends one of the actor's sessions.
func (s *Service) RevokeSession(ctx context.Context, id loupe.ID) error {
	a, err := self(ctx, access.UseOwnAccount)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteSession(ctx, a.User.ID, id) })
}

// PurgeStale removes expired sessions and sign-in challenges, sign-in failures too old to count,
// unconfirmed authenticator apps, and abandoned uploads.
func (s *Service) PurgeStale(ctx context.Context) (int64, error) {
	if err := s.purgeUploads(ctx); err != nil {
		return 0, err
	}
	now := s.clock()
	var n int64
	err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
		if n, err = tx.DeleteStaleSessions(ctx, now, now.Add(-s.cfg.SessionIdleTimeout)); err != nil {
			return err
		}
		if err := tx.DeleteStaleMFA(ctx, now, now.Add(-pendingTOTPLifetime)); err != nil {
			return err
		}
		return tx.DeleteSignInFailuresBefore(ctx, now.Add(-s.cfg.Throttle.Window))
	})
	return n, err
}

// auditSignInFailure records a wrong password in the workspaces of the account it was for, or,
// for an address with no account, in the chain of no workspace; and, when this failure starts a
// lockout, that too.
func (s *Service) auditSignInFailure(ctx context.Context, tx *store.Tx, email string, u loupe.User, known bool, c Client, lockedOut bool) error {
	detail := map[string]any{"email": email, "user_agent": truncate(c.UserAgent, 512)}
	events := []AuditEvent{{Action: "auth.sign_in_failed", TargetType: "user", TargetID: email, IP: c.IP, Detail: detail}}
	if lockedOut {
		events = append(events, AuditEvent{Action: "auth.locked_out", TargetType: "user", TargetID: email, IP: c.IP,
			Detail: map[string]any{"email": email, "for_seconds": int(s.cfg.Throttle.Window.Seconds())}})
	}
	for _, ev := range events {
		var err error
		if known {
			ev.TargetID = u.ID.String()
			err = s.auditMembers(ctx, tx, u.ID, ev)
		} else {
			err = s.audit(ctx, tx, loupe.NoWorkspace, ev)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
