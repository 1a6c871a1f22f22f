package api_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

type itemJSON struct {
	ID        string
	Name      string
	Type      string
	MIME      string
	Size      int64
	Width     *int
	Height    *int
	Encrypted bool
	Metadata  map[string]any
}

func TestDatasets_UploadListAndFetch(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		var d struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]string{"name": "Street scenes", "description": "Dashcam frames"}).json(t, &d)
		base := "/api/v1/workspaces/" + a + "/datasets/" + d.ID

		images := map[string][]byte{"front.png": pngBytes(t, 40, 30), "rear.png": pngBytes(t, 64, 48), "side.png": pngBytes(t, 10, 10)}
		for name, data := range images {
			camera := strings.TrimSuffix(name, ".png")
			var it itemJSON
			admin.must(201, "POST", base+"/items", upload(t, "photos/"+name, data, `{"camera": "`+camera+`", "night": false}`)).json(t, &it)
			if it.Name != name || it.Type != "image" || it.MIME != "image/png" || it.Size != int64(len(data)) || !it.Encrypted || it.Width == nil || it.Metadata["camera"] != camera {
				t.Fatalf("uploaded %s as %+v", name, it)
			}
		}
		var page struct{ Items []itemJSON }
		admin.must(200, "GET", base+"/items?type=image", nil).json(t, &page)
		if len(page.Items) != 3 {
			t.Fatalf("%d items listed", len(page.Items))
		}
		admin.must(200, "GET", base+"/items?metadata="+url.QueryEscape(`{"camera":"rear"}`), nil).json(t, &page)
		if len(page.Items) != 1 || page.Items[0].Name != "rear.png" || *page.Items[0].Width != 64 {
			t.Fatalf("metadata filter: %+v", page.Items)
		}
		admin.must(200, "GET", base+"/items?type=video", nil).json(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("type filter: %+v", page.Items)
		}
		admin.must(422, "GET", base+"/items?metadata=not-json", nil).problem(t)

		// Metadata can be replaced after the fact, and filters follow.
		admin.must(200, "GET", base+"/items?metadata="+url.QueryEscape(`{"camera":"side"}`), nil).json(t, &page)
		side := page.Items[0]
		admin.must(200, "PATCH", base+"/items/"+side.ID, map[string]any{"metadata": map[string]any{"camera": "side", "night": true}})
		admin.must(422, "PATCH", base+"/items/"+side.ID, map[string]any{"metadata": []int{1}}).problem(t)
		admin.must(200, "GET", base+"/items?metadata="+url.QueryEscape(`{"night":true}`), nil).json(t, &page)
		if len(page.Items) != 1 || page.Items[0].ID != side.ID {
			t.Fatalf("after the metadata change: %+v", page.Items)
		}

		// The signed URL serves the original bytes, in ranges too, until it expires.
		admin.must(200, "GET", base+"/items?metadata="+url.QueryEscape(`{"camera":"front"}`), nil).json(t, &page)
		front := page.Items[0]
		var link struct {
			URL       string
			ExpiresAt time.Time `json:"expires_at"`
		}
		admin.must(200, "GET", base+"/items/"+front.ID+"/url", nil).json(t, &link)
		if !strings.HasPrefix(link.URL, "http://loupe.test/api/v1/blobs/") || !link.ExpiresAt.Equal(e.clock.Now().Add(15*time.Minute)) {
			t.Fatalf("link %+v", link)
		}
		blobPath := strings.TrimPrefix(link.URL, "http://loupe.test")
		got := e.anon().must(200, "GET", blobPath, nil)
		if !bytes.Equal(got.body, images["front.png"]) || got.header.Get("Content-Type") != "image/png" {
			t.Fatalf("the signed URL served %d bytes of %s", len(got.body), got.header.Get("Content-Type"))
		}
		ranged := e.anon()
		ranged.header = http.Header{"Range": {"bytes=8-23"}}
		part := ranged.must(206, "GET", blobPath, nil)
		if !bytes.Equal(part.body, images["front.png"][8:24]) {
			t.Fatalf("range served %q", part.body)
		}
		tampered := blobPath[:len(blobPath)-2] + "xx"
		e.anon().must(403, "GET", tampered, nil).problem(t)
		e.clock.Advance(15 * time.Minute)
		if p := e.anon().must(403, "GET", blobPath, nil).problem(t); !strings.Contains(p.Detail, "expired") {
			t.Fatalf("expired link: %+v", p)
		}
		admin = e.anon()
		admin.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": "ada@acme.test", "password": password})
		// The workspace sets how long links live: a minute to a day.
		admin.must(422, "PATCH", "/api/v1/workspaces/"+a, map[string]int{"signed_url_lifetime_seconds": 86401}).problem(t)
		admin.must(200, "PATCH", "/api/v1/workspaces/"+a, map[string]int{"signed_url_lifetime_seconds": 60})
		admin.must(200, "GET", base+"/items/"+front.ID+"/url", nil).json(t, &link)
		if !link.ExpiresAt.Equal(e.clock.Now().Add(time.Minute)) {
			t.Fatalf("a one-minute lifetime gave a link until %v", link.ExpiresAt)
		}
		admin.must(200, "GET", base+"/items/"+front.ID+"/url", nil).json(t, &link)
		admin.must(204, "DELETE", base+"/items/"+front.ID, nil)
		e.anon().must(404, "GET", strings.TrimPrefix(link.URL, "http://loupe.test"), nil)
		admin.must(404, "GET", base+"/items/"+front.ID, nil)
	})
}

func TestDatasets_BadUploadsLeaveNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		var d struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]string{"name": "D"}).json(t, &d)
		items := "/api/v1/workspaces/" + a + "/datasets/" + d.ID + "/items"
		corrupt := append(pngBytes(t, 20, 20)[:16], bytes.Repeat([]byte{7}, 64)...)
		tests := []struct {
			name     string
			body     any
			status   int
			location string
			says     string
		}{
			{"corrupt image", upload(t, "broken.png", corrupt, ""), 422, "body.file", "not a readable image"},
			{"empty file", upload(t, "empty.png", nil, ""), 422, "body.file", "empty"},
			{"unsupported type", upload(t, "a.zip", []byte("PK\x03\x04 zipped"), ""), 422, "body.file", "does not take"},
			{"over the size limit", upload(t, "big.txt", bytes.Repeat([]byte("text "), 300_000), ""), 422, "body.file", "larger than the limit"},
			{"metadata not an object", upload(t, "a.png", pngBytes(t, 5, 5), `[1, 2]`), 422, "body.metadata", "JSON object"},
			{"no file part", multipartBody{contentType: "multipart/form-data; boundary=x", data: []byte("--x\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{}\r\n--x--\r\n")}, 422, "body.file", "required"},
			{"unknown part", multipartBody{contentType: "multipart/form-data; boundary=x", data: []byte("--x\r\nContent-Disposition: form-data; name=\"colour\"\r\n\r\nred\r\n--x--\r\n")}, 422, "body.colour", ""},
			{"not multipart", `{"file": "x"}`, 415, "", "multipart/form-data"},
		}
		for _, tt := range tests {
			r := admin.do("POST", items, tt.body)
			if r.status != tt.status {
				t.Errorf("%s: status %d, want %d: %.300s", tt.name, r.status, tt.status, r.body)
				continue
			}
			p := r.problem(t)
			if tt.location != "" && p.fieldMessage(tt.location) == "" {
				t.Errorf("%s: no error at %s: %s", tt.name, tt.location, r.body)
			}
			if !strings.Contains(string(r.body), tt.says) {
				t.Errorf("%s: %s does not say %q", tt.name, r.body, tt.says)
			}
		}
		var page struct{ Items []itemJSON }
		admin.must(200, "GET", items, nil).json(t, &page)
		if len(page.Items) != 0 {
			t.Fatalf("refused uploads left items: %+v", page.Items)
		}
	})
}

func TestDatasets_Access(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		member, memberID := e.join(admin, a, "m@x.test", "member", "external")
		var d struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]string{"name": "Secret"}).json(t, &d)
		base := "/api/v1/workspaces/" + a + "/datasets/" + d.ID
		admin.must(201, "POST", base+"/items", pngUpload(t, "a.png", ""))

		member.must(404, "GET", base, nil)
		var list struct{ Items []struct{ ID string } }
		member.must(200, "GET", "/api/v1/workspaces/"+a+"/datasets", nil).json(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("a member without a role lists %v", list.Items)
		}
		// Through a group, as a viewer: the member sees and reads, but cannot upload.
		var g struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/groups", map[string]string{"name": "Viewers"}).json(t, &g)
		admin.must(204, "PUT", "/api/v1/workspaces/"+a+"/groups/"+g.ID+"/members/"+memberID, nil)
		admin.must(204, "PUT", base+"/access", map[string]string{"group_id": g.ID, "role": "viewer"})
		var ds struct {
			MyRole string `json:"my_role"`
		}
		member.must(200, "GET", base, nil).json(t, &ds)
		if ds.MyRole != "viewer" {
			t.Fatalf("my_role %q", ds.MyRole)
		}
		member.must(200, "GET", base+"/items", nil)
		if p := member.must(403, "POST", base+"/items", pngUpload(t, "b.png", "")).problem(t); !strings.Contains(p.Detail, "viewer") {
			t.Fatalf("%+v", p)
		}
		// Made an editor directly, the member uploads; the stronger grant wins.
		admin.must(204, "PUT", base+"/access", map[string]string{"email": "m@x.test", "role": "editor"})
		member.must(201, "POST", base+"/items", pngUpload(t, "b.png", ""))
		admin.must(204, "DELETE", base+"/access?user_id="+memberID, nil)
		admin.must(204, "DELETE", base+"/access?group_id="+g.ID, nil)
		member.must(404, "GET", base, nil)

		// Granting someone from outside: they join the workspace as a collaborator.
		vendor := e.anon()
		vendor.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "V", "email": "v@vendor.test", "password": password})
		var vw struct{ ID string }
		vendor.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "Vendor"}).json(t, &vw)
		vendor.must(200, "PATCH", "/api/v1/workspaces/"+vw.ID, map[string]any{"is_workforce": true})
		admin.must(204, "PUT", base+"/access", map[string]string{"email": "v@vendor.test", "role": "viewer"})
		var members struct {
			Items []struct {
				User struct{ Email string } `json:"user"`
				Role string
				Type string `json:"user_type"`
			}
		}
		admin.must(200, "GET", "/api/v1/workspaces/"+a+"/members", nil).json(t, &members)
		found := false
		for _, m := range members.Items {
			if m.User.Email == "v@vendor.test" {
				found = m.Role == "tasker" && m.Type == "workforce"
			}
		}
		if !found {
			t.Fatalf("the vendor's internal member did not join as a workforce tasker: %+v", members.Items)
		}
		vendor.must(200, "GET", base, nil)
		p := admin.must(404, "PUT", base+"/access", map[string]string{"email": "nobody@nowhere.test", "role": "viewer"}).problem(t)
		if p.fieldMessage("body.email") == "" {
			t.Fatalf("%+v", p)
		}
		admin.must(422, "PUT", base+"/access", map[string]string{"role": "viewer"})
	})
}

func TestIntegrations_Validation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin, a := e.setup()
		base := "/api/v1/workspaces/" + a + "/storage-integrations"
		p := admin.must(422, "POST", base, map[string]any{"name": "x", "kind": "azure", "config": map[string]any{"bucket": "", "endpoint": "ftp://x", "prefix": "a/../b"}}).problem(t)
		for _, f := range []string{"body.config.bucket", "body.config.endpoint", "body.config.prefix", "body.config.account"} {
			if p.fieldMessage(f) == "" {
				t.Errorf("no error at %s: %+v", f, p)
			}
		}
		var g struct {
			ID             string
			HasCredentials bool `json:"has_credentials"`
		}
		r := admin.must(201, "POST", base, integrationBody("Archive"))
		r.json(t, &g)
		if !g.HasCredentials || strings.Contains(string(r.body), "secret") {
			t.Fatalf("credentials shown or lost: %s", r.body)
		}
		admin.must(409, "POST", base, integrationBody("archive"))
		var check struct {
			OK      bool
			Problem string
		}
		admin.must(200, "POST", base+"/"+g.ID+"/check", nil).json(t, &check)
		if check.OK || !strings.Contains(check.Problem, "list") {
			t.Fatalf("checking an unreachable bucket: %+v", check)
		}
		var d struct{ ID string }
		admin.must(201, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]any{"name": "In S3", "integration_id": g.ID}).json(t, &d)
		admin.must(409, "DELETE", base+"/"+g.ID, nil)
		admin.must(204, "DELETE", "/api/v1/workspaces/"+a+"/datasets/"+d.ID, nil)
		admin.must(204, "DELETE", base+"/"+g.ID, nil)
		p = admin.must(422, "POST", "/api/v1/workspaces/"+a+"/datasets", map[string]any{"name": "Nowhere", "integration_id": g.ID}).problem(t)
		if p.fieldMessage("body.integration_id") == "" {
			t.Fatalf("%+v", p)
		}
	})
}
