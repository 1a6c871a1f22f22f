package service

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/audit"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// AuditEvent is what a use case records in the audit log, in the transaction of its change.
type AuditEvent struct {
	Action     string
	TargetType string
	TargetID   string
	Detail     map[string]any
	// Actor and IP name who acted when the request's context has no actor yet (a sign-in).
	Actor *loupe.User
	IP    string
}

// audit appends an entry to a workspace's chain in tx, so that it exists exactly when the change
// it records commits.
func (s *Service) audit(ctx context.Context, tx *store.Tx, workspaceID loupe.ID, e AuditEvent) error {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		// encoding/json writes map keys sorted: the detail is canonical as hashed.
		if detail, err = json.Marshal(e.Detail); err != nil {
			return loupe.Wrap(err, "encode audit detail")
		}
	}
	entry := loupe.AuditEntry{WorkspaceID: workspaceID, ID: loupe.NewID(), At: s.clock(), Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, Detail: detail, IP: e.IP}
	actor := e.Actor
	if a := loupe.ActorFrom(ctx); a != nil {
		if actor == nil {
			actor = &a.User
		}
		if entry.IP == "" {
			entry.IP = a.IP
		}
	}
	if actor != nil {
		entry.ActorID, entry.ActorEmail = &actor.ID, actor.Email
	}
	head, err := tx.LockAuditHead(ctx, workspaceID)
	if err != nil {
		return err
	}
	audit.Seal(&entry, head)
	return tx.AppendAudit(ctx, &entry)
}

// auditMembers records one event in every workspace a user belongs to: what their admins see of
// the account's sign-ins and second factors.
func (s *Service) auditMembers(ctx context.Context, tx *store.Tx, userID loupe.ID, e AuditEvent) error {
	ms, err := tx.MembershipsOfUser(ctx, userID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := s.audit(ctx, tx, m.WorkspaceID, e); err != nil {
			return err
		}
	}
	return nil
}

// AuditQuery narrows the audit log.
type AuditQuery = store.AuditFilter

// AuditLog lists a workspace's audit entries, newest first, and the cursor (Before) of the next page.
func (s *Service) AuditLog(ctx context.Context, workspaceID loupe.ID, q AuditQuery, limit int) ([]loupe.AuditEntry, int64, error) {
	if limit <= 0 || limit > loupe.MaxPageLimit {
		limit = loupe.DefaultPageLimit
	}
	var es []loupe.AuditEntry
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ReadAudit, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		es, err = tx.AuditEntries(ctx, workspaceID, q, limit+1)
		return err
	})
	var next int64
	if len(es) > limit {
		es = es[:limit]
		next = es[limit-1].Seq
	}
	return es, next, err
}

// AuditAnchor returns the last entry of a workspace's chain at the end of a day (UTC): its hash,
// kept elsewhere, later proves that nothing up to it changed.
func (s *Service) AuditAnchor(ctx context.Context, workspaceID loupe.ID, day time.Time) (loupe.AuditEntry, error) {
	end := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, 1)
	var e loupe.AuditEntry
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ReadAudit, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		e, err = tx.LastAuditBefore(ctx, workspaceID, end)
		return err
	})
	return e, err
}

// AuditReport is what verifying a chain found.
type AuditReport struct {
	WorkspaceID loupe.ID
	Entries     int64
	// Break is the first entry not as it was written; nil for an intact chain.
	Break *audit.Break
}

// VerifyAudit recomputes a workspace's chain.
func (s *Service) VerifyAudit(ctx context.Context, workspaceID loupe.ID) (AuditReport, error) {
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		_, err := authorize(ctx, tx, access.ReadAudit, access.Resource{WorkspaceID: workspaceID})
		return err
	})
	if err != nil {
		return AuditReport{}, err
	}
	return s.verifyChain(ctx, workspaceID)
}

// VerifyAllAudit recomputes every chain, for the operator's `loupe audit verify`: no actor, no policy.
func (s *Service) VerifyAllAudit(ctx context.Context) ([]AuditReport, error) {
	var ids []loupe.ID
	if err := s.store.Read(ctx, func(tx *store.Tx) (err error) { ids, err = tx.AuditChains(ctx); return err }); err != nil {
		return nil, err
	}
	out := make([]AuditReport, 0, len(ids))
	for _, id := range ids {
		r, err := s.verifyChain(ctx, id)
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (s *Service) verifyChain(ctx context.Context, workspaceID loupe.ID) (AuditReport, error) {
	r := AuditReport{WorkspaceID: workspaceID}
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		head, err := tx.AuditHead(ctx, workspaceID)
		if err != nil {
			return err
		}
		var v audit.Verifier
		for e, err := range tx.AuditChain(ctx, workspaceID, time.Time{}, time.Time{}) {
			if err != nil {
				return err
			}
			v.Add(e)
		}
		r.Entries, r.Break = v.Count(), v.Finish(head)
		return nil
	})
	return r, err
}

// AuditLine is one exported entry: every field that went into its hash, hashes in hex.
type AuditLine struct {
	WorkspaceID loupe.ID        `json:"workspace_id"`
	Seq         int64           `json:"seq"`
	ID          loupe.ID        `json:"id"`
	At          time.Time       `json:"at"`
	ActorID     *loupe.ID       `json:"actor_id"`
	ActorEmail  string          `json:"actor_email"`
	IP          string          `json:"ip"`
	Action      string          `json:"action"`
	TargetType  string          `json:"target_type"`
	TargetID    string          `json:"target_id"`
	Detail      json.RawMessage `json:"detail"`
	PrevHash    string          `json:"prev_hash"`
	Hash        string          `json:"hash"`
}

// ToAuditLine is an entry as exports and the API show it.
func ToAuditLine(e loupe.AuditEntry) AuditLine {
	return AuditLine{WorkspaceID: e.WorkspaceID, Seq: e.Seq, ID: e.ID, At: e.At, ActorID: e.ActorID, ActorEmail: e.ActorEmail, IP: e.IP,
		Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, Detail: e.Detail,
		PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash)}
}

// ExportAudit writes a workspace's entries between two times (zero: unbounded) as JSON Lines, in
// chain order, streaming.
func (s *Service) ExportAudit(ctx context.Context, workspaceID loupe.ID, from, to time.Time, w io.Writer) error {
	return s.store.Read(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ReadAudit, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		enc := json.NewEncoder(w)
		for e, err := range tx.AuditChain(ctx, workspaceID, from, to) {
			if err != nil {
				return err
			}
			if err := enc.Encode(ToAuditLine(e)); err != nil {
				return loupe.Wrap(err, "write audit export")
			}
		}
		return nil
	})
}

// audited records e once the change before it succeeded: `return s.audited(ctx, tx, ws, tx.Change(…), e)`.
func (s *Service) audited(ctx context.Context, tx *store.Tx, workspaceID loupe.ID, changed error, e AuditEvent) error {
	if changed != nil {
		return changed
	}
	return s.audit(ctx, tx, workspaceID, e)
}
