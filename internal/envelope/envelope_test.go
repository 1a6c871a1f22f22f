package envelope

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"testing"
)

func seal(t testing.TB, key, plain []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w, err := NewWriter(&out, key)
	if err != nil {
		t.Fatal(err)
	}
	// Write in uneven pieces, as a network upload arrives.
	for p := plain; len(p) > 0; {
		n := min(len(p), 1000+len(p)%7919)
		if _, err := w.Write(p[:n]); err != nil {
			t.Fatal(err)
		}
		p = p[n:]
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if int64(out.Len()) != SealedSize(int64(len(plain))) {
		t.Fatalf("sealed %d bytes into %d, SealedSize says %d", len(plain), out.Len(), SealedSize(int64(len(plain))))
	}
	return out.Bytes()
}

func open(key, sealed []byte) (*Reader, error) {
	return NewReader(bytes.NewReader(sealed), int64(len(sealed)), key)
}

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	key := NewKey()
	for _, n := range []int{0, 1, SegmentSize - 1, SegmentSize, SegmentSize + 1, 3*SegmentSize + 17, 4 * SegmentSize} {
		plain := random(n)
		r, err := open(key, seal(t, key, plain))
		if err != nil {
			t.Fatalf("%d bytes: %v", n, err)
		}
		got, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(got, plain) || r.Size() != int64(n) {
			t.Fatalf("%d bytes: read %d bytes, %v", n, len(got), err)
		}
	}
}

// TestWriter_AnyWritePattern seals the same plaintext written in pieces of every kind — a byte at
// a time, whole segments, many segments at once, a segment and one byte — and reads it back.
func TestWriter_AnyWritePattern(t *testing.T) {
	t.Parallel()
	key := NewKey()
	for _, n := range []int{0, SegmentSize, 2 * SegmentSize, batchSegments * SegmentSize, (batchSegments + 1) * SegmentSize, 40*SegmentSize + 5} {
		plain := random(n)
		for _, piece := range []int{1, 4093, SegmentSize - 1, SegmentSize, SegmentSize + 1, batchSegments * SegmentSize, 3*batchSegments*SegmentSize + 7, n + 1} {
			if piece == 1 && n > 2*SegmentSize {
				continue
			}
			var out bytes.Buffer
			w, err := NewWriter(&out, key)
			if err != nil {
				t.Fatal(err)
			}
			for p := plain; len(p) > 0; {
				c := min(len(p), piece)
				if m, err := w.Write(p[:c]); m != c || err != nil {
					t.Fatalf("%d bytes in pieces of %d: Write = %d, %v", n, piece, m, err)
				}
				p = p[c:]
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if int64(out.Len()) != SealedSize(int64(n)) {
				t.Fatalf("%d bytes in pieces of %d: sealed into %d, SealedSize says %d", n, piece, out.Len(), SealedSize(int64(n)))
			}
			got, err := io.ReadAll(must(open(key, out.Bytes())))
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("%d bytes in pieces of %d: read back %d bytes, %v", n, piece, len(got), err)
			}
		}
	}
}

type failingWriter struct{ after int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.after -= len(p); f.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

// TestWriter_ReportsWriteErrors: a failure of the underlying writer comes back from a later Write
// or from Close, never lost.
func TestWriter_ReportsWriteErrors(t *testing.T) {
	t.Parallel()
	for _, room := range []int{0, 3 * SegmentSize, 40 * SegmentSize} {
		w, err := NewWriter(&failingWriter{after: room}, NewKey())
		if err != nil {
			t.Fatal(err)
		}
		var werr error
		plain := random(SegmentSize + 1)
		for range 64 {
			if _, werr = w.Write(plain); werr != nil {
				break
			}
		}
		cerr := w.Close()
		if werr == nil && cerr == nil {
			t.Errorf("room for %d bytes: 64 writes and Close all succeeded", room)
		}
	}
}

func TestReader_RandomAccess(t *testing.T) {
	t.Parallel()
	key := NewKey()
	plain := random(5*SegmentSize + 333)
	r, err := open(key, seal(t, key, plain))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ off, n int }{{0, 10}, {SegmentSize - 5, 10}, {2*SegmentSize + 1, 2 * SegmentSize}, {len(plain) - 3, 3}, {100, 0}} {
		buf := make([]byte, c.n)
		if _, err := r.ReadAt(buf, int64(c.off)); err != nil && err != io.EOF {
			t.Fatalf("ReadAt(%d, %d): %v", c.off, c.n, err)
		}
		if !bytes.Equal(buf, plain[c.off:c.off+c.n]) {
			t.Fatalf("ReadAt(%d, %d) differs", c.off, c.n)
		}
	}
	if n, err := r.ReadAt(make([]byte, 10), int64(len(plain)-4)); n != 4 || err != io.EOF {
		t.Fatalf("read past the end: %d, %v", n, err)
	}
	if _, err := r.Seek(int64(len(plain)-8), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	tail, _ := io.ReadAll(r)
	if !bytes.Equal(tail, plain[len(plain)-8:]) {
		t.Fatal("seek then read differs")
	}
}

func TestReader_DetectsTampering(t *testing.T) {
	t.Parallel()
	key := NewKey()
	plain := random(3*SegmentSize + 100)
	sealed := seal(t, key, plain)
	segLen := SegmentSize + tagSize
	tests := []struct {
		name   string
		mangle func([]byte) []byte
	}{
		{"flipped bit", func(b []byte) []byte { b[headerSize+segLen+5] ^= 1; return b }},
		{"flipped bit in last tag", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }},
		{"swapped segments", func(b []byte) []byte {
			s0 := append([]byte(nil), b[headerSize:headerSize+segLen]...)
			copy(b[headerSize:], b[headerSize+segLen:headerSize+2*segLen])
			copy(b[headerSize+segLen:], s0)
			return b
		}},
		{"cut at a segment boundary", func(b []byte) []byte { return b[:headerSize+2*segLen] }},
		{"bad magic", func(b []byte) []byte { b[0] = 'X'; return b }},
		{"changed prefix", func(b []byte) []byte { b[5] ^= 1; return b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			bad := tt.mangle(append([]byte(nil), sealed...))
			r, err := open(key, bad)
			if err == nil {
				_, err = io.ReadAll(r)
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("read a %s blob: %v, want ErrCorrupt", tt.name, err)
			}
		})
	}
	if _, err := io.ReadAll(must(open(NewKey(), sealed))); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("opened under another key: %v", err)
	}
}

func must(r *Reader, err error) *Reader {
	if err != nil {
		panic(err)
	}
	return r
}

func TestWrap(t *testing.T) {
	t.Parallel()
	kek, key := NewKey(), NewKey()
	w, err := Wrap(kek, key, []byte("blob-1"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Unwrap(kek, w, []byte("blob-1")); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("Unwrap: %v", err)
	}
	for name, fn := range map[string]func() ([]byte, error){
		"other aad": func() ([]byte, error) { return Unwrap(kek, w, []byte("blob-2")) },
		"other kek": func() ([]byte, error) { return Unwrap(NewKey(), w, []byte("blob-1")) },
		"truncated": func() ([]byte, error) { return Unwrap(kek, w[:10], []byte("blob-1")) },
		"short key": func() ([]byte, error) { return Unwrap(kek[:16], w, []byte("blob-1")) },
	} {
		if _, err := fn(); err == nil {
			t.Errorf("%s: unwrapped", name)
		}
	}
}

func TestPlainSize(t *testing.T) {
	t.Parallel()
	for n := int64(0); n < 3*SegmentSize+50; n += 4093 {
		if got, err := PlainSize(SealedSize(n)); err != nil || got != n {
			t.Fatalf("PlainSize(SealedSize(%d)) = %d, %v", n, got, err)
		}
	}
	for _, bad := range []int64{0, 5, int64(headerSize) + 3, SealedSize(SegmentSize) + 1} {
		if _, err := PlainSize(bad); err == nil {
			t.Errorf("PlainSize(%d) accepted", bad)
		}
	}
}

// FuzzOpen feeds arbitrary bytes to the reader: it must refuse or read, never panic.
func FuzzOpen(f *testing.F) {
	key := make([]byte, KeySize)
	f.Add(seal(f, key, []byte("hello")))
	f.Add([]byte("LPB1"))
	f.Fuzz(func(t *testing.T, sealed []byte) {
		r, err := open(key, sealed)
		if err != nil {
			return
		}
		io.ReadAll(r)
	})
}

// FuzzRoundTrip seals arbitrary plaintext and reads it back at an arbitrary offset.
func FuzzRoundTrip(f *testing.F) {
	key := NewKey()
	f.Add([]byte("x"), uint16(0))
	f.Fuzz(func(t *testing.T, plain []byte, at uint16) {
		r, err := open(key, seal(t, key, plain))
		if err != nil {
			t.Fatal(err)
		}
		off := int(at) % (len(plain) + 1)
		got := make([]byte, len(plain)-off)
		if _, err := r.ReadAt(got, int64(off)); err != nil && err != io.EOF {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain[off:]) {
			t.Fatal("differs")
		}
	})
}
