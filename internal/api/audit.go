package api

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

type AuditEntry = service.AuditLine

type ListAuditInput struct {
	WorkspacePath
	ActorID    string    `query:"actor_id" format:"uuid" doc:"Only what this user did."`
	Action     string    `query:"action" maxLength:"64" doc:"Only this action, such as member.changed."`
	TargetType string    `query:"target_type" maxLength:"32" doc:"Only entries about this kind of thing: user, group, dataset, project…"`
	TargetID   string    `query:"target_id" maxLength:"64" doc:"Only entries about this one thing."`
	From       time.Time `query:"from" doc:"Only entries at or after this time (RFC 3339)."`
	To         time.Time `query:"to" doc:"Only entries before this time (RFC 3339)."`
	Cursor     string    `query:"cursor" doc:"Opaque cursor from the next_cursor of the previous page."`
	Limit      int       `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

type AuditListOutput struct{ Body List[AuditEntry] }

func auditCursor(seq int64) *string {
	if seq == 0 {
		return nil
	}
	c := base64.RawURLEncoding.EncodeToString([]byte("seq:" + strconv.FormatInt(seq, 10)))
	return &c
}

func parseAuditCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	var seq int64
	if err == nil && len(raw) > 4 && string(raw[:4]) == "seq:" {
		seq, err = strconv.ParseInt(string(raw[4:]), 10, 64)
	}
	if err != nil || seq <= 0 {
		return 0, huma.Error422UnprocessableEntity("cursor: is not a cursor this API returned",
			&huma.ErrorDetail{Location: "query.cursor", Message: "is not a cursor this API returned", Value: c})
	}
	return seq, nil
}

func (s *Server) listAudit(ctx context.Context, in *ListAuditInput) (*AuditListOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	actor, err := optionalID(in.ActorID)
	if err != nil {
		return nil, err
	}
	before, err := parseAuditCursor(in.Cursor)
	if err != nil {
		return nil, err
	}
	es, next, err := s.svc.AuditLog(ctx, ws, service.AuditQuery{ActorID: actor, Action: in.Action, TargetType: in.TargetType, TargetID: in.TargetID,
		From: in.From, To: in.To, Before: before}, in.Limit)
	if err != nil {
		return nil, err
	}
	out := &AuditListOutput{Body: List[AuditEntry]{Items: make([]AuditEntry, 0, len(es)), NextCursor: auditCursor(next)}}
	for _, e := range es {
		out.Body.Items = append(out.Body.Items, service.ToAuditLine(e))
	}
	return out, nil
}

type ExportAuditInput struct {
	WorkspacePath
	From time.Time `query:"from" doc:"Only entries at or after this time (RFC 3339)."`
	To   time.Time `query:"to" doc:"Only entries before this time (RFC 3339)."`
}

func (s *Server) exportAudit(ctx context.Context, in *ExportAuditInput) (*huma.StreamResponse, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	// Asked before the stream starts, so that a refusal is still a problem with its status.
	if _, _, err := s.svc.AuditLog(ctx, ws, service.AuditQuery{}, 1); err != nil {
		return nil, err
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		hc.SetHeader("Content-Type", "application/x-ndjson")
		hc.SetHeader("Content-Disposition", `attachment; filename="audit-`+ws.String()+`.jsonl"`)
		hc.SetStatus(200)
		if err := s.svc.ExportAudit(hc.Context(), ws, in.From, in.To, hc.BodyWriter()); err != nil {
			// The status is sent: the cut-short export is the client's sign, the log says why.
			s.log.ErrorContext(ctx, "audit export", "request_id", requestID(ctx), "err", err)
		}
	}}, nil
}

type AnchorInput struct {
	WorkspacePath
	Date string `query:"date" pattern:"^\\d{4}-\\d{2}-\\d{2}$" doc:"The day (UTC) whose last entry to anchor, as YYYY-MM-DD."`
}

type AnchorOutput struct {
	Body struct {
		Date string    `json:"date"`
		Seq  int64     `json:"seq" doc:"The last entry of the chain at the end of the day."`
		Hash string    `json:"hash" doc:"Its hash, in hex: kept elsewhere, it later proves that no entry up to it changed."`
		At   time.Time `json:"at"`
	}
}

func (s *Server) auditAnchor(ctx context.Context, in *AnchorInput) (*AnchorOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	day, err := time.Parse(time.DateOnly, in.Date)
	if err != nil {
		return nil, loupe.InvalidField("date", "must be a day as YYYY-MM-DD")
	}
	e, err := s.svc.AuditAnchor(ctx, ws, day)
	if err != nil {
		return nil, err
	}
	out := &AnchorOutput{}
	out.Body.Date, out.Body.Seq, out.Body.Hash, out.Body.At = in.Date, e.Seq, hex.EncodeToString(e.Hash), e.At
	return out, nil
}

type VerifyAuditOutput struct {
	Body struct {
		Entries  int64  `json:"entries" doc:"How many entries were recomputed."`
		Intact   bool   `json:"intact"`
		BrokenAt *int64 `json:"broken_at" doc:"The first entry that is not as it was written, or where entries are missing."`
		Reason   string `json:"reason,omitempty"`
	}
}

func (s *Server) verifyAudit(ctx context.Context, in *WorkspacePath) (*VerifyAuditOutput, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	r, err := s.svc.VerifyAudit(ctx, ws)
	if err != nil {
		return nil, err
	}
	out := &VerifyAuditOutput{}
	out.Body.Entries, out.Body.Intact = r.Entries, r.Break == nil
	if r.Break != nil {
		out.Body.BrokenAt, out.Body.Reason = &r.Break.Seq, r.Break.Reason
	}
	return out, nil
}
