package service

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/envelope"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

const (
	// MaxPartBytes bounds one part of a resumable upload.
	MaxPartBytes = 64 << 20
	// uploadLifetime is how long an unfinished resumable upload waits for its next part.
	uploadLifetime = 24 * time.Hour
)

// StartUpload opens a resumable upload of a file of size bytes: the client then sends its parts in
// order, and can ask where it stands after a broken connection.
func (s *Service) StartUpload(ctx context.Context, workspaceID, datasetID loupe.ID, name string, size int64, metadata []byte) (loupe.Upload, error) {
	var v loupe.Validation
	n := cleanFileName(&v, name)
	meta := checkMetadata(&v, "metadata", metadata)
	switch {
	case size <= 0:
		v.Add("size", "must be positive")
	case size > s.cfg.MaxUploadBytes:
		v.Add("size", "is larger than the limit of %d bytes", s.cfg.MaxUploadBytes)
	}
	var u loupe.Upload
	err := s.store.Read(ctx, func(tx *store.Tx) error {
		p, _, _, err := datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems)
		u.CreatedBy = p.UserID
		return err
	})
	if err != nil {
		return u, err
	}
	if err := v.Err(); err != nil {
		return u, err
	}
	version, _, err := s.keys.current(ctx, workspaceID)
	if err != nil {
		return u, err
	}
	now := s.clock()
	u = loupe.Upload{ID: loupe.NewID(), WorkspaceID: workspaceID, DatasetID: datasetID, Name: n, Size: size, Metadata: meta,
		KeyVersion: version, CreatedBy: u.CreatedBy, CreatedAt: now, ExpiresAt: now.Add(uploadLifetime)}
	err = s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateUpload(ctx, &u) })
	return u, err
}

// ResumableUpload returns an upload and how far it got.
func (s *Service) ResumableUpload(ctx context.Context, workspaceID, datasetID, id loupe.ID) (loupe.Upload, error) {
	var u loupe.Upload
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems); err != nil {
			return err
		}
		u, err = tx.Upload(ctx, workspaceID, datasetID, id)
		return err
	})
	return u, err
}

func partKey(u loupe.Upload, i int) string {
	return fmt.Sprintf("uploads/%s/%s/%06d", u.WorkspaceID, u.ID, i)
}

// partDataKey derives the key that seals one part from the workspace key.
func (s *Service) partDataKey(ctx context.Context, u loupe.Upload, i int) ([]byte, error) {
	wsKey, err := s.keys.version(ctx, u.WorkspaceID, u.KeyVersion)
	if err != nil {
		return nil, err
	}
	salt := binary.BigEndian.AppendUint32(append([]byte(nil), u.ID[:]...), uint32(i))
	key, err := hkdf.Key(sha256.New, wsKey, salt, "loupe upload part", envelope.KeySize)
	return key, loupe.Wrap(err, "derive part key")
}

// AddPart stores the next part of an upload, which must begin where the upload stands.
func (s *Service) AddPart(ctx context.Context, workspaceID, datasetID, id loupe.ID, offset int64, body io.Reader) (loupe.Upload, error) {
	u, err := s.ResumableUpload(ctx, workspaceID, datasetID, id)
	if err != nil {
		return u, err
	}
	if offset != u.Received {
		return u, loupe.Errorf(loupe.Conflict, "the upload stands at offset %d, not %d; send the part that begins there", u.Received, offset)
	}
	if u.Received == u.Size {
		return u, loupe.Errorf(loupe.Conflict, "the upload has all its %d bytes; complete it", u.Size)
	}
	key, err := s.partDataKey(ctx, u, u.Parts)
	if err != nil {
		return u, err
	}
	limit := min(int64(MaxPartBytes), u.Size-u.Received)
	n, _, err := writeBlob(ctx, s.managed, partKey(u, u.Parts), body, key, limit)
	if err != nil {
		var tl errTooLarge
		if errors.As(err, &tl) {
			return u, loupe.InvalidField("part", "may hold at most %d bytes here: parts hold up to %d, and the file has %d left", limit, MaxPartBytes, u.Size-u.Received)
		}
		return u, loupe.Wrap(err, "store part")
	}
	if n == 0 {
		s.managed.Delete(ctx, partKey(u, u.Parts))
		return u, loupe.InvalidField("part", "is empty")
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error { return tx.AdvanceUpload(ctx, workspaceID, id, offset, n) })
	if err != nil {
		// The part lost a race or the database refused: it does not count, so it must not stay.
		s.managed.Delete(context.WithoutCancel(ctx), partKey(u, u.Parts))
		return u, err
	}
	u.Received += n
	u.Parts++
	return u, nil
}

// partsReader reads an upload's parts one after another, each decrypted.
type partsReader struct {
	ctx  context.Context
	s    *Service
	u    loupe.Upload
	next int
	cur  io.Reader
}

func (r *partsReader) Read(p []byte) (int, error) {
	for {
		if r.cur != nil {
			n, err := r.cur.Read(p)
			if err != io.EOF || n > 0 {
				return n, err
			}
			r.cur = nil
		}
		if r.next == r.u.Parts {
			return 0, io.EOF
		}
		key, err := r.s.partDataKey(r.ctx, r.u, r.next)
		if err != nil {
			return 0, err
		}
		attrs, err := r.s.managed.Attributes(r.ctx, partKey(r.u, r.next))
		if err != nil {
			return 0, fmt.Errorf("part %d: %s", r.next, blob.Describe(err))
		}
		er, err := envelope.NewReader(blob.NewReaderAt(r.ctx, r.s.managed, partKey(r.u, r.next)), attrs.Size, key)
		if err != nil {
			return 0, fmt.Errorf("part %d: %w", r.next, err)
		}
		r.cur = er
		r.next++
	}
}

// CompleteUpload turns a fully received upload into an item, as a single upload would, and
// removes its parts. Completing claims the upload first, so that two requests to complete it
// cannot make two items; a completion that fails leaves nothing, and the file must be sent again.
func (s *Service) CompleteUpload(ctx context.Context, workspaceID, datasetID, id loupe.ID) (loupe.DataItem, error) {
	var d loupe.Dataset
	var u loupe.Upload
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, d, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems); err != nil {
			return err
		}
		u, err = tx.Upload(ctx, workspaceID, datasetID, id)
		return err
	})
	if err != nil {
		return loupe.DataItem{}, err
	}
	if u.Received != u.Size {
		return loupe.DataItem{}, loupe.Errorf(loupe.Conflict, "the upload has %d of its %d bytes; send the rest first", u.Received, u.Size)
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteUpload(ctx, workspaceID, id) }); err != nil {
		return loupe.DataItem{}, err
	}
	defer s.dropParts(ctx, u)
	return s.storeItem(ctx, d, u.Name, u.Metadata, &partsReader{ctx: ctx, s: s, u: u})
}

// AbortUpload drops an unfinished upload and its parts.
func (s *Service) AbortUpload(ctx context.Context, workspaceID, datasetID, id loupe.ID) error {
	u, err := s.ResumableUpload(ctx, workspaceID, datasetID, id)
	if err != nil {
		return err
	}
	s.dropUpload(ctx, u)
	return nil
}

func (s *Service) dropUpload(ctx context.Context, u loupe.Upload) {
	ctx = context.WithoutCancel(ctx)
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteUpload(ctx, u.WorkspaceID, u.ID) }); err != nil && !loupe.IsCode(err, loupe.NotFound) {
		s.log.WarnContext(ctx, "upload row not deleted", "upload", u.ID, "err", err)
	}
	s.dropParts(ctx, u)
}

func (s *Service) dropParts(ctx context.Context, u loupe.Upload) {
	ctx = context.WithoutCancel(ctx)
	for i := range u.Parts {
		if err := s.managed.Delete(ctx, partKey(u, i)); err != nil && !blob.IsNotFound(err) {
			s.log.WarnContext(ctx, "upload part not deleted", "upload", u.ID, "part", i, "err", err)
		}
	}
}

// purgeUploads drops uploads abandoned past their lifetime.
func (s *Service) purgeUploads(ctx context.Context) error {
	for {
		var us []loupe.Upload
		if err := s.store.Read(ctx, func(tx *store.Tx) (err error) { us, err = tx.ExpiredUploads(ctx, s.clock(), 100); return err }); err != nil {
			return err
		}
		for _, u := range us {
			s.dropUpload(ctx, u)
		}
		if len(us) < 100 {
			return nil
		}
	}
}
