// Package envelope encrypts blobs at rest with AES-256-GCM: each blob under a data key of its own,
// each data key wrapped by a key above it. Sealed blobs are cut into segments sealed one by one
// (the STREAM construction), so that a range of a blob — a video seek — decrypts without reading
// the rest, and truncating, reordering or splicing segments is detected.
package envelope

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

const (
	// KeySize is the size of every key: AES-256.
	KeySize = 32
	// SegmentSize is how much plaintext one sealed segment holds.
	SegmentSize = 64 << 10

	magic      = "LPB1"
	prefixSize = 7
	headerSize = len(magic) + prefixSize
	tagSize    = 16
)

// ErrCorrupt reports a sealed blob or a wrapped key that does not decrypt: tampered, truncated,
// or under another key.
var ErrCorrupt = errors.New("envelope: data is corrupt or was sealed under another key")

// NewKey returns a fresh random key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		panic("envelope: system randomness failed: " + err.Error())
	}
	return k
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("envelope: key is %d bytes, want %d", len(key), KeySize)
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// Wrap encrypts a key under kek. aad binds the wrapped key to what it belongs to (a blob's id),
// so that it cannot be moved to another.
func Wrap(kek, key, aad []byte) ([]byte, error) {
	g, err := newGCM(kek)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, key, aad), nil
}

// Unwrap decrypts a key that Wrap encrypted under kek with the same aad.
func Unwrap(kek, wrapped, aad []byte) ([]byte, error) {
	g, err := newGCM(kek)
	if err != nil {
		return nil, err
	}
	if len(wrapped) < g.NonceSize()+tagSize {
		return nil, ErrCorrupt
	}
	key, err := g.Open(nil, wrapped[:g.NonceSize()], wrapped[g.NonceSize():], aad)
	if err != nil {
		return nil, ErrCorrupt
	}
	return key, nil
}

// SealedSize returns the size of a sealed blob holding plain bytes.
func SealedSize(plain int64) int64 {
	return int64(headerSize) + plain + tagSize*segments(plain)
}

// segments is how many segments hold plain bytes: at least one, so an empty blob is sealed too.
func segments(plain int64) int64 {
	if plain == 0 {
		return 1
	}
	return (plain + SegmentSize - 1) / SegmentSize
}

// PlainSize returns the size of the plaintext in a sealed blob of sealed bytes.
func PlainSize(sealed int64) (int64, error) {
	body := sealed - int64(headerSize)
	if body < tagSize {
		return 0, ErrCorrupt
	}
	n := (body + SegmentSize + tagSize - 1) / (SegmentSize + tagSize)
	plain := body - n*tagSize
	if plain < 0 || SealedSize(plain) != sealed {
		return 0, ErrCorrupt
	}
	return plain, nil
}

// putNonce makes n the nonce of segment i: the blob's random prefix, the segment's number, and
// whether it is the last, so that a blob cut short at a segment boundary does not open.
func putNonce(n, prefix []byte, i uint32, last bool) {
	copy(n, prefix)
	binary.BigEndian.PutUint32(n[prefixSize:], i)
	n[11] = 0
	if last {
		n[11] = 1
	}
}

// batchSegments is how many sealed segments the Writer gathers before it writes them: one write
// of 256 KiB instead of four of 64 KiB. Larger batches measured slower than none: the batch then
// no longer stays in the core's cache until the write copies it out (docs/benchmarks.md).
const batchSegments = 4

// Writer seals what is written to it into w. Close seals the last segment; without it the blob is
// incomplete and will not open. Sealed segments reach w in batches, so that an error of w may
// surface at a later Write or at Close.
type Writer struct {
	w      io.Writer
	gcm    cipher.AEAD
	prefix []byte
	nonce  [12]byte
	buf    []byte // the segment being filled
	out    []byte // sealed and not yet written: the header, then whole segments
	i      uint32
	err    error
	closed bool
}

// NewWriter starts a sealed blob under key.
func NewWriter(w io.Writer, key []byte) (*Writer, error) {
	g, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	prefix := make([]byte, prefixSize)
	if _, err := rand.Read(prefix); err != nil {
		return nil, err
	}
	out := make([]byte, 0, headerSize+batchSegments*(SegmentSize+tagSize))
	out = append(append(out, magic...), prefix...)
	return &Writer{w: w, gcm: g, prefix: prefix, buf: make([]byte, 0, SegmentSize), out: out}, nil
}

func (w *Writer) Write(p []byte) (int, error) {
	if w.closed {
		return 0, errors.New("envelope: write after close")
	}
	if w.err != nil {
		return 0, w.err
	}
	n := 0
	for len(p) > 0 {
		// A full segment is sealed only once more data follows: until then it may be the last.
		if len(w.buf) == SegmentSize {
			if err := w.seal(w.buf, false); err != nil {
				return n, err
			}
			w.buf = w.buf[:0]
		}
		// A whole segment of p with more after it is sealed where it lies, without a copy.
		if len(w.buf) == 0 && len(p) > SegmentSize {
			if err := w.seal(p[:SegmentSize], false); err != nil {
				return n, err
			}
			p, n = p[SegmentSize:], n+SegmentSize
			continue
		}
		c := copy(w.buf[len(w.buf):SegmentSize], p)
		w.buf = w.buf[:len(w.buf)+c]
		p, n = p[c:], n+c
	}
	return n, nil
}

// seal seals one segment after those waiting, and writes them all when the batch is full or the
// segment is the last.
func (w *Writer) seal(plain []byte, last bool) error {
	if w.i == ^uint32(0) {
		return errors.New("envelope: blob too large")
	}
	putNonce(w.nonce[:], w.prefix, w.i, last)
	w.out = w.gcm.Seal(w.out, w.nonce[:], plain, nil)
	w.i++
	if !last && cap(w.out)-len(w.out) >= SegmentSize+tagSize {
		return nil
	}
	_, err := w.w.Write(w.out)
	w.out = w.out[:0]
	if err != nil {
		w.err = err
	}
	return err
}

// Close seals the last segment and writes what is left. It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	return w.seal(w.buf, true)
}

// Reader opens a sealed blob for random access: it reads and decrypts only the segments a read
// touches, and keeps the last one it decrypted.
type Reader struct {
	r      io.ReaderAt
	gcm    cipher.AEAD
	prefix []byte
	size   int64 // plaintext
	n      int64 // segments
	off    int64 // for Read and Seek

	cached int64 // index of the segment in plain, -1 for none
	plain  []byte
	sealed []byte
	nonce  [12]byte
}

// NewReader opens a sealed blob of sealedSize bytes that r reads.
func NewReader(r io.ReaderAt, sealedSize int64, key []byte) (*Reader, error) {
	g, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	size, err := PlainSize(sealedSize)
	if err != nil {
		return nil, err
	}
	head := make([]byte, headerSize)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, fmt.Errorf("envelope: read header: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return nil, ErrCorrupt
	}
	return &Reader{r: r, gcm: g, prefix: head[len(magic):], size: size, n: segments(size), cached: -1,
		sealed: make([]byte, SegmentSize+tagSize)}, nil
}

// Size is the plaintext's size.
func (r *Reader) Size() int64 { return r.size }

func (r *Reader) segment(i int64) ([]byte, error) {
	if i == r.cached {
		return r.plain, nil
	}
	start := int64(headerSize) + i*(SegmentSize+tagSize)
	length := int64(SegmentSize + tagSize)
	if i == r.n-1 {
		length = int64(headerSize) + r.size + r.n*tagSize - start
	}
	buf := r.sealed[:length]
	if _, err := r.r.ReadAt(buf, start); err != nil && !(errors.Is(err, io.EOF) && len(buf) > 0) {
		return nil, fmt.Errorf("envelope: read segment %d: %w", i, err)
	}
	putNonce(r.nonce[:], r.prefix, uint32(i), i == r.n-1)
	plain, err := r.gcm.Open(r.plain[:0], r.nonce[:], buf, nil)
	if err != nil {
		r.cached = -1
		return nil, ErrCorrupt
	}
	r.plain, r.cached = plain, i
	return plain, nil
}

// ReadAt reads plaintext at off.
func (r *Reader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("envelope: negative offset")
	}
	n := 0
	for len(p) > 0 {
		if off >= r.size {
			return n, io.EOF
		}
		seg, err := r.segment(off / SegmentSize)
		if err != nil {
			return n, err
		}
		c := copy(p, seg[off%SegmentSize:])
		p, off, n = p[c:], off+int64(c), n+c
	}
	return n, nil
}

func (r *Reader) Read(p []byte) (int, error) {
	n, err := r.ReadAt(p, r.off)
	r.off += int64(n)
	if err == io.EOF && n > 0 {
		err = nil
	}
	return n, err
}

func (r *Reader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("envelope: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("envelope: seek before start")
	}
	r.off = offset
	return offset, nil
}
