package api_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestResumableUpload(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		var d struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]string{"name": "Big files"}).json(t, &d)
		base := "/api/v1/workspaces/" + a + "/datasets/" + d.ID + "/uploads"
		data := pngBytes(t, 300, 200)
		type upload struct {
			ID     string
			Size   int64
			Offset int64
		}
		var u upload
		admin.must(201, "POST", base, map[string]any{"name": "big.png", "size": len(data), "metadata": map[string]string{"split": "train"}}).json(t, &u)
		if u.Offset != 0 || u.Size != int64(len(data)) {
			t.Fatalf("%+v", u)
		}
		parts := [][]byte{data[:len(data)/3], data[len(data)/3 : 2*len(data)/3], data[2*len(data)/3:]}
		put := func(offset int, part []byte) response {
			return admin.do("PUT", fmt.Sprintf("%s/%s/parts?offset=%d", base, u.ID, offset), rawBody(part))
		}
		if r := put(0, parts[0]); r.status != 200 {
			t.Fatalf("first part: %d %s", r.status, r.body)
		}
		// A part sent twice, or out of order, is refused with where the upload stands.
		p := admin.must(409, "PUT", fmt.Sprintf("%s/%s/parts?offset=0", base, u.ID), rawBody(parts[0])).problem(t)
		if !strings.Contains(p.Detail, fmt.Sprintf("offset %d", len(parts[0]))) {
			t.Fatalf("%+v", p)
		}
		admin.must(409, "POST", base+"/"+u.ID+"/complete", nil)
		// After a broken connection the client asks where to go on.
		admin.must(200, "GET", base+"/"+u.ID, nil).json(t, &u)
		if u.Offset != int64(len(parts[0])) {
			t.Fatalf("offset %d", u.Offset)
		}
		put(len(parts[0]), parts[1])
		// A part longer than what is left is refused.
		admin.must(422, "PUT", fmt.Sprintf("%s/%s/parts?offset=%d", base, u.ID, len(parts[0])+len(parts[1])), rawBody(append(parts[2], 'x'))).problem(t)
		put(len(parts[0])+len(parts[1]), parts[2])
		var it struct {
			ID       string
			Name     string
			Size     int64
			Width    *int
			SHA256   string
			Metadata map[string]string
		}
		admin.must(201, "POST", base+"/"+u.ID+"/complete", nil).json(t, &it)
		if it.Name != "big.png" || it.Size != int64(len(data)) || *it.Width != 300 || it.Metadata["split"] != "train" {
			t.Fatalf("%+v", it)
		}
		admin.must(404, "POST", base+"/"+u.ID+"/complete", nil) // completed once, and gone
		var link struct{ URL string }
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/datasets/"+d.ID+"/items/"+it.ID+"/url", nil).json(t, &link)
		got := e.anon().must(200, "GET", strings.TrimPrefix(link.URL, "http://loupe.test"), nil)
		if !bytes.Equal(got.body, data) {
			t.Fatal("the assembled file differs from the one sent")
		}

		// Bad starts, a corrupt file, and an abandoned upload.
		for _, body := range []map[string]any{{"name": "x.png", "size": 0}, {"name": "x.png", "size": 2 << 20}, {"name": "", "size": 10}, {"name": "x.png", "size": 10, "metadata": 5}} {
			admin.must(422, "POST", base, body).problem(t)
		}
		var bad upload
		junk := append(data[:16:16], bytes.Repeat([]byte{1}, 100)...)
		admin.must(201, "POST", base, map[string]any{"name": "junk.png", "size": len(junk)}).json(t, &bad)
		admin.must(200, "PUT", base+"/"+bad.ID+"/parts?offset=0", rawBody(junk))
		admin.must(422, "POST", base+"/"+bad.ID+"/complete", nil).problem(t)
		var left upload
		admin.must(201, "POST", base, map[string]any{"name": "left.png", "size": len(data)}).json(t, &left)
		admin.must(200, "PUT", base+"/"+left.ID+"/parts?offset=0", rawBody(parts[0]))
		e.clock.Advance(25 * time.Hour)
		if _, err := e.svc.PurgeStale(t.Context()); err != nil {
			t.Fatal(err)
		}
		admin = e.anon()
		admin.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		admin.must(404, "GET", base+"/"+left.ID, nil)
		var items struct{ Items []any }
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/datasets/"+d.ID+"/items", nil).json(t, &items)
		if len(items.Items) != 1 {
			t.Fatalf("%d items; only the completed upload should be one", len(items.Items))
		}
	})
}
