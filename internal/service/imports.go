package service

import (
	"bufio"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"strings"

	gblob "gocloud.dev/blob"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/blob"
	"github.com/loupehq/loupe/internal/envelope"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
)

// importBatch is how many rows one transaction of an import registers.
const importBatch = 1000

// maxManifestLine bounds one manifest line: a key and its metadata.
const maxManifestLine = 1 << 20

// ImportInput asks to register a customer's objects: those under a prefix, or those a JSON Lines
// manifest names.
type ImportInput struct {
	Prefix   string
	Manifest io.Reader
}

// CreateImport records an import and enqueues its job in the same transaction. A manifest is
// stored sealed in Loupe's own storage until the job has read it.
func (s *Service) CreateImport(ctx context.Context, workspaceID, datasetID loupe.ID, in ImportInput) (loupe.Import, error) {
	var p access.Principal
	var d loupe.Dataset
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		p, d, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems)
		return err
	})
	if err != nil {
		return loupe.Import{}, err
	}
	if d.IntegrationID == nil {
		return loupe.Import{}, loupe.Errorf(loupe.Invalid, "this dataset lives in Loupe's own storage, which holds nothing to register; upload files instead, or create the dataset on a storage integration")
	}
	m := loupe.Import{ID: loupe.NewID(), WorkspaceID: workspaceID, DatasetID: datasetID, Source: loupe.ImportPrefix, Status: loupe.ImportQueued,
		CreatedBy: p.UserID, CreatedAt: s.clock()}
	if in.Manifest != nil {
		m.Source = loupe.ImportManifest
		m.ManifestKey = "imports/" + workspaceID.String() + "/" + m.ID.String() + ".jsonl"
		v, key, err := s.manifestKey(ctx, m, 0)
		if err != nil {
			return m, err
		}
		m.KeyVersion = v
		size, _, err := writeBlob(ctx, s.managed, m.ManifestKey, in.Manifest, key, s.cfg.MaxUploadBytes)
		if err != nil {
			var tl errTooLarge
			if errors.As(err, &tl) {
				return m, loupe.InvalidField("manifest", "%v", tl)
			}
			return m, loupe.Wrap(err, "store manifest")
		}
		if size == 0 {
			s.managed.Delete(ctx, m.ManifestKey)
			return m, loupe.InvalidField("manifest", "is empty")
		}
	} else {
		prefix, ok := cleanKey(in.Prefix, true)
		if !ok {
			return m, loupe.InvalidField("prefix", "must be a relative path inside the bucket, without . or .. segments")
		}
		m.Prefix = prefix
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if _, _, _, err := datasetAuth(ctx, tx, workspaceID, datasetID, access.WriteItems); err != nil {
			return err
		}
		if err := tx.CreateImport(ctx, &m); err != nil {
			return err
		}
		return s.queue.EnqueueImport(ctx, tx, workspaceID, m.ID)
	})
	if err != nil && m.ManifestKey != "" {
		s.managed.Delete(context.WithoutCancel(ctx), m.ManifestKey)
	}
	return m, err
}

// manifestKey derives the key that seals an import's manifest from the workspace key: version 0
// takes the current one.
func (s *Service) manifestKey(ctx context.Context, m loupe.Import, version int) (int, []byte, error) {
	var wsKey []byte
	var err error
	if version == 0 {
		version, wsKey, err = s.keys.current(ctx, m.WorkspaceID)
	} else {
		wsKey, err = s.keys.version(ctx, m.WorkspaceID, version)
	}
	if err != nil {
		return 0, nil, err
	}
	key, err := hkdf.Key(sha256.New, wsKey, m.ID[:], "loupe import manifest", envelope.KeySize)
	return version, key, loupe.Wrap(err, "derive manifest key")
}

// cleanKey checks an object key (or a prefix, which may be empty) given by a customer: relative,
// inside the integration's prefix, no . or .. segments.
func cleanKey(k string, prefix bool) (string, bool) {
	k = strings.TrimSpace(k)
	if prefix {
		k = strings.Trim(k, "/")
		if k == "" {
			return "", true
		}
	}
	if k == "" || len(k) > 1024 || strings.HasPrefix(k, "/") || strings.ContainsAny(k, "\x00\r\n") {
		return "", false
	}
	for _, seg := range strings.Split(k, "/") {
		if seg == "." || seg == ".." || (!prefix && seg == "") {
			return "", false
		}
	}
	if prefix {
		k += "/"
	}
	return k, true
}

// Imports lists a dataset's recent imports.
func (s *Service) Imports(ctx context.Context, workspaceID, datasetID loupe.ID) ([]loupe.Import, error) {
	var ms []loupe.Import
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.ReadDataset); err != nil {
			return err
		}
		ms, err = tx.Imports(ctx, workspaceID, datasetID, 20)
		return err
	})
	return ms, err
}

// Import returns one import, with its progress.
func (s *Service) Import(ctx context.Context, workspaceID, datasetID, id loupe.ID) (loupe.Import, error) {
	var m loupe.Import
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, _, _, err = datasetAuth(ctx, tx, workspaceID, datasetID, access.ReadDataset); err != nil {
			return err
		}
		if m, err = tx.Import(ctx, workspaceID, id); err == nil && m.DatasetID != datasetID {
			err = loupe.Errorf(loupe.NotFound, "import not found")
		}
		return err
	})
	return m, err
}

// importRow is one object to register, from a listing or a manifest line.
type importRow struct {
	line int64
	item loupe.DataItem
}

// manifestLine is one line of a JSON Lines manifest.
type manifestLine struct {
	Key        string          `json:"key"`
	Type       loupe.ItemType  `json:"type"`
	Size       int64           `json:"size"`
	Width      *int            `json:"width"`
	Height     *int            `json:"height"`
	DurationMS *int64          `json:"duration_ms"`
	Metadata   json.RawMessage `json:"metadata"`
}

var extTypes = map[string]loupe.ItemType{
	".png": loupe.ItemImage, ".jpg": loupe.ItemImage, ".jpeg": loupe.ItemImage, ".webp": loupe.ItemImage, ".tif": loupe.ItemImage,
	".tiff": loupe.ItemImage, ".gif": loupe.ItemImage, ".bmp": loupe.ItemImage,
	".mp4": loupe.ItemVideo, ".mov": loupe.ItemVideo, ".webm": loupe.ItemVideo, ".mkv": loupe.ItemVideo, ".avi": loupe.ItemVideo,
	".mp3": loupe.ItemAudio, ".wav": loupe.ItemAudio, ".flac": loupe.ItemAudio, ".ogg": loupe.ItemAudio, ".m4a": loupe.ItemAudio, ".aac": loupe.ItemAudio,
	".txt": loupe.ItemText, ".md": loupe.ItemText,
	".pdf": loupe.ItemDocument,
}

// typeOf tells an object's item type and MIME type from its name, as registering reads no byte.
func typeOf(key string) (loupe.ItemType, string, bool) {
	ext := strings.ToLower(path.Ext(key))
	t, ok := extTypes[ext]
	if !ok {
		return "", "", false
	}
	m := mime.TypeByExtension(ext)
	if m == "" {
		m = "application/octet-stream"
	}
	return t, m, true
}

// RunImport works an import: it registers every acceptable object in batches, counting progress,
// noting why each refused row was refused, and adding nothing twice. Run again, it changes nothing.
func (s *Service) RunImport(ctx context.Context, workspaceID, importID loupe.ID) error {
	var m loupe.Import
	var d loupe.Dataset
	var g loupe.Integration
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if m, err = tx.Import(ctx, workspaceID, importID); err != nil {
			return err
		}
		if d, err = tx.Dataset(ctx, workspaceID, m.DatasetID); err != nil {
			return err
		}
		if d.IntegrationID == nil {
			return loupe.Errorf(loupe.Invalid, "the dataset has no storage integration")
		}
		g, err = tx.Integration(ctx, workspaceID, *d.IntegrationID)
		return err
	})
	if loupe.IsCode(err, loupe.NotFound) {
		return nil // the dataset or the import was deleted meanwhile: nothing to do
	}
	if err != nil {
		return err
	}
	m.Status, m.Seen, m.Added, m.Existing, m.Failed, m.Errors, m.Error, m.FinishedAt = loupe.ImportRunning, 0, 0, 0, 0, nil, "", nil
	if err := s.saveImport(ctx, &m); err != nil {
		return err
	}
	b, err := s.openIntegration(ctx, g)
	if err == nil {
		err = s.registerAll(ctx, b, d, &m)
	}
	now := s.clock()
	m.FinishedAt = &now
	m.Status = loupe.ImportDone
	if err != nil {
		if ctx.Err() != nil {
			return err // stopped: River works the job again later
		}
		m.Status, m.Error = loupe.ImportFailed, err.Error()
		s.log.WarnContext(ctx, "import failed", "import", m.ID, "err", err)
	}
	if m.ManifestKey != "" && m.Status == loupe.ImportDone {
		if err := s.managed.Delete(ctx, m.ManifestKey); err != nil && !blob.IsNotFound(err) {
			s.log.WarnContext(ctx, "manifest not deleted", "import", m.ID, "err", err)
		}
	}
	return s.saveImport(ctx, &m)
}

func (s *Service) saveImport(ctx context.Context, m *loupe.Import) error {
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.SaveImportProgress(ctx, m) })
}

// reject counts a refused row and keeps its reason while there is room.
func reject(m *loupe.Import, line int64, key, format string, args ...any) {
	m.Failed++
	if len(m.Errors) < loupe.MaxImportErrors {
		m.Errors = append(m.Errors, loupe.ImportError{Line: line, Key: key, Message: fmt.Sprintf(format, args...)})
	}
}

func (s *Service) registerAll(ctx context.Context, b *blob.Bucket, d loupe.Dataset, m *loupe.Import) error {
	batch := make([]importRow, 0, importBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		items := make([]loupe.DataItem, len(batch))
		for i := range batch {
			items[i] = batch[i].item
		}
		err := s.store.Write(ctx, func(tx *store.Tx) error {
			added, err := tx.AddItems(ctx, items)
			if err != nil {
				return err
			}
			m.Added += int64(len(added))
			m.Existing += int64(len(batch) - len(added))
			if err := s.tasksForNewItems(ctx, tx, d.WorkspaceID, d.ID, insertedOnly(items, added)); err != nil {
				return err
			}
			return tx.SaveImportProgress(ctx, m)
		})
		batch = batch[:0]
		return err
	}
	add := func(r importRow) error {
		batch = append(batch, r)
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	}
	newItem := func(key string) loupe.DataItem {
		return loupe.DataItem{ID: loupe.NewID(), WorkspaceID: d.WorkspaceID, DatasetID: d.ID, ObjectKey: key, Name: path.Base(key),
			Metadata: json.RawMessage("{}"), CreatedAt: s.clock()}
	}
	var err error
	if m.Source == loupe.ImportPrefix {
		err = s.listPrefix(ctx, b, m, newItem, add)
	} else {
		err = s.readManifest(ctx, m, newItem, add)
	}
	if err != nil {
		return err
	}
	return flush()
}

func (s *Service) listPrefix(ctx context.Context, b *blob.Bucket, m *loupe.Import, newItem func(string) loupe.DataItem, add func(importRow) error) error {
	it := b.List(&gblob.ListOptions{Prefix: m.Prefix})
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("list %q: %s", m.Prefix, blob.Describe(err))
		}
		if obj.IsDir || strings.HasSuffix(obj.Key, "/") {
			continue
		}
		m.Seen++
		t, mt, ok := typeOf(obj.Key)
		if !ok {
			reject(m, 0, obj.Key, "not a file type Loupe takes (by its extension)")
			continue
		}
		item := newItem(obj.Key)
		item.Type, item.MIME, item.Size = t, mt, obj.Size
		if err := add(importRow{item: item}); err != nil {
			return err
		}
	}
}

func (s *Service) readManifest(ctx context.Context, m *loupe.Import, newItem func(string) loupe.DataItem, add func(importRow) error) error {
	_, key, err := s.manifestKey(ctx, *m, m.KeyVersion)
	if err != nil {
		return err
	}
	attrs, err := s.managed.Attributes(ctx, m.ManifestKey)
	if err != nil {
		return fmt.Errorf("the manifest is gone: %s", blob.Describe(err))
	}
	r, err := envelope.NewReader(blob.NewReaderAt(ctx, s.managed, m.ManifestKey), attrs.Size, key)
	if err != nil {
		return fmt.Errorf("open manifest: %w", err)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxManifestLine)
	var line int64
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		m.Seen++
		var ml manifestLine
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ml); err != nil {
			reject(m, line, "", "not a JSON object of key, type, size, width, height, duration_ms and metadata: %v", err)
			continue
		}
		k, ok := cleanKey(ml.Key, false)
		if !ok {
			reject(m, line, ml.Key, "the key must be a path inside the bucket's prefix: relative, without . or .. segments")
			continue
		}
		t, mt, ok := typeOf(k)
		if ml.Type != "" {
			t, ok = ml.Type, ml.Type == loupe.ItemImage || ml.Type == loupe.ItemVideo || ml.Type == loupe.ItemAudio || ml.Type == loupe.ItemText || ml.Type == loupe.ItemDocument
		}
		if !ok {
			reject(m, line, k, "the type is not one of image, video, audio, text, document, and the extension does not tell")
			continue
		}
		var v loupe.Validation
		meta := checkMetadata(&v, "metadata", ml.Metadata)
		if ml.Size < 0 || (ml.Width != nil && *ml.Width <= 0) || (ml.Height != nil && *ml.Height <= 0) {
			v.Add("size", "sizes must be positive")
		}
		if err := v.Err(); err != nil {
			reject(m, line, k, "%s", err.(*loupe.Error).Message)
			continue
		}
		item := newItem(k)
		if mt == "" {
			mt = "application/octet-stream"
		}
		item.Type, item.MIME, item.Size, item.Width, item.Height, item.DurationMS, item.Metadata = t, mt, ml.Size, ml.Width, ml.Height, ml.DurationMS, meta
		if err := add(importRow{line: line, item: item}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("line %d is longer than %d bytes", line+1, maxManifestLine)
		}
		return fmt.Errorf("read manifest: %w", err)
	}
	return nil
}

// insertedOnly keeps the items whose ids were inserted, in their order.
func insertedOnly(items []loupe.DataItem, ids []loupe.ID) []loupe.DataItem {
	if len(ids) == len(items) {
		return items
	}
	in := make(map[loupe.ID]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	out := make([]loupe.DataItem, 0, len(ids))
	for _, it := range items {
		if in[it.ID] {
			out = append(out, it)
		}
	}
	return out
}
