package loupe

import (
	"encoding/json"
	"time"
)

// AuditEntry is one record of the audit log: who did what to what, when and from where. Entries
// of a workspace form a chain: each carries the hash of the one before (see internal/audit).
type AuditEntry struct {
	WorkspaceID ID
	// Seq numbers a workspace's entries from 1 without gaps.
	Seq        int64
	ID         ID
	At         time.Time
	ActorID    *ID
	ActorEmail string
	IP         string
	// Action names what happened, such as "member.role_changed".
	Action     string
	TargetType string
	TargetID   string
	// Detail is a JSON object of what else matters (old and new values, reasons), in canonical form.
	Detail   json.RawMessage
	PrevHash []byte
	Hash     []byte
}

// AuditHead is the newest entry of a chain, as its number and hash.
type AuditHead struct {
	Seq  int64
	Hash []byte
}

// NoWorkspace chains the audit entries that belong to no workspace, such as a failed sign-in
// for an address that has no account.
var NoWorkspace = ID{}
