package loupe

import "time"

// APIKey is a credential a user makes for programs. It acts as its user in one workspace, never
// beyond what the user may do there today, and narrower when its scope says so. Its secret is
// shown once; the store keeps a SHA-256 hash of it and the visible prefix.
type APIKey struct {
	ID     ID
	UserID ID
	// WorkspaceID is the one workspace the key reaches: to it, every other workspace does not exist.
	WorkspaceID ID
	Name        string
	// Prefix is the key's visible part, as in loupe_<Prefix>_<secret>, for telling keys apart.
	Prefix    string
	Scope     APIKeyScope
	CreatedAt time.Time
	// ExpiresAt is nil for a key that lasts until it is revoked.
	ExpiresAt *time.Time
	RevokedAt *time.Time
	RevokedBy *ID
	// LastUsedAt and LastUsedIP are written at most once a minute.
	LastUsedAt *time.Time
	LastUsedIP string
}

// ExpiredAt reports whether k no longer works at now because of its expiry.
func (k *APIKey) ExpiredAt(now time.Time) bool {
	return k.ExpiresAt != nil && !now.Before(*k.ExpiresAt)
}

// APIKeyScope narrows what a key may do below its user's rights. The zero value narrows nothing.
type APIKeyScope struct {
	// ReadOnly keys may do only the actions the policy classifies as reads.
	ReadOnly bool
	// Actions, when not empty, are the only actions the key may do (names from the policy).
	Actions []string
}

// OwnedAPIKey is a key with its owner, as a workspace's admins see it.
type OwnedAPIKey struct {
	APIKey
	Owner User
}
