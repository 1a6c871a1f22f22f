package service

import (
	"context"
	"fmt"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/auth"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// API keys. Every key is bound to one workspace, never to a whole account: the admins of a
// workspace then see and revoke every key that reaches its data, a leaked key exposes one tenant
// and not every customer a contractor works for, and a key goes with its membership when the
// member leaves or is removed. Its rights are its user's, read afresh on every request, narrowed
// by its scope in the policy (access.Check).

// maxScopeActions bounds the list of actions a scope names.
const maxScopeActions = 100

// APIKeyInput describes a new key.
type APIKeyInput struct {
	WorkspaceID loupe.ID
	Name        string
	// ExpiresAt is nil for a key that lasts until revoked.
	ExpiresAt *time.Time
	Scope     loupe.APIKeyScope
}

// NewAPIKey is a key just made and its secret, which is shown this once and kept nowhere.
type NewAPIKey struct {
	Key    loupe.APIKey
	Secret string
}

// CreateAPIKey makes a key for the actor in a workspace they belong to. A key that may make keys
// (its scope lists account.api_keys.manage) makes them only in its own workspace, with no broader
// scope and no later expiry than its own.
func (s *Service) CreateAPIKey(ctx context.Context, in APIKeyInput) (NewAPIKey, error) {
	a, err := self(ctx, access.ManageOwnAPIKeys)
	if err != nil {
		return NewAPIKey{}, err
	}
	now := s.clock()
	var v loupe.Validation
	name := cleanName(&v, "name", in.Name)
	scope := checkScope(&v, in.Scope)
	var expires *time.Time
	if in.ExpiresAt != nil {
		e := in.ExpiresAt.UTC().Truncate(time.Microsecond)
		if !e.After(now) {
			v.Add("expires_at", "must be in the future; %s has passed", e.Format(time.RFC3339))
		}
		expires = &e
	}
	if parent := a.APIKey; parent != nil {
		if !access.ScopeWithin(scope, parent.Scope) {
			v.Add("scope", "may not exceed the scope of the API key making this request")
		}
		if parent.ExpiresAt != nil && (expires == nil || expires.After(*parent.ExpiresAt)) {
			v.Add("expires_at", "may not be later than the expiry of the API key making this request (%s)", parent.ExpiresAt.Format(time.RFC3339))
		}
	}
	var out NewAPIKey
	create := func(tx *store.Tx) error {
		if _, err := principal(ctx, tx, in.WorkspaceID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		secret, prefix, hash := auth.NewAPIKey()
		k := loupe.APIKey{ID: loupe.NewID(), UserID: a.User.ID, WorkspaceID: in.WorkspaceID, Name: name, Prefix: prefix,
			Scope: scope, CreatedAt: now, ExpiresAt: expires}
		out = NewAPIKey{Key: k, Secret: secret}
		detail := map[string]any{"name": k.Name, "prefix": k.Prefix, "read_only": scope.ReadOnly, "actions": scope.Actions, "expires_at": expires}
		if a.APIKey != nil {
			detail["by_api_key"] = a.APIKey.ID
		}
		return s.audited(ctx, tx, in.WorkspaceID, tx.CreateAPIKey(ctx, &k, hash), AuditEvent{Action: "api_key.created",
			TargetType: "api_key", TargetID: k.ID.String(), Detail: detail})
	}
	// Two keys drawing one prefix (one chance in 62⁸) conflict; the next draw will not.
	for range 3 {
		if err = s.store.Write(ctx, create); !loupe.IsCode(err, loupe.Conflict) {
			break
		}
	}
	return out, err
}

// checkScope validates a scope: read-only, or actions the policy knows, each once.
func checkScope(v *loupe.Validation, s loupe.APIKeyScope) loupe.APIKeyScope {
	if s.ReadOnly && len(s.Actions) > 0 {
		v.Add("scope", "is read-only or a list of actions, not both")
	}
	if len(s.Actions) > maxScopeActions {
		v.Add("scope.actions", "may list at most %d actions", maxScopeActions)
	}
	seen := map[string]bool{}
	for i, a := range s.Actions {
		f := fmt.Sprintf("scope.actions[%d]", i)
		switch {
		case !access.ScopeAction(access.Action(a)):
			v.Add(f, "%q is not an action an API key may be given; GET /api/v1/api-key-actions lists them", a)
		case seen[a]:
			v.Add(f, "%s is listed twice", a)
		}
		seen[a] = true
	}
	if len(s.Actions) == 0 {
		s.Actions = nil
	}
	return s
}

// APIKeyActions lists what a key's scope may name, with what each lets a key do.
func (s *Service) APIKeyActions() []access.ActionInfo { return access.ScopeActions() }

// MyAPIKeys lists the actor's keys that are not revoked, expired ones included. Through a key, the
// list holds the keys of its workspace only: other workspaces do not exist for it.
func (s *Service) MyAPIKeys(ctx context.Context, p loupe.Page) ([]loupe.APIKey, *loupe.ID, error) {
	a, err := self(ctx, access.ReadOwnAccount)
	if err != nil {
		return nil, nil, err
	}
	var in loupe.ID
	if a.APIKey != nil {
		in = a.APIKey.WorkspaceID
	}
	var ks []loupe.APIKey
	var next *loupe.ID
	err = s.store.Read(ctx, func(tx *store.Tx) (err error) {
		ks, next, err = tx.APIKeysOfUser(ctx, a.User.ID, in, p)
		return err
	})
	return ks, next, err
}

// RevokeMyAPIKey revokes one of the actor's keys.
func (s *Service) RevokeMyAPIKey(ctx context.Context, id loupe.ID) error {
	a, err := self(ctx, access.ManageOwnAPIKeys)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		k, err := tx.APIKey(ctx, id)
		if err != nil {
			return err
		}
		if k.UserID != a.User.ID || a.APIKey != nil && a.APIKey.WorkspaceID != k.WorkspaceID {
			return loupe.Errorf(loupe.NotFound, "API key not found")
		}
		return s.revokeAPIKey(ctx, tx, k, a.User.ID, "owner")
	})
}

// WorkspaceAPIKeys lists, for its admins, the keys bound to a workspace that are not revoked.
func (s *Service) WorkspaceAPIKeys(ctx context.Context, workspaceID loupe.ID, p loupe.Page) ([]loupe.OwnedAPIKey, *loupe.ID, error) {
	var ks []loupe.OwnedAPIKey
	var next *loupe.ID
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ListAPIKeys, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		var err error
		ks, next, err = tx.WorkspaceAPIKeys(ctx, workspaceID, p)
		return err
	})
	return ks, next, err
}

// RevokeWorkspaceAPIKey revokes, as a workspace admin, any key bound to the workspace.
func (s *Service) RevokeWorkspaceAPIKey(ctx context.Context, workspaceID, id loupe.ID) error {
	return s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.RevokeAPIKey, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		k, err := tx.APIKey(ctx, id)
		if err != nil {
			return err
		}
		if k.WorkspaceID != workspaceID {
			return loupe.Errorf(loupe.NotFound, "API key not found")
		}
		return s.revokeAPIKey(ctx, tx, k, p.UserID, "admin")
	})
}

func (s *Service) revokeAPIKey(ctx context.Context, tx *store.Tx, k loupe.APIKey, by loupe.ID, as string) error {
	return s.audited(ctx, tx, k.WorkspaceID, tx.RevokeAPIKey(ctx, k.ID, s.clock(), by), AuditEvent{Action: "api_key.revoked",
		TargetType: "api_key", TargetID: k.ID.String(), Detail: map[string]any{"name": k.Name, "prefix": k.Prefix, "owner_id": k.UserID, "revoked_as": as}})
}

var errUnknownAPIKey = loupe.Errorf(loupe.Unauthenticated, "this API key is not valid: check that it was copied whole")

// AuthenticateAPIKey returns the actor an API key acts as. A key that is unknown and one whose
// secret is wrong are refused alike; only to the holder of the whole secret does the refusal say
// that the key was revoked or has expired, which tells them nothing they could use against it.
func (s *Service) AuthenticateAPIKey(ctx context.Context, key string, c Client) (*loupe.Actor, error) {
	prefix, ok := auth.ParseAPIKey(key)
	if !ok {
		return nil, loupe.Errorf(loupe.Unauthenticated, "this is not a Loupe API key: keys read loupe_<8 characters>_<43 characters>")
	}
	var k loupe.APIKey
	var hash string
	var u loupe.User
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		k, hash, u, err = tx.APIKeyByPrefix(ctx, prefix)
		return err
	})
	switch {
	case loupe.IsCode(err, loupe.NotFound):
		return nil, errUnknownAPIKey
	case err != nil:
		return nil, err
	case !auth.APIKeyMatches(key, hash):
		return nil, errUnknownAPIKey
	}
	now := s.clock()
	switch {
	case k.RevokedAt != nil:
		return nil, loupe.Errorf(loupe.Unauthenticated, "this API key was revoked on %s; create a new one under My account → API keys",
			k.RevokedAt.Format(time.RFC3339))
	case k.ExpiredAt(now):
		return nil, loupe.Errorf(loupe.Unauthenticated, "this API key expired on %s; create a new one under My account → API keys",
			k.ExpiresAt.Format(time.RFC3339))
	}
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) >= touchEvery {
		if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.TouchAPIKey(ctx, k.ID, now, c.IP) }); err != nil {
			return nil, err
		}
		k.LastUsedAt, k.LastUsedIP = &now, c.IP
	}
	return &loupe.Actor{User: u, APIKey: &k, IP: c.IP}, nil
}

// CheckOwnAccount asks the policy whether the actor may do an account action, named as the API's
// route table names it: the API checks the one an operation declares before an API key may call it.
func (s *Service) CheckOwnAccount(ctx context.Context, action string) error {
	_, err := self(ctx, access.Action(action))
	return err
}
