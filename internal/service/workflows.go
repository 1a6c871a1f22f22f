package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/loupehq/loupe/internal/access"
	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/workflow"
)

// decodeStrict decodes one JSON value into v, refusing unknown fields and trailing data, with a
// message that names field.
func decodeStrict(field string, raw json.RawMessage, v any) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return loupe.InvalidField(field, "is required")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te) && te.Field != "":
			return loupe.InvalidField(joinField(field, te.Field), "must be %s, not %s", jsonKind(te.Type.Kind().String()), te.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return loupe.InvalidField(field, "has an unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return loupe.InvalidField(field, "is not valid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return loupe.InvalidField(field, "has data after its end")
	}
	return nil
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

// parseWorkflow decodes and validates a workflow graph and returns it in canonical form; error
// paths start with field.
func parseWorkflow(field string, raw json.RawMessage) (workflow.Graph, json.RawMessage, error) {
	var g workflow.Graph
	if err := decodeStrict(field, raw, &g); err != nil {
		return g, nil, err
	}
	if err := workflow.Validate(g); err != nil {
		return g, nil, prefixFields(err, field)
	}
	canon, err := json.Marshal(g)
	return g, canon, loupe.Wrap(err, "encode workflow")
}

// checkAssignees refuses a graph that binds stages to users or groups outside the workspace.
func checkAssignees(ctx context.Context, tx *store.Tx, workspaceID loupe.ID, field string, g workflow.Graph) error {
	var v loupe.Validation
	check := func(path string, t workflow.AssigneeType, id loupe.ID) error {
		var err error
		if t == workflow.AssigneeGroup {
			_, err = tx.Group(ctx, workspaceID, id)
		} else {
			_, err = tx.Membership(ctx, workspaceID, id)
		}
		switch {
		case loupe.IsCode(err, loupe.NotFound):
			v.Add(path, "no %s %s in this workspace", t, id)
		case err != nil:
			return err
		}
		return nil
	}
	for i, st := range g.Stages {
		base := fmt.Sprintf("%s.stages[%d]", field, i)
		assignees := st.Assignees
		if st.Consensus != nil {
			assignees = append(append([]workflow.Assignee{}, assignees...), st.Consensus.Resolvers...)
		}
		for j, a := range assignees {
			path := fmt.Sprintf("%s.assignees[%d].id", base, j)
			if j >= len(st.Assignees) {
				path = fmt.Sprintf("%s.consensus.resolvers[%d].id", base, j-len(st.Assignees))
			}
			if err := check(path, a.Type, a.ID); err != nil {
				return err
			}
		}
		if st.Router == nil {
			continue
		}
		for j, r := range st.Router.Routes {
			for k, u := range r.Users {
				if err := check(fmt.Sprintf("%s.router.routes[%d].users[%d]", base, j, k), workflow.AssigneeUser, u); err != nil {
					return err
				}
			}
			for k, gid := range r.Groups {
				if err := check(fmt.Sprintf("%s.router.routes[%d].groups[%d]", base, j, k), workflow.AssigneeGroup, gid); err != nil {
					return err
				}
			}
		}
	}
	return v.Err()
}

// ValidateWorkflow checks a graph as a project would take it, for the builder's live feedback.
func (s *Service) ValidateWorkflow(ctx context.Context, workspaceID loupe.ID, raw json.RawMessage) (workflow.Graph, error) {
	g, _, err := parseWorkflow("graph", raw)
	if err != nil {
		return g, err
	}
	err = s.store.Read(ctx, func(tx *store.Tx) error {
		if _, err := authorize(ctx, tx, access.ListWorkflowTemplates, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		return checkAssignees(ctx, tx, workspaceID, "graph", g)
	})
	return g, err
}

// Template is a workflow template: one of the built-ins, or one a workspace saved.
type Template struct {
	// ID is the built-in's name ("annotate-review") or the saved template's id.
	ID          string
	BuiltIn     bool
	Name        string
	Description string
	Graph       workflow.Graph
	CreatedBy   *loupe.ID
}

// WorkflowTemplates lists the built-in templates, then the workspace's own.
func (s *Service) WorkflowTemplates(ctx context.Context, workspaceID loupe.ID) ([]Template, error) {
	var saved []loupe.WorkflowTemplate
	err := s.store.Read(ctx, func(tx *store.Tx) (err error) {
		if _, err := authorize(ctx, tx, access.ListWorkflowTemplates, access.Resource{WorkspaceID: workspaceID}); err != nil {
			return err
		}
		saved, err = tx.WorkflowTemplates(ctx, workspaceID)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []Template
	for _, t := range workflow.Templates() {
		out = append(out, Template{ID: t.ID, BuiltIn: true, Name: t.Name, Description: t.Description, Graph: t.Graph})
	}
	for _, w := range saved {
		t, err := toTemplate(w)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func toTemplate(w loupe.WorkflowTemplate) (Template, error) {
	t := Template{ID: w.ID.String(), Name: w.Name, Description: w.Description, CreatedBy: &w.CreatedBy}
	return t, loupe.Wrap(json.Unmarshal(w.Graph, &t.Graph), "decode workflow template %s", w.ID)
}

// TemplateInput saves a workflow graph as a template.
type TemplateInput struct {
	Name        string
	Description string
	Graph       json.RawMessage
}

// CreateWorkflowTemplate saves a workspace's own template.
func (s *Service) CreateWorkflowTemplate(ctx context.Context, workspaceID loupe.ID, in TemplateInput) (Template, error) {
	var v loupe.Validation
	name := cleanName(&v, "name", in.Name)
	desc := cleanDescription(&v, "description", in.Description)
	if err := v.Err(); err != nil {
		return Template{}, err
	}
	g, canon, err := parseWorkflow("graph", in.Graph)
	if err != nil {
		return Template{}, err
	}
	w := loupe.WorkflowTemplate{ID: loupe.NewID(), WorkspaceID: workspaceID, Name: name, Description: desc, Graph: canon, CreatedAt: s.clock()}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := authorize(ctx, tx, access.CreateWorkflowTemplate, access.Resource{WorkspaceID: workspaceID})
		if err != nil {
			return err
		}
		w.CreatedBy = p.UserID
		if err := checkAssignees(ctx, tx, workspaceID, "graph", g); err != nil {
			return err
		}
		if _, builtIn := workflow.TemplateByID(strings.ToLower(name)); builtIn {
			return loupe.InvalidField("name", "is the id of a built-in template")
		}
		return tx.CreateWorkflowTemplate(ctx, &w)
	})
	if err != nil {
		return Template{}, err
	}
	return Template{ID: w.ID.String(), Name: w.Name, Description: w.Description, Graph: g, CreatedBy: &w.CreatedBy}, nil
}

// DeleteWorkflowTemplate deletes a saved template; built-ins stay.
func (s *Service) DeleteWorkflowTemplate(ctx context.Context, workspaceID loupe.ID, id string) error {
	if _, builtIn := workflow.TemplateByID(id); builtIn {
		return loupe.Errorf(loupe.Conflict, "built-in templates cannot be deleted")
	}
	tid, err := loupe.ParseID(id)
	if err != nil {
		return loupe.Errorf(loupe.NotFound, "workflow template not found")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		p, err := principal(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		w, err := tx.WorkflowTemplate(ctx, workspaceID, tid)
		if err != nil {
			return err
		}
		if err := access.Check(p, access.DeleteWorkflowTemplate, access.Resource{WorkspaceID: workspaceID, Owned: w.CreatedBy == p.UserID}); err != nil {
			return err
		}
		return tx.DeleteWorkflowTemplate(ctx, workspaceID, tid)
	})
}

// templateGraph returns the graph of a template by id: a built-in's name or a saved template's id.
func templateGraph(ctx context.Context, tx *store.Tx, workspaceID loupe.ID, id string) (json.RawMessage, error) {
	if t, ok := workflow.TemplateByID(id); ok {
		return json.Marshal(t.Graph)
	}
	tid, err := loupe.ParseID(id)
	if err != nil {
		return nil, loupe.InvalidField("template_id", "no workflow template %q", id)
	}
	w, err := tx.WorkflowTemplate(ctx, workspaceID, tid)
	if loupe.IsCode(err, loupe.NotFound) {
		return nil, loupe.InvalidField("template_id", "no workflow template %q", id)
	}
	return w.Graph, err
}
