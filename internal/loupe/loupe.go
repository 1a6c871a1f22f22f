// Package loupe is the shared vocabulary of Loupe: identifiers, the entities of the domain model,
// the error type and the values that ride in a request's context. It imports no adapter.
package loupe

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// ID identifies every entity. UUIDv7 values sort by creation time, which cursor pagination relies on.
type ID = uuid.UUID

// NewID returns a fresh UUIDv7.
func NewID() ID { return uuid.Must(uuid.NewV7()) }

// ParseID parses a client-supplied identifier.
func ParseID(s string) (ID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return ID{}, Errorf(Invalid, "%q is not a valid id", s)
	}
	return id, nil
}

// Role is a member's role in a workspace.
type Role string

const (
	RoleAdmin            Role = "admin"
	RoleWorkforceManager Role = "workforce_manager"
	RoleMember           Role = "member"
	RoleTasker           Role = "tasker"
)

// Roles lists every workspace role, most powerful first.
var Roles = []Role{RoleAdmin, RoleWorkforceManager, RoleMember, RoleTasker}

func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// UserType says how a member relates to a workspace.
type UserType string

const (
	// UserInternal is employed by the workspace's organization: in at most one workspace, the only type that may be admin.
	UserInternal UserType = "internal"
	// UserWorkforce is contracted and may belong to many workspaces.
	UserWorkforce UserType = "workforce"
	// UserExternal is everyone else.
	UserExternal UserType = "external"
)

var UserTypes = []UserType{UserInternal, UserWorkforce, UserExternal}

func (t UserType) Valid() bool {
	for _, v := range UserTypes {
		if t == v {
			return true
		}
	}
	return false
}

// Workspace is the tenant: every other row belongs to exactly one.
type Workspace struct {
	ID          ID
	Name        string
	IsWorkforce bool
	// EmailDomains are claimed: signing up with such an address makes the user an internal member.
	EmailDomains []string
	// SignedURLLifetime is how long a link that lets a browser fetch a blob stays valid.
	SignedURLLifetime time.Duration
	// MFARequired keeps members without a second factor out of the workspace until they enroll one.
	MFARequired bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

const (
	DefaultSignedURLLifetime = 15 * time.Minute
	MaxSignedURLLifetime     = 24 * time.Hour
)

// User is one person's account, independent of any workspace.
type User struct {
	ID           ID
	Email        string
	Name         string
	PasswordHash string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Membership binds a user to a workspace with a role and a user type.
type Membership struct {
	WorkspaceID ID
	UserID      ID
	Role        Role
	Type        UserType
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Member is a membership with its user, as a workspace's member list shows it.
type Member struct {
	Membership
	User User
}

// WorkspaceMembership is a membership with its workspace, as a user's own list shows it.
type WorkspaceMembership struct {
	Membership
	Workspace Workspace
}

// Group is a named pool of members of one workspace.
type Group struct {
	ID          ID
	WorkspaceID ID
	Name        string
	MemberCount int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Invitation asks an email address to join a workspace with a role and type.
type Invitation struct {
	ID          ID
	WorkspaceID ID
	Email       string
	Role        Role
	Type        UserType
	InvitedBy   ID
	CreatedAt   time.Time
	ExpiresAt   time.Time
	AcceptedAt  *time.Time
}

// Session is a signed-in browser. Its token is known only to the browser; the store keeps a hash.
type Session struct {
	ID         ID
	UserID     ID
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

// Page asks for one page of a list. Cursor is opaque to clients: the id of the last row seen.
type Page struct {
	After ID
	Limit int
}

const (
	DefaultPageLimit = 50
	MaxPageLimit     = 500
)

// Actor is who is making a request.
type Actor struct {
	User    User
	Session *Session
	// APIKey is the key the request came with, nil for a browser session: the policy narrows the
	// user's rights to its workspace and scope.
	APIKey *APIKey
	IP     string
}

type actorKey struct{}

// WithActor returns ctx carrying the acting principal.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the acting principal, or nil for an anonymous request.
func ActorFrom(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}

// Clock is injected wherever time matters, so that tests control it.
type Clock func() time.Time

// SystemClock returns the wall clock in UTC, truncated to microseconds (what both databases keep).
func SystemClock() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
