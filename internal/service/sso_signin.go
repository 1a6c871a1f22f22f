package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/sso"
	"github.com/loupehq/loupe/internal/store"
)

// Who a workspace's identity provider may sign in.
//
// A provider is the workspace's: its admins configure it and could make it assert any address. So
// it vouches only for people who are the workspace's alone:
//   - an address Loupe does not know becomes a new account, a member of the workspace with the
//     connection's role and user type (just in time), unless another workspace claims its domain;
//   - an existing account signs in when it belongs to this workspace and to no other (one with no
//     workspace at all joins this one, as a new account would);
//   - an account that also belongs to another workspace is refused: that workspace did not agree
//     to trust this provider, and a session reaches everything the account may reach.
//
// The address must be verified by the provider and its domain among the connection's domains.
// Every sign-in, refused or not, is audited in the workspace.

// ssoRefusal is why a verified identity may not sign in: reason for the audit log, message for the person.
type ssoRefusal struct {
	reason  string
	message string
}

func (r *ssoRefusal) Error() string { return r.reason + ": " + r.message }

func refusal(reason, format string, args ...any) *ssoRefusal {
	return &ssoRefusal{reason: reason, message: fmt.Sprintf(format, args...)}
}

// refuseSSO audits a refused sign-in in the workspace, in a transaction of its own (the sign-in's
// own, if any, rolled back), and returns the error the person sees. A workspace without a
// connection of the protocol gets no entry: strangers cannot fill the log of one without SSO.
func (s *Service) refuseSSO(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol, r *ssoRefusal, email string, c Client) error {
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.SSOConnection(ctx, workspaceID, p); loupe.IsCode(err, loupe.NotFound) {
			return nil
		} else if err != nil {
			return err
		}
		detail := map[string]any{"protocol": p, "reason": r.reason, "message": r.message}
		if email != "" {
			detail["email"] = email
		}
		return s.audit(ctx, tx, workspaceID, AuditEvent{Action: "sso.sign_in_refused", TargetType: "sso", TargetID: string(p), IP: c.IP, Detail: detail})
	})
	if err != nil && !loupe.IsCode(err, loupe.NotFound) {
		return err
	}
	return loupe.Errorf(loupe.Unauthenticated, "%s", r.message)
}

// refuseProvider turns a provider's refused answer into an audited refusal.
func (s *Service) refuseProvider(ctx context.Context, workspaceID loupe.ID, p loupe.SSOProtocol, err error, c Client) error {
	var r *sso.Refusal
	if !errors.As(err, &r) {
		return err
	}
	s.log.InfoContext(ctx, "sso answer refused", "workspace", workspaceID, "protocol", p, "reason", r.Reason, "err", err)
	return s.refuseSSO(ctx, workspaceID, p, refusal(string(r.Reason), "%s", r.Message), "", c)
}

// ssoSignIn signs in the person a provider vouched for, creating their account or membership
// just in time, and opens a session.
func (s *Service) ssoSignIn(ctx context.Context, conn loupe.SSOConnection, id sso.Identity, c Client) (SignedIn, error) {
	email := strings.ToLower(strings.TrimSpace(id.Email))
	var v loupe.Validation
	normalizeEmail(&v, "email", email)
	if v.Err() != nil {
		return SignedIn{}, s.refuseSSO(ctx, conn.WorkspaceID, conn.Protocol, refusal("invalid_email", "the provider's email address %q is not one Loupe accepts", email), email, c)
	}
	if !id.EmailVerified {
		return SignedIn{}, s.refuseSSO(ctx, conn.WorkspaceID, conn.Protocol, refusal("email_unverified", "the provider has not verified the address %s: verify it there first", email), email, c)
	}
	domain := emailDomain(email)
	if !slices.Contains(conn.Domains, domain) {
		return SignedIn{}, s.refuseSSO(ctx, conn.WorkspaceID, conn.Protocol, refusal("domain_not_allowed", "this workspace's single sign-on does not accept addresses at %s", domain), email, c)
	}
	// A new account's password is a secret nobody knows, hashed before the write transaction so
	// that the hash's cost does not hold the database's write lock.
	var known bool
	if err := s.store.Read(ctx, func(tx *store.Tx) error {
		_, err := tx.UserByEmail(ctx, email)
		known = err == nil
		if loupe.IsCode(err, loupe.NotFound) {
			return nil
		}
		return err
	}); err != nil {
		return SignedIn{}, err
	}
	var hash string
	if !known {
		secret, _ := auth.NewToken()
		var err error
		if hash, err = auth.HashPassword(secret, s.cfg.Argon2); err != nil {
			return SignedIn{}, loupe.Wrap(err, "hash password")
		}
	}
	var out SignedIn
	var refused *ssoRefusal
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		// The connection as it is now: an admin may have turned it off since the sign-in began.
		cur, err := tx.SSOConnection(ctx, conn.WorkspaceID, conn.Protocol)
		if loupe.IsCode(err, loupe.NotFound) || (err == nil && !cur.Enabled) {
			refused = refusal("disabled", "this workspace's single sign-on is turned off")
			return refused
		}
		if err != nil {
			return err
		}
		u, newAccount, joined, r, err := s.ssoAccount(ctx, tx, cur, email, id.Name, hash, c)
		if err != nil {
			return err
		}
		if r != nil {
			refused = r
			return r
		}
		if out, err = s.openSession(ctx, tx, &u, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, conn.WorkspaceID, AuditEvent{Action: "sso.signed_in", TargetType: "user", TargetID: u.ID.String(), Actor: &u, IP: c.IP,
			Detail: map[string]any{"protocol": conn.Protocol, "email": email, "issuer": id.Issuer, "subject": id.Subject, "new_account": newAccount, "joined": joined}})
	})
	if refused != nil {
		return SignedIn{}, s.refuseSSO(ctx, conn.WorkspaceID, conn.Protocol, refused, email, c)
	}
	return out, err
}

// ssoAccount finds or creates the account of a verified address and makes it a member of the
// connection's workspace, by the rules at the top of this file.
func (s *Service) ssoAccount(ctx context.Context, tx *store.Tx, conn loupe.SSOConnection, email, name, hash string, c Client) (u loupe.User, newAccount, joined bool, r *ssoRefusal, err error) {
	ws := conn.WorkspaceID
	u, err = tx.UserByEmail(ctx, email)
	switch {
	case loupe.IsCode(err, loupe.NotFound):
		if hash == "" { // created since the read before this transaction
			return u, false, false, refusal("retry", "your account was created a moment ago: sign in again"), nil
		}
		now := s.clock()
		u = loupe.User{ID: loupe.NewID(), Email: email, Name: ssoDisplayName(name, email), PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		newAccount = true
	case err != nil:
		return u, false, false, nil, err
	default:
		ms, err := tx.MembershipsOfUser(ctx, u.ID)
		if err != nil {
			return u, false, false, nil, err
		}
		inWorkspace := false
		for _, m := range ms {
			if m.WorkspaceID != ws {
				return u, false, false, refusal("account_elsewhere", "the account %s also belongs to another workspace, so this workspace's single sign-on cannot vouch for it: sign in with your password", email), nil
			}
			inWorkspace = true
		}
		if inWorkspace {
			return u, false, false, nil, nil
		}
	}
	// Joining: never into a domain another workspace claims, whose sign-ups are that workspace's.
	claimant, err := tx.WorkspaceByDomain(ctx, emailDomain(email))
	switch {
	case err == nil && claimant.ID != ws:
		return u, false, false, refusal("domain_claimed", "addresses at %s belong to another workspace: this workspace's single sign-on cannot create their accounts", emailDomain(email)), nil
	case err != nil && !loupe.IsCode(err, loupe.NotFound):
		return u, false, false, nil, err
	}
	if newAccount {
		if err := tx.CreateUser(ctx, &u); err != nil {
			return u, false, false, nil, err
		}
	}
	now := s.clock()
	m := loupe.Membership{WorkspaceID: ws, UserID: u.ID, Role: conn.Role, Type: conn.Type, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateMembership(ctx, &m); err != nil {
		return u, false, false, nil, err
	}
	err = s.audit(ctx, tx, ws, AuditEvent{Action: "member.joined", TargetType: "user", TargetID: u.ID.String(), Actor: &u, IP: c.IP,
		Detail: map[string]any{"email": u.Email, "role": m.Role, "user_type": m.Type, "via": "sso/" + string(conn.Protocol)}})
	return u, newAccount, true, nil, err
}

// ssoDisplayName is the provider's name for the person when Loupe can use it, else the address's
// local part.
func ssoDisplayName(name, email string) string {
	var v loupe.Validation
	n := cleanName(&v, "name", name)
	if v.Err() == nil {
		return n
	}
	n = email[:strings.LastIndexByte(email, '@')]
	for utf8.RuneCountInString(n) > maxNameLength {
		_, size := utf8.DecodeLastRuneInString(n)
		n = n[:len(n)-size]
	}
	return n
}
