package store

import (
	"context"
	"encoding/json"
	"iter"
	"strconv"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// LockAuditHead returns the newest entry of a workspace's chain under its row lock, so that
// appends take their numbers one by one; a chain without entries has Seq 0.
func (t *Tx) LockAuditHead(ctx context.Context, workspaceID loupe.ID) (loupe.AuditHead, error) {
	if _, err := t.exec(ctx, `INSERT INTO audit_heads (workspace_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (workspace_id) DO NOTHING`,
		workspaceID, []byte{}); err != nil {
		return loupe.AuditHead{}, loupe.Wrap(err, "create audit head")
	}
	var h loupe.AuditHead
	err := t.queryRow(ctx, `SELECT seq, hash FROM audit_heads WHERE workspace_id = $1`+t.d.forUpdate(), workspaceID).Scan(&h.Seq, &h.Hash)
	return h, loupe.Wrap(err, "lock audit head")
}

// AuditHead returns the newest entry of a workspace's chain without locking it.
func (t *Tx) AuditHead(ctx context.Context, workspaceID loupe.ID) (loupe.AuditHead, error) {
	var h loupe.AuditHead
	err := t.queryRow(ctx, `SELECT seq, hash FROM audit_heads WHERE workspace_id = $1`, workspaceID).Scan(&h.Seq, &h.Hash)
	if h, err = one(h, err, "no audit entries"); loupe.IsCode(err, loupe.NotFound) {
		return loupe.AuditHead{}, nil
	}
	return h, loupe.Wrap(err, "read audit head")
}

// AppendAudit inserts a sealed entry and moves its chain's head to it, under the head's lock
// (LockAuditHead).
func (t *Tx) AppendAudit(ctx context.Context, e *loupe.AuditEntry) error {
	if _, err := t.exec(ctx, `INSERT INTO audit_entries (workspace_id, seq, id, at, actor_id, actor_email, ip, action, target_type, target_id, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.WorkspaceID, e.Seq, e.ID, e.At, e.ActorID, e.ActorEmail, e.IP, e.Action, e.TargetType, e.TargetID, string(e.Detail), e.PrevHash, e.Hash); err != nil {
		return loupe.Wrap(err, "insert audit entry")
	}
	return loupe.Wrap(t.execOne(ctx, "audit head not found", `UPDATE audit_heads SET seq = $2, hash = $3 WHERE workspace_id = $1`,
		e.WorkspaceID, e.Seq, e.Hash), "move audit head")
}

const auditColumns = `workspace_id, seq, id, at, actor_id, actor_email, ip, action, target_type, target_id, detail, prev_hash, hash`

func scanAudit(s scanner) (e loupe.AuditEntry, err error) {
	var detail string
	err = s.Scan(&e.WorkspaceID, &e.Seq, &e.ID, utc{&e.At}, &e.ActorID, &e.ActorEmail, &e.IP, &e.Action, &e.TargetType, &e.TargetID, &detail, &e.PrevHash, &e.Hash)
	e.Detail = json.RawMessage(detail)
	return e, err
}

// AuditFilter narrows a list of audit entries; zero fields do not.
type AuditFilter struct {
	ActorID    *loupe.ID
	Action     string
	TargetType string
	TargetID   string
	From, To   time.Time
	// Before pages backwards: only entries numbered below it.
	Before int64
}

// AuditEntries lists a workspace's entries, newest first, at most limit.
func (t *Tx) AuditEntries(ctx context.Context, workspaceID loupe.ID, f AuditFilter, limit int) ([]loupe.AuditEntry, error) {
	q := `SELECT ` + auditColumns + ` FROM audit_entries WHERE workspace_id = $1`
	args := []any{workspaceID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += ` AND ` + cond + ` $` + strconv.Itoa(len(args))
	}
	if f.ActorID != nil {
		add("actor_id =", *f.ActorID)
	}
	if f.Action != "" {
		add("action =", f.Action)
	}
	if f.TargetType != "" {
		add("target_type =", f.TargetType)
	}
	if f.TargetID != "" {
		add("target_id =", f.TargetID)
	}
	if !f.From.IsZero() {
		add("at >=", f.From)
	}
	if !f.To.IsZero() {
		add("at <", f.To)
	}
	if f.Before > 0 {
		add("seq <", f.Before)
	}
	args = append(args, limit)
	q += ` ORDER BY seq DESC LIMIT $` + strconv.Itoa(len(args))
	es, err := list(ctx, t, scanAudit, q, args...)
	return es, loupe.Wrap(err, "list audit entries")
}

// LastAuditBefore returns the last entry of a workspace's chain before a time, for the anchor of
// the day that ends then; NotFound when the chain had none yet.
func (t *Tx) LastAuditBefore(ctx context.Context, workspaceID loupe.ID, before time.Time) (loupe.AuditEntry, error) {
	e, err := scanAudit(t.queryRow(ctx, `SELECT `+auditColumns+` FROM audit_entries WHERE workspace_id = $1 AND at < $2 ORDER BY seq DESC LIMIT 1`,
		workspaceID, before))
	return one(e, err, "no audit entries before then")
}

// AuditChain yields a workspace's entries in order, a page at a time, for verification and
// export of chains of any length.
func (t *Tx) AuditChain(ctx context.Context, workspaceID loupe.ID, from, to time.Time) iter.Seq2[loupe.AuditEntry, error] {
	return func(yield func(loupe.AuditEntry, error) bool) {
		const page = 1000
		var after int64
		for {
			q := `SELECT ` + auditColumns + ` FROM audit_entries WHERE workspace_id = $1 AND seq > $2`
			args := []any{workspaceID, after}
			if !from.IsZero() {
				args = append(args, from)
				q += ` AND at >= $` + strconv.Itoa(len(args))
			}
			if !to.IsZero() {
				args = append(args, to)
				q += ` AND at < $` + strconv.Itoa(len(args))
			}
			args = append(args, page)
			q += ` ORDER BY seq LIMIT $` + strconv.Itoa(len(args))
			es, err := list(ctx, t, scanAudit, q, args...)
			if err != nil {
				yield(loupe.AuditEntry{}, loupe.Wrap(err, "read audit chain"))
				return
			}
			for _, e := range es {
				if !yield(e, nil) {
					return
				}
				after = e.Seq
			}
			if len(es) < page {
				return
			}
		}
	}
}

// AuditChains lists the workspaces that have an audit chain, the nil id included.
func (t *Tx) AuditChains(ctx context.Context) ([]loupe.ID, error) {
	ids, err := list(ctx, t, func(s scanner) (id loupe.ID, err error) { return id, s.Scan(&id) }, `SELECT workspace_id FROM audit_heads ORDER BY workspace_id`)
	return ids, loupe.Wrap(err, "list audit chains")
}
