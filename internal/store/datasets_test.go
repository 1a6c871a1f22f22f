package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

func newDataset(t *testing.T, st *store.Store, w loupe.Workspace, by loupe.User, name string) loupe.Dataset {
	t.Helper()
	d := loupe.Dataset{ID: loupe.NewID(), WorkspaceID: w.ID, Name: name, CreatedBy: by.ID, CreatedAt: t0, UpdatedAt: t0}
	mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateDataset(ctx, &d) })
	return d
}

func TestStore_Datasets_AccessAndVisibility(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		owner, viaGroup, stranger := newUser(t, st), newUser(t, st), newUser(t, st)
		for _, u := range []loupe.User{owner, viaGroup, stranger} {
			if err := join(t, st, w, u, loupe.RoleMember, loupe.UserExternal); err != nil {
				t.Fatal(err)
			}
		}
		d := newDataset(t, st, w, owner, "Street scenes")
		newDataset(t, st, w, owner, "Hidden") // granted to nobody: only workspace admins see it
		dup := loupe.Dataset{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "street SCENES", CreatedBy: owner.ID, CreatedAt: t0, UpdatedAt: t0}
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.CreateDataset(ctx, &dup) }), loupe.Conflict)

		g := loupe.Group{ID: loupe.NewID(), WorkspaceID: w.ID, Name: "Labelers", CreatedAt: t0, UpdatedAt: t0}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			if err := tx.CreateGroup(ctx, &g); err != nil {
				return err
			}
			if err := tx.AddGroupMember(ctx, w.ID, g.ID, viaGroup.ID, t0); err != nil {
				return err
			}
			if err := tx.GrantDataset(ctx, w.ID, d.ID, &owner.ID, nil, loupe.DatasetAdmin, t0); err != nil {
				return err
			}
			if err := tx.GrantDataset(ctx, w.ID, d.ID, nil, &g.ID, loupe.DatasetViewer, t0); err != nil {
				return err
			}
			// A direct grant and a group grant: the stronger wins.
			return tx.GrantDataset(ctx, w.ID, d.ID, &viaGroup.ID, nil, loupe.DatasetEditor, t0)
		})
		// A grant to someone outside the workspace is refused.
		outsider := newUser(t, st)
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.GrantDataset(ctx, w.ID, d.ID, &outsider.ID, nil, loupe.DatasetViewer, t0)
		}), loupe.NotFound)

		roles := map[loupe.ID]loupe.DatasetRole{}
		st.Read(ctx, func(tx *store.Tx) error {
			for _, u := range []loupe.User{owner, viaGroup, stranger} {
				r, err := tx.DatasetRole(ctx, w.ID, d.ID, u.ID)
				if err != nil {
					return err
				}
				roles[u.ID] = r
			}
			return nil
		})
		if roles[owner.ID] != loupe.DatasetAdmin || roles[viaGroup.ID] != loupe.DatasetEditor || roles[stranger.ID] != "" {
			t.Fatalf("roles %v", roles)
		}
		visible := func(u loupe.User, all bool) int {
			var ds []loupe.Dataset
			if err := st.Read(ctx, func(tx *store.Tx) (err error) {
				ds, _, err = tx.Datasets(ctx, w.ID, u.ID, all, loupe.Page{})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return len(ds)
		}
		if visible(owner, false) != 1 || visible(viaGroup, false) != 1 || visible(stranger, false) != 0 || visible(stranger, true) != 2 {
			t.Fatalf("visibility: owner %d, group %d, stranger %d/%d", visible(owner, false), visible(viaGroup, false), visible(stranger, false), visible(stranger, true))
		}
		var grants []loupe.DatasetGrant
		st.Read(ctx, func(tx *store.Tx) (err error) { grants, err = tx.DatasetGrants(ctx, w.ID, d.ID); return err })
		if len(grants) != 3 {
			t.Fatalf("grants %+v", grants)
		}
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.RevokeDataset(ctx, w.ID, d.ID, nil, &g.ID) })
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error { return tx.DeleteGroup(ctx, w.ID, g.ID) })
	})
}

func TestStore_Items(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		u := newUser(t, st)
		d := newDataset(t, st, w, u, "D")
		add := func(key string, typ loupe.ItemType, meta string) bool {
			width, height := 640, 480
			it := loupe.DataItem{ID: loupe.NewID(), WorkspaceID: d.WorkspaceID, DatasetID: d.ID, ObjectKey: key, Name: key, Type: typ, MIME: "image/png",
				Size: 10, SHA256: "abc", Width: &width, Height: &height, Metadata: json.RawMessage(meta), WrappedKey: []byte{1, 2, 3}, KeyVersion: 1, CreatedAt: t0}
			var inserted bool
			mustWrite(t, st, func(ctx context.Context, tx *store.Tx) (err error) { inserted, err = tx.AddItem(ctx, &it); return err })
			return inserted
		}
		for i := range 5 {
			if !add(fmt.Sprintf("img/%d.png", i), loupe.ItemImage, fmt.Sprintf(`{"camera": "front", "night": %v, "n": %d}`, i%2 == 0, i)) {
				t.Fatalf("item %d not inserted", i)
			}
		}
		add("clip.mp4", loupe.ItemVideo, `{"camera": "rear"}`)
		if add("img/0.png", loupe.ItemImage, `{}`) {
			t.Fatal("the same object was registered twice")
		}
		count := func(f store.ItemFilter) int {
			n := 0
			p := loupe.Page{Limit: 2}
			for {
				var is []loupe.DataItem
				var next *loupe.ID
				if err := st.Read(ctx, func(tx *store.Tx) (err error) { is, next, err = tx.Items(ctx, w.ID, d.ID, f, p); return err }); err != nil {
					t.Fatal(err)
				}
				n += len(is)
				if next == nil {
					return n
				}
				p.After = *next
			}
		}
		for name, tt := range map[string]struct {
			f    store.ItemFilter
			want int
		}{
			"all":           {store.ItemFilter{}, 6},
			"images":        {store.ItemFilter{Type: loupe.ItemImage}, 5},
			"front camera":  {store.ItemFilter{Metadata: map[string]json.RawMessage{"camera": json.RawMessage(`"front"`)}}, 5},
			"night":         {store.ItemFilter{Metadata: map[string]json.RawMessage{"night": json.RawMessage(`true`)}}, 3},
			"number":        {store.ItemFilter{Metadata: map[string]json.RawMessage{"n": json.RawMessage(`3`)}}, 1},
			"two filters":   {store.ItemFilter{Type: loupe.ItemImage, Metadata: map[string]json.RawMessage{"camera": json.RawMessage(`"front"`), "night": json.RawMessage(`false`)}}, 2},
			"no such value": {store.ItemFilter{Metadata: map[string]json.RawMessage{"camera": json.RawMessage(`"side"`)}}, 0},
		} {
			if got := count(tt.f); got != tt.want {
				t.Errorf("%s: %d items, want %d", name, got, tt.want)
			}
		}
		var got loupe.Dataset
		st.Read(ctx, func(tx *store.Tx) (err error) { got, err = tx.Dataset(ctx, w.ID, d.ID); return err })
		if got.ItemCount != 6 {
			t.Fatalf("item count %d", got.ItemCount)
		}
		var items []loupe.DataItem
		st.Read(ctx, func(tx *store.Tx) (err error) {
			items, _, err = tx.Items(ctx, w.ID, d.ID, store.ItemFilter{}, loupe.Page{})
			return err
		})
		it := items[0]
		if it.Width == nil || *it.Width != 640 || string(it.WrappedKey) != "\x01\x02\x03" || it.KeyVersion != 1 || it.DurationMS != nil {
			t.Fatalf("item read back as %+v", it)
		}
		// Another workspace reaches none of it.
		other := newWorkspace(t, st)
		err := st.Read(ctx, func(tx *store.Tx) error { _, err := tx.Item(ctx, other.ID, d.ID, it.ID); return err })
		wantCode(t, err, loupe.NotFound)
	})
}

func TestStore_WorkspaceKeys(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorkspace(t, st)
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.AddWorkspaceKey(ctx, w.ID, 1, []byte("k1"), t0)
		})
		wantCode(t, write(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.AddWorkspaceKey(ctx, w.ID, 1, []byte("again"), t0)
		}), loupe.Conflict)
		mustWrite(t, st, func(ctx context.Context, tx *store.Tx) error {
			return tx.AddWorkspaceKey(ctx, w.ID, 2, []byte("k2"), t0)
		})
		var keys map[int][]byte
		var latest int
		st.Read(ctx, func(tx *store.Tx) (err error) { keys, latest, err = tx.WorkspaceKeys(ctx, w.ID); return err })
		if latest != 2 || string(keys[1]) != "k1" || string(keys[2]) != "k2" {
			t.Fatalf("keys %v latest %d", keys, latest)
		}
	})
}
