package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

func batchItem(d loupe.Dataset, key string) loupe.DataItem {
	return loupe.DataItem{ID: loupe.NewID(), WorkspaceID: d.WorkspaceID, DatasetID: d.ID, ObjectKey: key, Name: key, Type: loupe.ItemImage,
		MIME: "image/jpeg", Metadata: json.RawMessage(`{}`), CreatedAt: t0}
}

func addItems(t *testing.T, st *store.Store, items []loupe.DataItem) []loupe.ID {
	t.Helper()
	var added []loupe.ID
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) (err error) { added, err = tx.AddItems(ctx, items); return err })
	return added
}

func idsOf(items ...loupe.DataItem) []loupe.ID {
	ids := make([]loupe.ID, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	return ids
}

// sameIDs compares two sets of ids: the database returns the inserted ids in no set order.
func sameIDs(got, want []loupe.ID) bool {
	cmp := func(a, b loupe.ID) int { return slices.Compare(a[:], b[:]) }
	got, want = slices.Clone(got), slices.Clone(want)
	slices.SortFunc(got, cmp)
	slices.SortFunc(want, cmp)
	return slices.Equal(got, want)
}

func TestStore_AddItems_ReturnsExactlyTheInserted(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		u := newUser(t, st)
		d, other := newDataset(t, st, w, u, "D"), newDataset(t, st, w, u, "Other")

		if added := addItems(t, st, nil); added != nil {
			t.Fatalf("an empty batch added %v", added)
		}

		width, height, duration, frames, fps := 1920, 1080, int64(61_500), int64(1845), 29.97
		full := batchItem(d, "clips/a.mp4")
		full.Type, full.MIME, full.Size, full.SHA256 = loupe.ItemVideo, "video/mp4", 1<<40, "e3b0c442"
		full.Width, full.Height, full.DurationMS, full.FPS, full.FrameCount = &width, &height, &duration, &fps, &frames
		full.Metadata = json.RawMessage(`{"camera":"front","night":true,"seq":[1,2]}`)
		full.WrappedKey, full.KeyVersion = []byte{0, 1, 2, 0xff}, 3
		bare := batchItem(d, "frames/b.jpg")
		bare.Metadata = nil // stored as {}
		c := batchItem(d, "frames/c.jpg")
		first := []loupe.DataItem{full, bare, c}
		if added := addItems(t, st, first); !sameIDs(added, idsOf(first...)) {
			t.Fatalf("first batch added %v, want %v", added, idsOf(first...))
		}

		// Against rows already there and within the batch itself: the first of an object wins.
		again := batchItem(d, "clips/a.mp4")
		fresh := batchItem(d, "frames/d.jpg")
		twice := batchItem(d, "frames/d.jpg")
		elsewhere := batchItem(other, "frames/b.jpg") // the same key in another dataset is another object
		fresh2 := batchItem(d, "frames/e.jpg")
		if added := addItems(t, st, []loupe.DataItem{again, fresh, twice, elsewhere, bare, fresh2}); !sameIDs(added, idsOf(fresh, elsewhere, fresh2)) {
			t.Fatalf("second batch added %v, want %v", added, idsOf(fresh, elsewhere, fresh2))
		}

		// A large batch, half of it already registered.
		var big, want []loupe.DataItem
		for i := range 3000 {
			it := batchItem(d, fmt.Sprintf("bulk/%04d.jpg", i))
			big = append(big, it)
			if i%2 == 0 {
				want = append(want, it)
			}
		}
		addItems(t, st, want)
		var rest []loupe.DataItem
		for i, it := range big {
			if i%2 == 1 {
				rest = append(rest, it)
			}
		}
		renamed := slices.Clone(big)
		for i := range renamed {
			renamed[i].ID = loupe.NewID()
		}
		if added := addItems(t, st, renamed); len(added) != len(rest) {
			t.Fatalf("the large batch added %d, want %d", len(added), len(rest))
		} else {
			var wantIDs []loupe.ID
			for i := range renamed {
				if i%2 == 1 {
					wantIDs = append(wantIDs, renamed[i].ID)
				}
			}
			if !sameIDs(added, wantIDs) {
				t.Fatal("the large batch returned ids other than those it inserted")
			}
		}

		var stored []loupe.DataItem
		if err := st.Read(ctx, func(tx *store.Tx) error {
			p := loupe.Page{Limit: loupe.MaxPageLimit}
			for {
				is, next, err := tx.Items(ctx, w.ID, d.ID, store.ItemFilter{}, p)
				if err != nil {
					return err
				}
				stored = append(stored, is...)
				if next == nil {
					return nil
				}
				p.After = *next
			}
		}); err != nil {
			t.Fatal(err)
		}
		if len(stored) != 5+len(big) {
			t.Fatalf("dataset holds %d items, want %d", len(stored), 5+len(big))
		}
		byKey := map[string]loupe.DataItem{}
		for _, it := range stored {
			byKey[it.ObjectKey] = it
		}
		if byKey["clips/a.mp4"].ID != full.ID || byKey["frames/d.jpg"].ID != fresh.ID {
			t.Fatal("a later duplicate replaced the first item of its object")
		}
		got := byKey["clips/a.mp4"]
		if !sameJSON(t, got.Metadata, full.Metadata) {
			t.Errorf("metadata read back as %s", got.Metadata)
		}
		got.Metadata, full.Metadata = nil, nil
		if !reflect.DeepEqual(got, full) {
			t.Errorf("item read back as\n%+v\nwant\n%+v", got, full)
		}
		b := byKey["frames/b.jpg"]
		if !sameJSON(t, b.Metadata, json.RawMessage(`{}`)) || b.Width != nil || b.FPS != nil || b.WrappedKey != nil || b.KeyVersion != 0 {
			t.Errorf("bare item read back as %+v (metadata %s)", b, b.Metadata)
		}
	})
}

func sameJSON(t *testing.T, a, b json.RawMessage) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}
