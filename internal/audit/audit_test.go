package audit

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// chain makes n sealed entries of one workspace.
func chain(n int) ([]loupe.AuditEntry, loupe.AuditHead) {
	ws, actor := loupe.NewID(), loupe.NewID()
	var head loupe.AuditHead
	es := make([]loupe.AuditEntry, n)
	for i := range es {
		e := loupe.AuditEntry{WorkspaceID: ws, ID: loupe.NewID(), At: time.Date(2026, 12, 1, 10, 0, i, 0, time.UTC), ActorID: &actor,
			ActorEmail: "ada@acme.test", IP: "10.0.0.1", Action: "group.created", TargetType: "group", TargetID: loupe.NewID().String(),
			Detail: json.RawMessage(`{"name":"Labelers"}`)}
		Seal(&e, head)
		head = loupe.AuditHead{Seq: e.Seq, Hash: e.Hash}
		es[i] = e
	}
	return es, head
}

func verify(es []loupe.AuditEntry, head loupe.AuditHead) *Break {
	var v Verifier
	for _, e := range es {
		v.Add(e)
	}
	return v.Finish(head)
}

func TestVerify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		tamper  func(es []loupe.AuditEntry, head loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead)
		wantSeq int64 // 0: intact
	}{
		{"Intact", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) { return es, h }, 0},
		{"DetailEdited", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			es[2].Detail = json.RawMessage(`{"name":"Someone else"}`)
			return es, h
		}, 3},
		{"ActorErased", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			es[0].ActorID, es[0].ActorEmail = nil, ""
			return es, h
		}, 1},
		{"TimeMoved", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			es[4].At = es[4].At.Add(time.Hour)
			return es, h
		}, 5},
		{"EditedAndRehashed", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			// Whoever rewrites one entry's hash to match breaks the next entry's link.
			es[1].Action = "group.deleted"
			es[1].Hash = Hash(es[1])
			return es, h
		}, 3},
		{"MiddleRemoved", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			return append(es[:3:3], es[4:]...), h
		}, 4},
		{"FirstRemoved", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) { return es[1:], h }, 1},
		{"TailRemoved", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) { return es[:4], h }, 5},
		{"TailRemovedAndHeadMoved", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			// The head moved back without the last entry's hash: it no longer matches.
			return es[:4], loupe.AuditHead{Seq: 4, Hash: h.Hash}
		}, 4},
		{"Swapped", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			es[1], es[2] = es[2], es[1]
			return es, h
		}, 2},
		{"LastEdited", func(es []loupe.AuditEntry, h loupe.AuditHead) ([]loupe.AuditEntry, loupe.AuditHead) {
			es[5].TargetID = "elsewhere"
			return es, h
		}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			es, head := chain(6)
			es, head = tt.tamper(es, head)
			b := verify(es, head)
			switch {
			case tt.wantSeq == 0 && b != nil:
				t.Fatalf("intact chain reported broken: %v", b)
			case tt.wantSeq != 0 && b == nil:
				t.Fatal("tampering went unseen")
			case tt.wantSeq != 0 && b.Seq != tt.wantSeq:
				t.Fatalf("break at %d (%s), want %d", b.Seq, b.Reason, tt.wantSeq)
			}
		})
	}
}

func TestVerify_EmptyChain(t *testing.T) {
	t.Parallel()
	if b := verify(nil, loupe.AuditHead{}); b != nil {
		t.Fatalf("empty chain: %v", b)
	}
	if b := verify(nil, loupe.AuditHead{Seq: 3, Hash: []byte{1}}); b == nil || b.Seq != 1 {
		t.Fatalf("every entry removed: %v", b)
	}
}

// TestHash_FieldsDoNotRunTogether guards the length prefixes: moving bytes from one field to the
// next changes the hash.
func TestHash_FieldsDoNotRunTogether(t *testing.T) {
	t.Parallel()
	es, _ := chain(1)
	a, b := es[0], es[0]
	a.TargetType, a.TargetID = "group", "x"
	b.TargetType, b.TargetID = "groupx", ""
	if string(Hash(a)) == string(Hash(b)) {
		t.Fatal("two different entries hash alike")
	}
}
