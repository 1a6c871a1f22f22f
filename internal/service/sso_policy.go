package service

import (
	"context"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// "SSO only": a workspace that turns it on refuses password sign-in to the members its identity
// provider can sign in, so that they go through the provider (and its MFA, its off-boarding).
//
//   - A member who belongs to that workspace alone is refused with a message that says to use
//     single sign-on, and the refusal is audited in the workspace.
//   - Break-glass: an admin of the workspace may still sign in with a password (and a second
//     factor, when enrolled), so that a broken or lost provider does not lock the workspace out.
//     Every such sign-in is audited as sso.break_glass_sign_in.
//   - A member who also belongs to another workspace keeps password sign-in: the provider may not
//     vouch for such an account (sso_signin.go), so refusing the password would lock them out.
//     Each such sign-in is audited as sso.password_sign_in_exempt, so admins see who bypasses SSO.
//   - Without an enabled provider, the setting holds nobody back.

// checkSSOOnly is asked by SignIn once the password is right and before a session or a second
// factor challenge: it returns the refusal, or nil. Its audit entries are written in a transaction
// of their own, so that a refusal (whose sign-in writes nothing) is recorded too.
func (s *Service) checkSSOOnly(ctx context.Context, u loupe.User, c Client) error {
	var only []loupe.ID
	var ms []loupe.WorkspaceMembership
	if err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if only, err = tx.SSOOnlyWorkspacesOf(ctx, u.ID); err != nil || len(only) == 0 {
			return err
		}
		ms, err = tx.MembershipsOfUser(ctx, u.ID)
		return err
	}); err != nil || len(only) == 0 {
		return err
	}
	event := func(action string, detail map[string]any) AuditEvent {
		return AuditEvent{Action: action, TargetType: "user", TargetID: u.ID.String(), Actor: &u, IP: c.IP, Detail: detail}
	}
	if len(ms) != 1 {
		return s.store.Write(ctx, func(tx *store.Tx) error {
			for _, ws := range only {
				if err := s.audit(ctx, tx, ws, event("sso.password_sign_in_exempt", map[string]any{"email": u.Email,
					"reason": "a member of other workspaces too, whom this workspace's identity provider may not sign in"})); err != nil {
					return err
				}
			}
			return nil
		})
	}
	m := ms[0]
	if m.Role == loupe.RoleAdmin {
		return s.store.Write(ctx, func(tx *store.Tx) error {
			return s.audit(ctx, tx, m.WorkspaceID, event("sso.break_glass_sign_in", map[string]any{"email": u.Email, "method": "password"}))
		})
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, m.WorkspaceID, event("sso.password_sign_in_refused", map[string]any{"email": u.Email}))
	}); err != nil {
		return err
	}
	return loupe.Errorf(loupe.Forbidden, "%s signs its members in with single sign-on: choose “Continue with SSO” on the sign-in page", m.Workspace.Name)
}
