package api

import (
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// The types here are what the API shows; they are kept apart from the domain's, so that a stored
// field (a password hash) never reaches a client by accident.

type User struct {
	ID        loupe.ID  `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

func toUser(u loupe.User) User {
	return User{ID: u.ID, Email: u.Email, Name: u.Name, CreatedAt: u.CreatedAt}
}

type UserRef struct {
	ID    loupe.ID `json:"id"`
	Email string   `json:"email"`
	Name  string   `json:"name"`
}

func toUserRef(u loupe.User) UserRef { return UserRef{ID: u.ID, Email: u.Email, Name: u.Name} }

type WorkspaceRef struct {
	ID          loupe.ID `json:"id"`
	Name        string   `json:"name"`
	IsWorkforce bool     `json:"is_workforce"`
}

type Membership struct {
	Workspace WorkspaceRef `json:"workspace"`
	Role      string       `json:"role" enum:"admin,workforce_manager,member,tasker"`
	UserType  string       `json:"user_type" enum:"internal,workforce,external"`
}

type Workspace struct {
	ID           loupe.ID `json:"id"`
	Name         string   `json:"name"`
	IsWorkforce  bool     `json:"is_workforce" doc:"A workforce workspace supplies contracted taskers to other workspaces."`
	EmailDomains []string `json:"email_domains" doc:"Signing up with an address at one of these domains makes the user an internal member."`
	// SignedURLLifetime is in seconds.
	SignedURLLifetime int       `json:"signed_url_lifetime_seconds" doc:"How long links that let browsers fetch files stay valid."`
	MFARequired       bool      `json:"mfa_required" doc:"Members without a second factor reach nothing of the workspace (API keys included) until they enroll one."`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

func toWorkspace(w loupe.Workspace) Workspace {
	return Workspace{ID: w.ID, Name: w.Name, IsWorkforce: w.IsWorkforce, EmailDomains: w.EmailDomains,
		SignedURLLifetime: int(w.SignedURLLifetime.Seconds()), MFARequired: w.MFARequired, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

type Member struct {
	User      UserRef   `json:"user"`
	Role      string    `json:"role" enum:"admin,workforce_manager,member,tasker"`
	UserType  string    `json:"user_type" enum:"internal,workforce,external"`
	CreatedAt time.Time `json:"created_at"`
}

func toMember(m loupe.Member) Member {
	return Member{User: toUserRef(m.User), Role: string(m.Role), UserType: string(m.Type), CreatedAt: m.CreatedAt}
}

type Invitation struct {
	ID        loupe.ID  `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role" enum:"admin,workforce_manager,member,tasker"`
	UserType  string    `json:"user_type" enum:"internal,workforce,external"`
	InvitedBy loupe.ID  `json:"invited_by" doc:"The id of the member who sent the invitation."`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func toInvitation(i loupe.Invitation) Invitation {
	return Invitation{ID: i.ID, Email: i.Email, Role: string(i.Role), UserType: string(i.Type), InvitedBy: i.InvitedBy,
		CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt}
}

type Group struct {
	ID          loupe.ID  `json:"id"`
	Name        string    `json:"name"`
	MemberCount int       `json:"member_count"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func toGroup(g loupe.Group) Group {
	return Group{ID: g.ID, Name: g.Name, MemberCount: g.MemberCount, CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt}
}

type Session struct {
	ID         loupe.ID  `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current" doc:"Whether this is the session making the request."`
}
