package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
)

// Which credential an operation takes is in its security requirements, as the OpenAPI document
// shows them: a session always; an API key ("apiKey", a Bearer token) for every operation inside a
// workspace, where the policy narrows the key to its workspace and scope; and, outside workspaces,
// only for the operations the route table marks with keyMay, naming the account action the key
// needs. keyGate enforces just that, so that an account operation added without thought (a new
// second factor, say) is for sessions only.

var (
	sessionOnly  = []map[string][]string{{"session": {}}}
	sessionOrKey = []map[string][]string{{"session": {}}, {"apiKey": {}}}
)

// security returns the requirements of an operation at path.
func security(path string) []map[string][]string {
	if strings.Contains(path, "{workspaceID}") {
		return sessionOrKey
	}
	return sessionOnly
}

// keyMay lets an API key call an operation outside any workspace when the policy lets the key do
// action on its user's account (access.CheckAccount).
func keyMay(action string, o huma.Operation) huma.Operation {
	o.Security = []map[string][]string{{"session": {}}, {"apiKey": {action}}}
	return o
}

// keyGate stands before every operation called with an API key: public operations run as for
// anyone (an invitation is not accepted on a key's behalf), operations that take no key refuse
// it, and the account actions an operation names for keys are asked of the policy.
func (s *Server) keyGate(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		a := loupe.ActorFrom(ctx.Context())
		if a == nil || a.APIKey == nil {
			next(ctx)
			return
		}
		op := ctx.Operation()
		if len(op.Security) == 0 {
			next(huma.WithContext(ctx, loupe.WithActor(ctx.Context(), nil)))
			return
		}
		for _, req := range op.Security {
			actions, ok := req["apiKey"]
			if !ok {
				continue
			}
			for _, action := range actions {
				if err := s.svc.CheckOwnAccount(ctx.Context(), action); err != nil {
					status, detail := http.StatusInternalServerError, "something went wrong on our side; the request id is "+requestID(ctx.Context())
					if em, ok := s.problem(ctx.Context(), err).(*huma.ErrorModel); ok {
						status, detail = em.Status, em.Detail
					}
					huma.WriteErr(api, ctx, status, detail)
					return
				}
			}
			next(ctx)
			return
		}
		huma.WriteErr(api, ctx, http.StatusForbidden,
			fmt.Sprintf("an API key may not call %s (%q): it is for signed-in sessions only", op.OperationID, op.Summary))
	}
}

type APIKeyScope struct {
	ReadOnly bool     `json:"read_only" doc:"A read-only key only reads: it is refused every action that changes something."`
	Actions  []string `json:"actions" doc:"The only actions the key may do (GET /api/v1/api-key-actions lists them); empty for no such list."`
}

type APIKeyScopeInput struct {
	ReadOnly bool     `json:"read_only,omitempty" doc:"Only the actions that read."`
	Actions  []string `json:"actions,omitempty" maxItems:"100" doc:"Only these actions (GET /api/v1/api-key-actions lists them). Not with read_only."`
}

type APIKey struct {
	ID          loupe.ID    `json:"id"`
	WorkspaceID loupe.ID    `json:"workspace_id" doc:"The one workspace the key reaches."`
	Name        string      `json:"name"`
	Prefix      string      `json:"prefix" doc:"The key's visible part: keys read loupe_<prefix>_<secret>."`
	Scope       APIKeyScope `json:"scope" doc:"Neither read-only nor a list of actions: the key does all its user may in the workspace."`
	CreatedAt   time.Time   `json:"created_at"`
	ExpiresAt   *time.Time  `json:"expires_at" doc:"Null for a key that lasts until revoked."`
	LastUsedAt  *time.Time  `json:"last_used_at" doc:"Written at most once a minute."`
	LastUsedIP  string      `json:"last_used_ip" doc:"Where the key was last used from; empty before its first use."`
	Current     bool        `json:"current" doc:"Whether this key makes the request."`
}

func toAPIKey(ctx context.Context, k loupe.APIKey) APIKey {
	a := loupe.ActorFrom(ctx)
	return APIKey{ID: k.ID, WorkspaceID: k.WorkspaceID, Name: k.Name, Prefix: k.Prefix,
		Scope:     APIKeyScope{ReadOnly: k.Scope.ReadOnly, Actions: append([]string{}, k.Scope.Actions...)},
		CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt, LastUsedAt: k.LastUsedAt, LastUsedIP: k.LastUsedIP,
		Current: a != nil && a.APIKey != nil && a.APIKey.ID == k.ID}
}

type ListMyAPIKeysInput struct {
	PageQuery
}

type APIKeysOutput struct{ Body List[APIKey] }

func (s *Server) listMyAPIKeys(ctx context.Context, in *ListMyAPIKeysInput) (*APIKeysOutput, error) {
	p, err := in.page()
	if err != nil {
		return nil, err
	}
	ks, next, err := s.svc.MyAPIKeys(ctx, p)
	if err != nil {
		return nil, err
	}
	return &APIKeysOutput{Body: list(ks, next, func(k loupe.APIKey) APIKey { return toAPIKey(ctx, k) })}, nil
}

type CreateAPIKeyInput struct {
	Body struct {
		Name        string            `json:"name" maxLength:"100" doc:"What the key is for, to tell it apart."`
		WorkspaceID string            `json:"workspace_id" format:"uuid" doc:"The one workspace the key reaches; you must be a member."`
		ExpiresAt   *time.Time        `json:"expires_at,omitempty" doc:"When the key stops working; omit it for a key that lasts until revoked."`
		Scope       *APIKeyScopeInput `json:"scope,omitempty" doc:"Omit it for a key that does all you may in the workspace."`
	}
}

type CreatedAPIKey struct {
	APIKey
	Secret string `json:"secret" doc:"The whole key, for Authorization: Bearer. Shown this once: Loupe keeps only its hash."`
}

type CreatedAPIKeyOutput struct{ Body CreatedAPIKey }

func (s *Server) createAPIKey(ctx context.Context, in *CreateAPIKeyInput) (*CreatedAPIKeyOutput, error) {
	ws, err := loupe.ParseID(in.Body.WorkspaceID)
	if err != nil {
		return nil, err
	}
	var scope loupe.APIKeyScope
	if sc := in.Body.Scope; sc != nil {
		scope = loupe.APIKeyScope{ReadOnly: sc.ReadOnly, Actions: sc.Actions}
	}
	nk, err := s.svc.CreateAPIKey(ctx, service.APIKeyInput{WorkspaceID: ws, Name: in.Body.Name, ExpiresAt: in.Body.ExpiresAt, Scope: scope})
	if err != nil {
		return nil, err
	}
	return &CreatedAPIKeyOutput{Body: CreatedAPIKey{APIKey: toAPIKey(ctx, nk.Key), Secret: nk.Secret}}, nil
}

type APIKeyPath struct {
	KeyID string `path:"keyID" format:"uuid"`
}

func (s *Server) revokeMyAPIKey(ctx context.Context, in *APIKeyPath) (*struct{}, error) {
	id, err := loupe.ParseID(in.KeyID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RevokeMyAPIKey(ctx, id)
}

type WorkspaceAPIKey struct {
	APIKey
	Owner UserRef `json:"owner"`
}

type ListWorkspaceAPIKeysInput struct {
	WorkspacePath
	PageQuery
}

type WorkspaceAPIKeysOutput struct{ Body List[WorkspaceAPIKey] }

func (s *Server) listWorkspaceAPIKeys(ctx context.Context, in *ListWorkspaceAPIKeysInput) (*WorkspaceAPIKeysOutput, error) {
	l, err := workspaceList(ctx, in.WorkspacePath, in.PageQuery, s.svc.WorkspaceAPIKeys, func(k loupe.OwnedAPIKey) WorkspaceAPIKey {
		return WorkspaceAPIKey{APIKey: toAPIKey(ctx, k.APIKey), Owner: toUserRef(k.Owner)}
	})
	return &WorkspaceAPIKeysOutput{Body: l}, err
}

type WorkspaceAPIKeyPath struct {
	WorkspacePath
	APIKeyPath
}

func (s *Server) revokeWorkspaceAPIKey(ctx context.Context, in *WorkspaceAPIKeyPath) (*struct{}, error) {
	ws, err := in.workspace()
	if err != nil {
		return nil, err
	}
	id, err := loupe.ParseID(in.KeyID)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.RevokeWorkspaceAPIKey(ctx, ws, id)
}

type APIKeyAction struct {
	Action      string `json:"action"`
	Description string `json:"description" doc:"What the action lets a key do: \"see this workspace\"."`
	Writes      bool   `json:"writes" doc:"Whether the action changes something; a read-only key may do none of these."`
}

type APIKeyActionsOutput struct {
	Body struct {
		Items []APIKeyAction `json:"items"`
	}
}

func (s *Server) apiKeyActions(context.Context, *struct{}) (*APIKeyActionsOutput, error) {
	out := &APIKeyActionsOutput{}
	for _, a := range s.svc.APIKeyActions() {
		out.Body.Items = append(out.Body.Items, APIKeyAction{Action: string(a.Action), Description: a.What, Writes: a.Writes})
	}
	return out, nil
}
