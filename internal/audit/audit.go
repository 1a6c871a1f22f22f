// Package audit is the tamper-evident audit log's arithmetic: the hash that chains each entry to
// the one before it, and the verification that finds the first entry altered, removed or
// reordered. It is pure: the service appends entries in the transaction of the change they
// record, and the store keeps them.
package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/loupehq/loupe/internal/loupe"
)

// Genesis is the hash before a chain's first entry.
var Genesis = make([]byte, sha256.Size)

// Hash is the SHA-256 of an entry's content and the hash of the entry before it. Every field is
// length-prefixed, so that no two different entries encode alike.
func Hash(e loupe.AuditEntry) []byte {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte("loupe-audit-v1"))
	field(e.WorkspaceID[:])
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], uint64(e.Seq))
	field(seq[:])
	field(e.ID[:])
	field([]byte(e.At.UTC().Format(time.RFC3339Nano)))
	if e.ActorID != nil {
		field(e.ActorID[:])
	} else {
		field(nil)
	}
	for _, s := range []string{e.ActorEmail, e.IP, e.Action, e.TargetType, e.TargetID} {
		field([]byte(s))
	}
	field(e.Detail)
	field(e.PrevHash)
	return h.Sum(nil)
}

// Seal numbers e after head and sets its hashes.
func Seal(e *loupe.AuditEntry, head loupe.AuditHead) {
	e.Seq = head.Seq + 1
	e.PrevHash = head.Hash
	if head.Seq == 0 {
		e.PrevHash = Genesis
	}
	e.Hash = Hash(*e)
}

// Break says where a chain stops being what was written.
type Break struct {
	// Seq is the number of the first entry that is not as it was written, or the number expected
	// where entries are missing.
	Seq    int64
	Reason string
}

func (b *Break) Error() string { return fmt.Sprintf("audit entry %d: %s", b.Seq, b.Reason) }

// Verifier checks a chain one entry at a time, in order of Seq, and remembers the first break.
type Verifier struct {
	last  loupe.AuditHead
	first *Break
	count int64
}

// Add checks the next entry.
func (v *Verifier) Add(e loupe.AuditEntry) {
	if v.first != nil {
		return
	}
	v.count++
	want := v.last.Seq + 1
	prev := v.last.Hash
	if v.last.Seq == 0 {
		prev = Genesis
	}
	switch {
	case e.Seq > want:
		v.first = &Break{Seq: want, Reason: fmt.Sprintf("missing: the chain jumps from %d to %d", v.last.Seq, e.Seq)}
	case e.Seq < want:
		v.first = &Break{Seq: e.Seq, Reason: fmt.Sprintf("out of order: it comes after entry %d", v.last.Seq)}
	case !bytes.Equal(e.PrevHash, prev):
		v.first = &Break{Seq: e.Seq, Reason: "its link to the entry before does not match: that entry, or this one, was altered or replaced"}
	case !bytes.Equal(Hash(e), e.Hash):
		v.first = &Break{Seq: e.Seq, Reason: "altered: its content does not match its hash"}
	}
	v.last = loupe.AuditHead{Seq: e.Seq, Hash: e.Hash}
}

// Finish compares the end of the chain with its head, which sees entries removed from the end,
// and returns the first break, or nil for a chain that is as it was written.
func (v *Verifier) Finish(head loupe.AuditHead) *Break {
	if v.first != nil {
		return v.first
	}
	switch {
	case head.Seq > v.last.Seq:
		return &Break{Seq: v.last.Seq + 1, Reason: fmt.Sprintf("missing: the chain ends at %d but its head says %d; entries were removed from the end", v.last.Seq, head.Seq)}
	case head.Seq < v.last.Seq:
		return &Break{Seq: head.Seq + 1, Reason: fmt.Sprintf("the head says the chain ends at %d, but entries go on to %d", head.Seq, v.last.Seq)}
	case head.Seq > 0 && !bytes.Equal(head.Hash, v.last.Hash):
		return &Break{Seq: head.Seq, Reason: "altered: the last entry does not match the chain's head"}
	}
	return nil
}

// Count is how many entries were checked.
func (v *Verifier) Count() int64 { return v.count }
