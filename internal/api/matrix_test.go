package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/loupehq/loupe/internal/store/storetest"
)

var roles = []string{"admin", "workforce_manager", "member", "tasker"}

// userTypes gives each role of the matrix a plausible user type.
var userTypes = map[string]string{"admin": "internal", "workforce_manager": "internal", "member": "external", "tasker": "workforce"}

// world is two workspaces, A and B, each with one member of every role. Every request of the
// matrix acts on A, so B's members are outsiders to it.
type world struct {
	e      *env
	a      string // workspace A's id
	admin  *client
	actors map[string]*client // "same/admin", "other/tasker", …
	n      atomic.Int64
}

func newWorld(t *testing.T, dialect string) *world {
	e := newEnv(t, dialect)
	w := &world{e: e, actors: map[string]*client{}}
	w.admin, w.a = e.setup()
	w.actors["same/admin"] = w.admin

	bAdmin := e.anon()
	bAdmin.must(201, "POST", "/api/v1/auth/signup", map[string]string{"name": "Bo", "email": "bo@b.test", "password": password})
	var b struct{ ID string }
	bAdmin.must(201, "POST", "/api/v1/workspaces", map[string]string{"name": "B"}).json(t, &b)
	w.actors["other/admin"] = bAdmin
	for _, r := range roles[1:] {
		w.actors["same/"+r], _ = e.join(w.admin, w.a, r+"@a.test", r, userTypes[r])
		w.actors["other/"+r], _ = e.join(bAdmin, b.ID, r+"@b.test", r, userTypes[r])
	}
	return w
}

func (w *world) unique(prefix string) string { return fmt.Sprintf("%s%d", prefix, w.n.Add(1)) }

// freshMember joins a new member of A with a role and returns its id.
func (w *world) freshMember(role string) string {
	_, id := w.e.join(w.admin, w.a, w.unique(role)+"@a.test", role, userTypes[role])
	return id
}

func (w *world) freshGroup() string {
	var g struct{ ID string }
	w.admin.must(201, "POST", "/api/v1/workspaces/"+w.a+"/groups", map[string]string{"name": w.unique("group")}).json(w.e.t, &g)
	return g.ID
}

func (w *world) freshInvitation(role string) string {
	var inv struct{ ID string }
	w.admin.must(201, "POST", "/api/v1/workspaces/"+w.a+"/invitations",
		map[string]string{"email": w.unique("invitee") + "@x.test", "role": role, "user_type": "workforce"}).json(w.e.t, &inv)
	return inv.ID
}

// request is one call of the matrix. client, when set, replaces the actor's own (for calls that
// would end the actor's session).
type request struct {
	method, path string
	body         any
	client       *client
}

type scope int

const (
	inWorkspace scope = iota // of workspace A: outsiders get 404
	ownAccount               // of the caller's own account: every signed-in user may
	public                   // needs no session
)

type matrixCase struct {
	op      string // OpenAPI operation id
	variant string
	scope   scope
	allowed []string // roles of A that may; ignored outside inWorkspace
	// hidden marks actions on a dataset: members of A without a role on it get 404, not 403.
	hidden bool
	// okStatus lists the answers that count as allowed, when a success is not always 2xx.
	okStatus []int
	build    func(w *world, actor *client) request
}

func ws(w *world, rest string) string { return "/api/v1/workspaces/" + w.a + rest }

var (
	all     = roles
	staff   = []string{"admin", "workforce_manager", "member"}
	manager = []string{"admin", "workforce_manager"}
	admins  = []string{"admin"}
)

var matrix = []matrixCase{
	{op: "get-setup", scope: public},
	{op: "setup", scope: public},
	{op: "sign-up", scope: public},
	{op: "sign-in", scope: public},
	{op: "get-invitation", scope: public},
	{op: "accept-invitation", scope: public},

	{op: "sign-out", scope: ownAccount, build: func(w *world, actor *client) request {
		fresh := w.e.anon()
		fresh.header = actor.header
		fresh.cookie = signInAgain(w, actor)
		return request{method: "POST", path: "/api/v1/auth/signout", client: fresh}
	}},
	{op: "get-me", scope: ownAccount, build: func(w *world, _ *client) request { return request{method: "GET", path: "/api/v1/me"} }},
	{op: "update-me", scope: ownAccount, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: "/api/v1/me", body: map[string]string{"name": "Renamed"}}
	}},
	{op: "change-password", scope: ownAccount, build: func(w *world, _ *client) request {
		return request{method: "POST", path: "/api/v1/me/password", body: map[string]string{"current_password": password, "new_password": password}}
	}},
	{op: "list-my-sessions", scope: ownAccount, build: func(w *world, _ *client) request { return request{method: "GET", path: "/api/v1/me/sessions"} }},
	{op: "revoke-my-session", scope: ownAccount, build: func(w *world, actor *client) request {
		other := &client{e: w.e, cookie: signInAgain(w, actor)}
		var ss struct {
			Items []struct {
				ID      string
				Current bool
			}
		}
		other.must(200, "GET", "/api/v1/me/sessions", nil).json(w.e.t, &ss)
		for _, s := range ss.Items {
			if s.Current {
				return request{method: "DELETE", path: "/api/v1/me/sessions/" + s.ID}
			}
		}
		w.e.t.Fatal("no current session listed")
		return request{}
	}},
	{op: "list-my-api-keys", scope: ownAccount, build: func(w *world, _ *client) request { return request{method: "GET", path: "/api/v1/me/api-keys"} }},
	{op: "create-api-key", scope: ownAccount, build: func(w *world, actor *client) request {
		return request{method: "POST", path: "/api/v1/me/api-keys", body: map[string]string{"name": w.unique("key"), "workspace_id": w.homeOf(actor)}}
	}},
	{op: "revoke-my-api-key", scope: ownAccount, build: func(w *world, actor *client) request {
		return request{method: "DELETE", path: "/api/v1/me/api-keys/" + w.freshKey(actor, nil).ID}
	}},
	{op: "list-api-key-actions", scope: public},
	{op: "list-workspace-api-keys", allowed: admins, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/api-keys")} }},
	{op: "revoke-workspace-api-key", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/api-keys/"+w.freshKey(w.actors["same/tasker"], nil).ID)}
	}},
	// Any signed-in user may create a workspace; an internal member of another one is refused by
	// the one-workspace rule, not by the policy.
	{op: "create-workspace", scope: ownAccount, okStatus: []int{201, 409}, build: func(w *world, _ *client) request {
		return request{method: "POST", path: "/api/v1/workspaces", body: map[string]string{"name": w.unique("ws")}}
	}},

	{op: "get-workspace", allowed: all, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "")} }},
	{op: "update-workspace", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, ""), body: map[string]string{"name": "Acme"}}
	}},
	{op: "list-members", allowed: staff, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/members")} }},
	{op: "update-member", variant: "tasker stays tasker", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/members/"+w.freshMember("tasker")), body: map[string]string{"user_type": "external"}}
	}},
	{op: "update-member", variant: "tasker to member", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/members/"+w.freshMember("tasker")), body: map[string]string{"role": "member"}}
	}},
	{op: "update-member", variant: "member's type", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/members/"+w.freshMember("member")), body: map[string]string{"user_type": "workforce"}}
	}},
	{op: "remove-member", variant: "a tasker", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/members/"+w.freshMember("tasker"))}
	}},
	{op: "remove-member", variant: "a member", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/members/"+w.freshMember("member"))}
	}},
	{op: "reset-member-mfa", allowed: admins, build: func(w *world, _ *client) request {
		_, id := w.e.join(w.admin, w.a, w.unique("internal")+"@a.test", "member", "internal")
		return request{method: "DELETE", path: ws(w, "/members/"+id+"/mfa")}
	}},

	// Second factors. The rows run in this order, each for every actor, and leave every actor as
	// it was: confirm-totp enrolls an app, remove-totp removes it; finish-passkey-registration
	// adds a passkey, remove-passkey removes it. In between, sign-in stays one step for all.
	{op: "complete-sign-in", scope: public},
	{op: "begin-passkey-sign-in", scope: public},
	{op: "get-my-mfa", scope: ownAccount, build: func(w *world, _ *client) request { return request{method: "GET", path: "/api/v1/me/mfa"} }},
	{op: "begin-totp", scope: ownAccount, build: func(w *world, _ *client) request { return request{method: "POST", path: "/api/v1/me/mfa/totp"} }},
	{op: "confirm-totp", scope: ownAccount, build: func(w *world, actor *client) request {
		secret := beginTOTP(w.e, actor)
		return request{method: "POST", path: "/api/v1/me/mfa/totp/confirm", body: map[string]string{"code": totpCode(w.e, secret, 0)}}
	}},
	{op: "regenerate-recovery-codes", scope: ownAccount, build: func(w *world, _ *client) request {
		return request{method: "POST", path: "/api/v1/me/mfa/recovery-codes"}
	}},
	{op: "remove-totp", scope: ownAccount, build: func(w *world, actor *client) request {
		enrollTOTP(w.e, actor)
		return request{method: "DELETE", path: "/api/v1/me/mfa/totp", body: map[string]string{"password": password}}
	}},
	{op: "list-my-passkeys", scope: ownAccount, build: func(w *world, _ *client) request { return request{method: "GET", path: "/api/v1/me/mfa/passkeys"} }},
	{op: "begin-passkey-registration", scope: ownAccount, build: func(w *world, _ *client) request {
		return request{method: "POST", path: "/api/v1/me/mfa/passkeys/register"}
	}},
	{op: "finish-passkey-registration", scope: ownAccount, build: func(w *world, actor *client) request {
		return request{method: "POST", path: "/api/v1/me/mfa/passkeys", body: passkeyAnswer(w.e, actor, newPasskey(), "Key")}
	}},
	{op: "rename-passkey", scope: ownAccount, build: func(w *world, actor *client) request {
		ids := passkeyIDs(w.e, actor)
		return request{method: "PATCH", path: "/api/v1/me/mfa/passkeys/" + ids[0], body: map[string]string{"name": w.unique("key")}}
	}},
	{op: "remove-passkey", scope: ownAccount, build: func(w *world, actor *client) request {
		ids := passkeyIDs(w.e, actor)
		return request{method: "DELETE", path: "/api/v1/me/mfa/passkeys/" + ids[0], body: map[string]string{"password": password}}
	}},
	{op: "list-invitations", allowed: manager, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/invitations")} }},
	{op: "create-invitation", variant: "a tasker", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/invitations"), body: map[string]string{"email": w.unique("i") + "@x.test", "role": "tasker", "user_type": "workforce"}}
	}},
	{op: "create-invitation", variant: "an admin", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/invitations"), body: map[string]string{"email": w.unique("i") + "@x.test", "role": "admin", "user_type": "internal"}}
	}},
	{op: "revoke-invitation", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/invitations/"+w.freshInvitation("tasker"))}
	}},
	{op: "list-groups", allowed: staff, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/groups")} }},
	{op: "create-group", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/groups"), body: map[string]string{"name": w.unique("g")}}
	}},
	{op: "get-group", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/groups/"+w.freshGroup())}
	}},
	{op: "rename-group", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/groups/"+w.freshGroup()), body: map[string]string{"name": w.unique("renamed")}}
	}},
	{op: "delete-group", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/groups/"+w.freshGroup())}
	}},
	{op: "list-group-members", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/groups/"+w.freshGroup()+"/members")}
	}},
	{op: "add-group-member", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "PUT", path: ws(w, "/groups/"+w.freshGroup()+"/members/"+w.freshMember("tasker"))}
	}},
	{op: "list-storage-integrations", allowed: staff, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/storage-integrations")} }},
	{op: "create-storage-integration", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/storage-integrations"), body: integrationBody(w.unique("bucket"))}
	}},
	{op: "get-storage-integration", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/storage-integrations/"+w.freshIntegration())}
	}},
	{op: "update-storage-integration", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/storage-integrations/"+w.freshIntegration()), body: map[string]string{"name": w.unique("renamed")}}
	}},
	{op: "delete-storage-integration", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/storage-integrations/"+w.freshIntegration())}
	}},
	{op: "check-storage-integration", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/storage-integrations/"+w.freshIntegration()+"/check")}
	}},

	{op: "list-datasets", allowed: all, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/datasets")} }},
	{op: "create-dataset", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/datasets"), body: map[string]string{"name": w.unique("ds")}}
	}},
	{op: "get-dataset", variant: "no role on it", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/datasets/"+w.freshDataset())}
	}},
	{op: "get-dataset", variant: "as its viewer", allowed: all, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/datasets/"+w.viewerDataset(actor, ""))}
	}},
	{op: "update-dataset", variant: "no role on it", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/datasets/"+w.freshDataset()), body: map[string]string{"description": "x"}}
	}},
	{op: "update-dataset", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PATCH", path: ws(w, "/datasets/"+w.viewerDataset(actor, "")), body: map[string]string{"description": "x"}}
	}},
	{op: "delete-dataset", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/datasets/"+w.freshDataset())}
	}},
	{op: "list-dataset-access", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/datasets/"+w.freshDataset()+"/access")}
	}},
	{op: "grant-dataset-access", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PUT", path: ws(w, "/datasets/"+w.viewerDataset(actor, "")+"/access"), body: map[string]string{"group_id": w.freshGroup(), "role": "viewer"}}
	}},
	{op: "revoke-dataset-access", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		d, g := w.freshDataset(), w.freshGroup()
		w.admin.must(204, "PUT", ws(w, "/datasets/"+d+"/access"), map[string]string{"group_id": g, "role": "viewer"})
		return request{method: "DELETE", path: ws(w, "/datasets/"+d+"/access?group_id="+g)}
	}},
	{op: "list-items", variant: "as its viewer", allowed: all, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/datasets/"+w.viewerDataset(actor, "")+"/items")}
	}},
	{op: "upload-item", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/datasets/"+w.freshDataset()+"/items"), body: pngUpload(w.e.t, "a.png", "")}
	}},
	{op: "upload-item", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "POST", path: ws(w, "/datasets/"+w.viewerDataset(actor, "")+"/items"), body: pngUpload(w.e.t, "a.png", "")}
	}},
	{op: "get-item", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		d, it := w.freshItem("")
		return request{method: "GET", path: ws(w, "/datasets/"+d+"/items/"+it)}
	}},
	{op: "get-item-url", variant: "as its viewer", allowed: all, build: func(w *world, actor *client) request {
		d, it := w.freshItem(w.viewerDataset(actor, ""))
		return request{method: "GET", path: ws(w, "/datasets/"+d+"/items/"+it+"/url")}
	}},
	{op: "update-item", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		d, it := w.freshItem(w.viewerDataset(actor, ""))
		return request{method: "PATCH", path: ws(w, "/datasets/"+d+"/items/"+it), body: map[string]any{"metadata": map[string]string{"k": "v"}}}
	}},
	{op: "delete-item", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		d, it := w.freshItem(w.viewerDataset(actor, ""))
		return request{method: "DELETE", path: ws(w, "/datasets/"+d+"/items/"+it)}
	}},

	{op: "start-upload", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/datasets/"+w.freshDataset()+"/uploads"), body: map[string]any{"name": "a.png", "size": 100}}
	}},
	{op: "get-upload", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		d, u := w.freshUpload(actor, false)
		return request{method: "GET", path: ws(w, "/datasets/"+d+"/uploads/"+u)}
	}},
	{op: "add-upload-part", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		d, u := w.freshUpload(actor, false)
		return request{method: "PUT", path: ws(w, "/datasets/"+d+"/uploads/"+u+"/parts?offset=0"), body: rawBody(pngBytes(w.e.t, 8, 8))}
	}},
	{op: "complete-upload", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		d, u := w.freshUpload(actor, true)
		return request{method: "POST", path: ws(w, "/datasets/"+d+"/uploads/"+u+"/complete")}
	}},
	{op: "abort-upload", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		d, u := w.freshUpload(actor, false)
		return request{method: "DELETE", path: ws(w, "/datasets/"+d+"/uploads/"+u)}
	}},
	{op: "create-import", variant: "as its viewer", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "POST", path: ws(w, "/datasets/"+w.viewerDataset(actor, w.freshIntegration())+"/imports"), body: map[string]string{"prefix": "x"}}
	}},
	{op: "upload-manifest", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		d := w.viewerDataset(w.admin, w.freshIntegration())
		return request{method: "POST", path: ws(w, "/datasets/"+d+"/imports/manifest"), body: uploadField(w.e.t, "manifest", "m.jsonl", []byte(`{"key": "a.png"}`))}
	}},
	{op: "list-imports", variant: "as its viewer", allowed: all, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/datasets/"+w.viewerDataset(actor, "")+"/imports")}
	}},
	{op: "get-import", variant: "as its viewer", allowed: all, build: func(w *world, actor *client) request {
		d := w.viewerDataset(actor, w.freshIntegration())
		var m struct{ ID string }
		w.admin.must(202, "POST", ws(w, "/datasets/"+d+"/imports"), map[string]string{"prefix": "x"}).json(w.e.t, &m)
		return request{method: "GET", path: ws(w, "/datasets/"+d+"/imports/"+m.ID)}
	}},

	{op: "get-ontology-json-schema", scope: public},
	{op: "list-ontologies", allowed: staff, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/ontologies")} }},
	{op: "create-ontology", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/ontologies"), body: map[string]any{"name": w.unique("onto"), "schema": json.RawMessage(matrixSchema)}}
	}},
	{op: "get-ontology", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/ontologies/"+w.freshOntology())}
	}},
	{op: "update-ontology", variant: "not its creator", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/ontologies/"+w.freshOntology()), body: map[string]string{"description": "x"}}
	}},
	{op: "delete-ontology", variant: "not its creator", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/ontologies/"+w.freshOntology())}
	}},
	{op: "save-ontology-schema", variant: "not its creator", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PUT", path: ws(w, "/ontologies/"+w.freshOntology()+"/schema"),
			body: map[string]any{"schema": json.RawMessage(matrixSchemaV2), "version": 1, "revision": 1}}
	}},
	{op: "list-ontology-versions", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/ontologies/"+w.freshOntology()+"/versions")}
	}},
	{op: "get-ontology-version", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/ontologies/"+w.freshOntology()+"/versions/1")}
	}},

	{op: "check-label", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/ontologies/"+w.freshOntology()+"/check-label"),
			body: map[string]any{"label": map[string]any{"objects": []any{map[string]any{"id": "o1", "class": "car", "geometry": map[string]int{"x": 1, "y": 1, "w": 5, "h": 5}}}}}}
	}},

	{op: "list-project-tasks", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/projects/"+w.taskProject(actor)+"/tasks?sort=name&item_type=image")}
	}},
	{op: "change-project-tasks", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		p, k := w.workedTask(w.admin, false)
		if w.inA(actor) {
			var me struct {
				User struct{ ID string } `json:"user"`
			}
			actor.must(200, "GET", "/api/v1/me", nil).json(w.e.t, &me)
			w.admin.must(204, "PUT", ws(w, "/projects/"+p+"/collaborators"), map[string]string{"user_id": me.User.ID, "role": "annotator"})
		}
		return request{method: "PATCH", path: ws(w, "/projects/"+p+"/tasks"), body: map[string]any{"task_ids": []string{k}, "priority": 80}}
	}},
	{op: "claim-next-task", variant: "as its annotator", allowed: all, build: func(w *world, actor *client) request {
		p := w.taskProject(actor)
		return request{method: "POST", path: ws(w, "/projects/"+p+"/tasks/next")}
	}},
	{op: "get-task", variant: "as its worker", allowed: all, build: func(w *world, actor *client) request {
		p, k := w.workedTask(actor, false)
		return request{method: "GET", path: ws(w, "/projects/"+p+"/tasks/"+k)}
	}},
	{op: "submit-task", variant: "as its worker", allowed: all, build: func(w *world, actor *client) request {
		p, k := w.workedTask(actor, false)
		return request{method: "POST", path: ws(w, "/projects/"+p+"/tasks/"+k+"/submit"), body: map[string]any{"label": json.RawMessage(matrixLabel), "revision": 0}}
	}},
	{op: "review-task", variant: "as its reviewer", allowed: all, build: func(w *world, actor *client) request {
		p, k := w.workedTask(actor, true)
		return request{method: "POST", path: ws(w, "/projects/"+p+"/tasks/"+k+"/review"), body: map[string]string{"decision": "approve"}}
	}},
	{op: "skip-task", variant: "as its worker", allowed: all, build: func(w *world, actor *client) request {
		p, k := w.workedTask(actor, false)
		return request{method: "POST", path: ws(w, "/projects/"+p+"/tasks/"+k+"/skip"), body: map[string]string{"reason": "blurry"}}
	}},
	{op: "save-task-draft", variant: "as its worker", allowed: all, build: func(w *world, actor *client) request {
		p, k := w.workedTask(actor, false)
		return request{method: "PUT", path: ws(w, "/projects/"+p+"/tasks/"+k+"/draft"), body: map[string]any{"label": json.RawMessage(matrixLabel)}}
	}},

	{op: "list-audit-entries", allowed: admins, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/audit")} }},
	{op: "export-audit", allowed: admins, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/audit/export")} }},
	{op: "get-audit-anchor", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/audit/anchor?date="+time.Now().UTC().Format(time.DateOnly))}
	}},
	{op: "verify-audit", allowed: admins, build: func(w *world, _ *client) request { return request{method: "POST", path: ws(w, "/audit/verify")} }},

	{op: "list-workflow-templates", allowed: staff, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/workflow-templates")} }},
	{op: "create-workflow-template", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/workflow-templates"), body: map[string]any{"name": w.unique("tpl"), "graph": json.RawMessage(matrixGraph)}}
	}},
	{op: "delete-workflow-template", variant: "not its creator", allowed: admins, build: func(w *world, _ *client) request {
		var t struct{ ID string }
		w.admin.must(201, "POST", ws(w, "/workflow-templates"), map[string]any{"name": w.unique("tpl"), "graph": json.RawMessage(matrixGraph)}).json(w.e.t, &t)
		return request{method: "DELETE", path: ws(w, "/workflow-templates/"+t.ID)}
	}},
	{op: "validate-workflow", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/workflows/validate"), body: map[string]any{"graph": json.RawMessage(matrixGraph)}}
	}},

	{op: "list-tags", allowed: all, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/tags")} }},
	{op: "create-tag", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/tags"), body: map[string]string{"name": w.unique("tag")}}
	}},
	{op: "update-tag", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "PATCH", path: ws(w, "/tags/"+w.freshTag()), body: map[string]string{"color": "#112233"}}
	}},
	{op: "delete-tag", allowed: manager, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/tags/"+w.freshTag())}
	}},

	{op: "list-projects", allowed: all, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/projects")} }},
	{op: "create-project", allowed: staff, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/projects"), body: map[string]any{"name": w.unique("proj"), "ontology_id": w.freshOntology(), "template_id": "annotate"}}
	}},
	{op: "get-project", variant: "no role in it", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "GET", path: ws(w, "/projects/"+w.annotatorProject(nil))}
	}},
	{op: "get-project", variant: "as its annotator", allowed: all, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/projects/"+w.annotatorProject(actor))}
	}},
	{op: "update-project", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PATCH", path: ws(w, "/projects/"+w.annotatorProject(actor)), body: map[string]string{"description": "x"}}
	}},
	{op: "delete-project", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "DELETE", path: ws(w, "/projects/"+w.annotatorProject(nil))}
	}},
	{op: "set-project-status", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "POST", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/status"), body: map[string]string{"status": "in_progress"}}
	}},
	{op: "join-project", variant: "no role in it", allowed: admins, hidden: true, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/projects/"+w.annotatorProject(nil)+"/join")}
	}},
	{op: "join-project", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "POST", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/join")}
	}},
	{op: "attach-project-dataset", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PUT", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/datasets/"+w.freshDataset())}
	}},
	{op: "detach-project-dataset", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		p, d := w.annotatorProject(actor), w.freshDataset()
		w.admin.must(200, "PUT", ws(w, "/projects/"+p+"/datasets/"+d), nil)
		return request{method: "DELETE", path: ws(w, "/projects/"+p+"/datasets/"+d)}
	}},
	{op: "list-project-collaborators", variant: "as its annotator", allowed: all, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/collaborators")}
	}},
	{op: "set-project-collaborator", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PUT", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/collaborators"), body: map[string]string{"group_id": w.freshGroup(), "role": "reviewer"}}
	}},
	{op: "remove-project-collaborator", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		p, g := w.annotatorProject(actor), w.freshGroup()
		w.admin.must(204, "PUT", ws(w, "/projects/"+p+"/collaborators"), map[string]string{"group_id": g, "role": "reviewer"})
		return request{method: "DELETE", path: ws(w, "/projects/"+p+"/collaborators?group_id="+g)}
	}},
	{op: "get-project-stages", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "GET", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/stages")}
	}},
	{op: "change-project-workflow", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PUT", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/workflow?dry_run=true"),
			body: map[string]any{"workflow": json.RawMessage(matrixGraph), "revision": 1}}
	}},
	{op: "move-project-ontology", variant: "as its annotator", allowed: admins, build: func(w *world, actor *client) request {
		return request{method: "PUT", path: ws(w, "/projects/"+w.annotatorProject(actor)+"/ontology-version?dry_run=true"), body: map[string]int{"version": 1}}
	}},

	{op: "remove-group-member", allowed: manager, build: func(w *world, _ *client) request {
		g, u := w.freshGroup(), w.freshMember("tasker")
		w.admin.must(204, "PUT", ws(w, "/groups/"+g+"/members/"+u), nil)
		return request{method: "DELETE", path: ws(w, "/groups/"+g+"/members/"+u)}
	}},

	// Single sign-on (sso_test.go signs in through real providers). The configuration is an admin's.
	{op: "get-sso", allowed: admins, build: func(w *world, _ *client) request { return request{method: "GET", path: ws(w, "/sso")} }},
	{op: "put-sso-oidc", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PUT", path: ws(w, "/sso/oidc"), body: matrixOIDC}
	}},
	{op: "set-sso-policy", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PUT", path: ws(w, "/sso/policy"), body: map[string]bool{"sso_only": false}}
	}},
	{op: "test-sso", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "POST", path: ws(w, "/sso/test"), body: map[string]string{"protocol": "oidc", "discovery_url": "http://127.0.0.1:1"}}
	}},
	{op: "delete-sso", allowed: admins, build: func(w *world, _ *client) request {
		w.admin.must(200, "PUT", ws(w, "/sso/oidc"), matrixOIDC)
		return request{method: "DELETE", path: ws(w, "/sso/oidc")}
	}},
	{op: "get-sso-options", scope: public},
	{op: "start-oidc-sign-in", scope: public},
	{op: "finish-oidc-sign-in", scope: public},
	{op: "put-sso-saml", allowed: admins, build: func(w *world, _ *client) request {
		return request{method: "PUT", path: ws(w, "/sso/saml"), body: map[string]any{"enabled": false, "metadata_url": "https://idp.example/metadata",
			"email_domains": []string{"a.test"}, "role": "tasker", "user_type": "workforce"}}
	}},
	{op: "get-saml-metadata", scope: public},
	{op: "start-saml-sign-in", scope: public},
	{op: "saml-acs", scope: public},
	{op: "finish-saml-sign-in", scope: public},
}

// matrixOIDC is a disabled OpenID Connect provider: saved without asking it anything.
var matrixOIDC = map[string]any{"enabled": false, "discovery_url": "https://idp.example", "client_id": "loupe", "client_secret": "s",
	"email_domains": []string{"a.test"}, "role": "member", "user_type": "external"}

const (
	matrixSchema   = `{"objects":[{"id":"car","name":"Car","shape":"bounding_box","color":"#e11d48","hotkey":"c"}],"classifications":[]}`
	matrixSchemaV2 = `{"objects":[{"id":"car","name":"Car","shape":"bounding_box","color":"#2563eb","hotkey":"c"}],"classifications":[]}`
	matrixGraph    = `{"stages":[{"id":"start","kind":"start","name":"Start","position":{"x":0,"y":0}},{"id":"annotate","kind":"annotate","name":"Annotate","position":{"x":200,"y":0}},{"id":"complete","kind":"complete","name":"Complete","position":{"x":400,"y":0}}],"edges":[{"from":"start","outcome":"next","to":"annotate"},{"from":"annotate","outcome":"submitted","to":"complete"}]}`
)

const matrixLabel = `{"objects":[{"id":"o1","class":"car","geometry":{"x":1,"y":1,"w":5,"h":5}}]}`

// inA reports whether the actor is a member of workspace A other than its admin.
func (w *world) inA(actor *client) bool {
	for k, c := range w.actors {
		if c == actor && strings.HasPrefix(k, "same/") && k != "same/admin" {
			return true
		}
	}
	return false
}

// taskProject is a fresh annotate → review project of A's admin with one image to label, in which
// the actor, when a member of A, annotates and reviews (A's admin, its creator, is its admin).
func (w *world) taskProject(actor *client) string {
	d, _ := w.freshItem("")
	var p struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/projects"), map[string]any{"name": w.unique("tasks"), "ontology_id": w.freshOntology(), "template_id": "annotate-review",
		"dataset_ids": []string{d}}).json(w.e.t, &p)
	if w.inA(actor) {
		var me struct {
			User struct{ ID string } `json:"user"`
		}
		actor.must(200, "GET", "/api/v1/me", nil).json(w.e.t, &me)
		w.admin.must(204, "PUT", ws(w, "/projects/"+p.ID+"/collaborators"), map[string]string{"user_id": me.User.ID, "role": "annotator_reviewer"})
	}
	return p.ID
}

// workedTask is a task of a fresh taskProject that its worker holds: the actor when in A, A's
// admin for outsiders. review moves it on to the review stage, claimed there.
func (w *world) workedTask(actor *client, review bool) (project, task string) {
	project = w.taskProject(actor)
	worker := w.admin
	if w.inA(actor) || actor == w.admin {
		worker = actor
	}
	var v struct {
		Task struct{ ID string } `json:"task"`
	}
	worker.must(200, "POST", ws(w, "/projects/"+project+"/tasks/next"), nil).json(w.e.t, &v)
	if review {
		worker.must(200, "POST", ws(w, "/projects/"+project+"/tasks/"+v.Task.ID+"/submit"), map[string]any{"label": json.RawMessage(matrixLabel), "revision": 0})
		worker.must(200, "POST", ws(w, "/projects/"+project+"/tasks/next"), nil).json(w.e.t, &v)
	}
	return project, v.Task.ID
}

// freshOntology is an ontology created by A's admin.
func (w *world) freshOntology() string {
	var o struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/ontologies"), map[string]any{"name": w.unique("onto"), "schema": json.RawMessage(matrixSchema)}).json(w.e.t, &o)
	return o.ID
}

func (w *world) freshTag() string {
	var g struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/tags"), map[string]string{"name": w.unique("tag")}).json(w.e.t, &g)
	return g.ID
}

// annotatorProject is a fresh project of A's admin in which the actor, when a member of A other
// than its admin, is an annotator; nil adds nobody.
func (w *world) annotatorProject(actor *client) string {
	var p struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/projects"), map[string]any{"name": w.unique("project"), "ontology_id": w.freshOntology(), "template_id": "annotate"}).json(w.e.t, &p)
	for k, c := range w.actors {
		if c == actor && strings.HasPrefix(k, "same/") && k != "same/admin" {
			var me struct {
				User struct{ ID string } `json:"user"`
			}
			actor.must(200, "GET", "/api/v1/me", nil).json(w.e.t, &me)
			w.admin.must(204, "PUT", ws(w, "/projects/"+p.ID+"/collaborators"), map[string]string{"user_id": me.User.ID, "role": "annotator"})
		}
	}
	return p.ID
}

func integrationBody(name string) map[string]any {
	return map[string]any{"name": name, "kind": "s3", "config": map[string]any{"bucket": "b", "endpoint": "http://127.0.0.1:1", "path_style": true},
		"credentials": map[string]string{"access_key_id": "AKIA", "secret_access_key": "secret"}}
}

func (w *world) freshIntegration() string {
	var g struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/storage-integrations"), integrationBody(w.unique("bucket"))).json(w.e.t, &g)
	return g.ID
}

// freshDataset is a dataset in Loupe's own storage, created by A's admin and granted to nobody else.
func (w *world) freshDataset() string { return w.datasetOn("") }

// datasetOn is a fresh dataset on an integration ("" for Loupe's own storage).
func (w *world) datasetOn(integration string) string {
	body := map[string]any{"name": w.unique("dataset")}
	if integration != "" {
		body["integration_id"] = integration
	}
	var d struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/datasets"), body).json(w.e.t, &d)
	return d.ID
}

// viewerDataset is a fresh dataset (on an integration, or "") on which the actor, when a member of
// A, is a viewer.
func (w *world) viewerDataset(actor *client, integration string) string {
	d := w.datasetOn(integration)
	var me struct {
		User struct{ Email string } `json:"user"`
	}
	actor.must(200, "GET", "/api/v1/me", nil).json(w.e.t, &me)
	inA := false
	for k, c := range w.actors {
		if c == actor && strings.HasPrefix(k, "same/") && k != "same/admin" {
			inA = true
		}
	}
	if inA {
		w.admin.must(204, "PUT", ws(w, "/datasets/"+d+"/access"), map[string]string{"email": me.User.Email, "role": "viewer"})
	}
	return d
}

// freshUpload starts, as A's admin, a resumable upload of a small PNG into a dataset the actor
// views; sent makes it complete but for the final call.
func (w *world) freshUpload(actor *client, sent bool) (string, string) {
	d := w.viewerDataset(actor, "")
	data := pngBytes(w.e.t, 8, 8)
	var u struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/datasets/"+d+"/uploads"), map[string]any{"name": "r.png", "size": len(data)}).json(w.e.t, &u)
	if sent {
		w.admin.must(200, "PUT", ws(w, "/datasets/"+d+"/uploads/"+u.ID+"/parts?offset=0"), rawBody(data))
	}
	return d, u.ID
}

// freshItem uploads an image into dataset d (a fresh one when d is "").
func (w *world) freshItem(d string) (string, string) {
	if d == "" {
		d = w.freshDataset()
	}
	var it struct{ ID string }
	w.admin.must(201, "POST", ws(w, "/datasets/"+d+"/items"), pngUpload(w.e.t, "x.png", "")).json(w.e.t, &it)
	return d, it.ID
}

func signInAgain(w *world, actor *client) string {
	var me struct {
		User struct{ Email string } `json:"user"`
	}
	actor.must(200, "GET", "/api/v1/me", nil).json(w.e.t, &me)
	fresh := w.e.anon()
	fresh.must(200, "POST", "/api/v1/auth/signin", map[string]string{"email": me.User.Email, "password": password})
	return fresh.cookie
}

// TestAccessMatrix calls every API operation as every workspace role, from inside workspace A and
// from inside B, and anonymously, and checks each answer against the policy: allowed, 403 inside,
// 404 outside (another tenant's resources do not exist for you), 401 without a session.
func TestAccessMatrix(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, dialect)
			checkMatrixCoversAPI(t, w)
			for _, mc := range matrix {
				name := mc.op
				if mc.variant != "" {
					name += "/" + mc.variant
				}
				// Cases run one after another on the world's own test: its helpers stop that test on
				// a broken world, and a subtest may not stop its parent.
				func() {
					if mc.scope == public {
						return // covered by the scenario tests, which need no session
					}
					req := mc.build(w, w.admin)
					if r := w.e.anon().do(req.method, req.path, req.body); r.status != http.StatusUnauthorized {
						t.Errorf("%s: anonymous: status %d, want 401; body %s", name, r.status, r.body)
					} else {
						r.problem(t)
					}
					for _, side := range []string{"same", "other"} {
						for _, role := range roles {
							actor := w.actors[side+"/"+role]
							req := mc.build(w, actor)
							c := actor
							if req.client != nil {
								c = req.client
							}
							r := c.do(req.method, req.path, req.body)
							want := expectation(mc, side, role)
							if !want.matches(r.status) {
								t.Errorf("%s: %s %s: %s %s → %d, want %s; body %s", name, side, role, req.method, req.path, r.status, want, r.body)
							}
						}
					}
				}()
			}
		})
	}
}

type expected struct {
	allowed bool
	status  []int
}

func (e expected) matches(status int) bool {
	if e.allowed && len(e.status) == 0 {
		return status >= 200 && status < 300
	}
	return slices.Contains(e.status, status)
}

func (e expected) String() string {
	if e.allowed && len(e.status) == 0 {
		return "2xx"
	}
	return fmt.Sprint(e.status)
}

func expectation(mc matrixCase, side, role string) expected {
	switch {
	case mc.scope == ownAccount:
		return expected{allowed: true, status: mc.okStatus}
	case side == "other":
		return expected{status: []int{http.StatusNotFound}}
	case slices.Contains(mc.allowed, role):
		return expected{allowed: true, status: mc.okStatus}
	case mc.hidden:
		return expected{status: []int{http.StatusNotFound}}
	}
	return expected{status: []int{http.StatusForbidden}}
}

// checkMatrixCoversAPI fails when an operation of the served OpenAPI document has no row in the
// matrix: a new endpoint must say who may call it.
func checkMatrixCoversAPI(t *testing.T, w *world) {
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	w.e.anon().must(200, "GET", "/api/v1/openapi.json", nil).json(t, &doc)
	covered := map[string]bool{}
	for _, mc := range matrix {
		covered[mc.op] = true
	}
	var missing []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if !covered[op.OperationID] {
				missing = append(missing, strings.ToUpper(method)+" "+path+" ("+op.OperationID+")")
			}
			delete(covered, op.OperationID)
		}
	}
	for op := range covered {
		missing = append(missing, "matrix row for an operation the API lacks: "+op)
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Fatalf("the access matrix and the API differ:\n%s", strings.Join(missing, "\n"))
	}
}
