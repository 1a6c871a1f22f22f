package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/loupehq/loupe/internal/loupe"
	"github.com/loupehq/loupe/internal/service"
	"github.com/loupehq/loupe/internal/store"
	"github.com/loupehq/loupe/internal/store/storetest"
)

// queueTeam is a project of two 100×80 images on the annotate → review → rework template, with
// an annotator and a reviewer.
type queueTeam struct {
	projectWorld
	project                 service.ProjectView
	annotator, reviewer     context.Context
	annotatorID, reviewerID loupe.ID
}

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func member(t *testing.T, w projectWorld, email string, role loupe.Role, ty loupe.UserType) (context.Context, loupe.ID) {
	t.Helper()
	inv, err := w.svc.Invite(w.as, w.ws.ID, service.InviteInput{Email: email, Role: role, Type: ty})
	if err != nil {
		t.Fatal(err)
	}
	acc, err := w.svc.AcceptInvitation(context.Background(), inv.Link[strings.LastIndex(inv.Link, "/")+1:],
		service.AcceptInput{Name: email, Password: "a long password " + email}, service.Client{})
	if err != nil {
		t.Fatal(err)
	}
	u := acc.SignedIn.User
	return loupe.WithActor(context.Background(), &loupe.Actor{User: u}), u.ID
}

func newQueueTeam(t *testing.T, st *store.Store) queueTeam {
	t.Helper()
	w := newProjectWorld(t, st, 0, nil)
	for i := range 2 {
		if _, err := w.svc.AddItem(w.as, w.ws.ID, w.dataset.ID, service.Upload{Name: fmt.Sprintf("img%d.png", i), Body: bytes.NewReader(pngOf(t, 100, 80))}); err != nil {
			t.Fatal(err)
		}
	}
	q := queueTeam{projectWorld: w}
	q.annotator, q.annotatorID = member(t, w, "ann@acme.test", loupe.RoleTasker, loupe.UserWorkforce)
	q.reviewer, q.reviewerID = member(t, w, "rev@acme.test", loupe.RoleTasker, loupe.UserWorkforce)
	var err error
	q.project, err = w.svc.CreateProject(w.as, w.ws.ID, service.ProjectInput{Name: "Street", OntologyID: w.ontology.ID, TemplateID: "annotate-review-rework",
		DatasetIDs: []loupe.ID{w.dataset.ID}, Collaborators: []service.CollaboratorInput{
			{UserID: &q.annotatorID, Role: loupe.ProjectAnnotator}, {UserID: &q.reviewerID, Role: loupe.ProjectReviewer}}})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func carLabel(x, w int, occlusion string) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"objects":[{"id":"o1","class":"car","geometry":{"x":%d,"y":10,"w":%d,"h":20},"attributes":{"occlusion":%q}}]}`, x, w, occlusion))
}

func (q queueTeam) claim(t *testing.T, as context.Context) service.TaskView {
	t.Helper()
	v, err := q.svc.ClaimNextTask(as, q.ws.ID, q.project.ID)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTaskQueue_AnnotateReviewRework walks two images through annotate, review, a rejection with
// notes, rework by the same annotator, and approval.
func TestTaskQueue_AnnotateReviewRework(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		q := newQueueTeam(t, st)
		if _, err := q.svc.ClaimNextTask(q.reviewer, q.ws.ID, q.project.ID); !loupe.IsCode(err, loupe.NotFound) {
			t.Fatalf("a reviewer finds nothing before anything is annotated: %v", err)
		}
		first := q.claim(t, q.annotator)
		if first.StageKind != "annotate" || first.Item.Width == nil || *first.Item.Width != 100 || first.ItemURL == "" || len(first.Ontology) == 0 {
			t.Fatalf("task view: %+v", first)
		}
		if _, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, first.Task.ID, service.SubmitInput{Label: carLabel(5, 30, "none"), ActiveMS: 4000}); err != nil {
			t.Fatal(err)
		}
		second := q.claim(t, q.annotator)
		if second.Task.ID == first.Task.ID {
			t.Fatal("the submitted task was handed out again")
		}
		if _, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, second.Task.ID, service.SubmitInput{Label: carLabel(50, 30, "partial")}); err != nil {
			t.Fatal(err)
		}

		r1 := q.claim(t, q.reviewer)
		if r1.StageKind != "review" || len(r1.Label) == 0 {
			t.Fatalf("review view: %+v", r1)
		}
		rejected, err := q.svc.ReviewTask(q.reviewer, q.ws.ID, q.project.ID, r1.Task.ID, service.ReviewInput{Approve: false, Notes: "the box misses the bumper"})
		if err != nil {
			t.Fatal(err)
		}
		if rejected.Status != loupe.TaskReopened || rejected.Stage != "rework" || rejected.AssigneeID == nil || *rejected.AssigneeID != q.annotatorID {
			t.Fatalf("after a rejection: %+v", rejected)
		}
		r2 := q.claim(t, q.reviewer)
		if _, err := q.svc.ReviewTask(q.reviewer, q.ws.ID, q.project.ID, r2.Task.ID, service.ReviewInput{Approve: true}); err != nil {
			t.Fatal(err)
		}

		rework := q.claim(t, q.annotator)
		if rework.Task.ID != r1.Task.ID || rework.Task.ReviewNotes != "the box misses the bumper" || rework.Task.LabelRevision != 1 {
			t.Fatalf("the annotator gets the rework with the notes: %+v", rework.Task)
		}
		// A submit made from an older revision is refused, naming the current one.
		if _, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, rework.Task.ID, service.SubmitInput{Label: carLabel(4, 40, "none")}); !loupe.IsCode(err, loupe.Conflict) ||
			!strings.Contains(err.Error(), "revision 1") {
			t.Fatalf("stale revision: %v", err)
		}
		if _, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, rework.Task.ID, service.SubmitInput{Label: carLabel(4, 40, "none"), Revision: 1}); err != nil {
			t.Fatal(err)
		}
		r3 := q.claim(t, q.reviewer)
		done, err := q.svc.ReviewTask(q.reviewer, q.ws.ID, q.project.ID, r3.Task.ID, service.ReviewInput{Approve: true})
		if err != nil || done.Status != loupe.TaskCompleted || done.LabelRevision != 2 || done.TimeSpentMS != 4000 {
			t.Fatalf("approved rework: %+v, %v", done, err)
		}
		if got := stageCounts(t, q.projectWorld, q.project.ID); got["complete/completed"] != 2 {
			t.Fatalf("stage counts = %v", got)
		}
		var actions []string
		for _, a := range auditActions(t, q.svc, q.as, q.ws.ID) {
			if strings.HasPrefix(a, "task.") {
				actions = append(actions, a)
			}
		}
		if got := strings.Join(actions, " "); got != "task.submitted task.submitted task.rejected task.approved task.submitted task.approved" {
			t.Fatalf("audited task decisions: %s", got)
		}
	})
}

func TestTaskQueue_RefusedSubmits(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		q := newQueueTeam(t, st)
		v := q.claim(t, q.annotator)
		tests := []struct {
			name, label, field string
		}{
			{"UnknownClass", `{"objects":[{"id":"o1","class":"truck","geometry":{"x":1,"y":1,"w":5,"h":5},"attributes":{}}]}`, "label.objects[0].class"},
			{"BoxOutsideImage", string(carLabel(90, 30, "none")), "label.objects[0].geometry"},
			{"MissingRequiredAttribute", `{"objects":[{"id":"o1","class":"car","geometry":{"x":1,"y":1,"w":5,"h":5}}]}`, "label.objects[0].attributes"},
			{"NotAnOption", string(carLabel(1, 5, "heavy")), "label.objects[0].attributes.occlusion"},
			{"NotJSON", `{"objects":`, "label"},
		}
		for _, tt := range tests {
			_, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, v.Task.ID, service.SubmitInput{Label: json.RawMessage(tt.label)})
			le, ok := err.(*loupe.Error)
			if !ok || le.Code != loupe.Invalid || len(le.Fields) == 0 || !strings.HasPrefix(le.Fields[0].Field, tt.field) {
				t.Errorf("%s: %#v, want invalid at %s", tt.name, err, tt.field)
			}
		}
		// Nothing was saved: the task is still the annotator's, at revision 0.
		again := q.claim(t, q.annotator)
		if again.Task.ID != v.Task.ID || again.Task.LabelRevision != 0 {
			t.Fatalf("after refusals: %+v", again.Task)
		}
		// Someone else's task, and a draft that survives a closed tab.
		if _, err := q.svc.SubmitLabel(q.reviewer, q.ws.ID, q.project.ID, v.Task.ID, service.SubmitInput{Label: carLabel(1, 5, "none")}); err == nil {
			t.Fatal("a submit on another's task was taken")
		}
		if err := q.svc.SaveDraft(q.annotator, q.ws.ID, q.project.ID, v.Task.ID, carLabel(2, 5, "none")); err != nil {
			t.Fatal(err)
		}
		back := q.claim(t, q.annotator)
		if !back.Draft || !strings.Contains(string(back.Label), `"x":2`) {
			t.Fatalf("the draft is not back: %+v", back)
		}
		if _, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, v.Task.ID, service.SubmitInput{Label: carLabel(2, 5, "none")}); err != nil {
			t.Fatal(err)
		}
		if _, err := q.svc.SubmitLabel(q.annotator, q.ws.ID, q.project.ID, v.Task.ID, service.SubmitInput{Label: carLabel(2, 5, "none"), Revision: 1}); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("a submit on a task that moved on: %v", err)
		}
		// A paused project hands out nothing.
		if _, err := q.svc.SetProjectStatus(q.as, q.ws.ID, q.project.ID, loupe.ProjectPaused); err != nil {
			t.Fatal(err)
		}
		if _, err := q.svc.ClaimNextTask(q.annotator, q.ws.ID, q.project.ID); !loupe.IsCode(err, loupe.Conflict) {
			t.Fatalf("claim in a paused project: %v", err)
		}
	})
}

func TestTaskQueue_Skip(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		q := newQueueTeam(t, st)
		v := q.claim(t, q.annotator)
		if _, err := q.svc.SkipTask(q.annotator, q.ws.ID, q.project.ID, v.Task.ID, "", 0); !loupe.IsCode(err, loupe.Invalid) {
			t.Fatalf("skip without a reason: %v", err)
		}
		skipped, err := q.svc.SkipTask(q.annotator, q.ws.ID, q.project.ID, v.Task.ID, "too blurry to tell", 1500)
		if err != nil || skipped.Status != loupe.TaskSkipped {
			t.Fatalf("skip: %+v, %v", skipped, err)
		}
		next := q.claim(t, q.annotator)
		if next.Task.ID == v.Task.ID {
			t.Fatal("the skipped task came back to its skipper")
		}
	})
}

// TestTaskQueue_ManagersListAndChange lists the queue by filter and sort, page by page, and
// changes a selection: priority, assignment (the assignee gets it first) and a move by hand.
func TestTaskQueue_ManagersListAndChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		q := newQueueTeam(t, st)
		for i := 2; i < 7; i++ {
			if _, err := q.svc.AddItem(q.as, q.ws.ID, q.dataset.ID, service.Upload{Name: fmt.Sprintf("img%d.png", i), Body: bytes.NewReader(pngOf(t, 100, 80))}); err != nil {
				t.Fatal(err)
			}
		}
		all, err := q.svc.Queue(q.as, q.ws.ID, q.project.ID, store.TaskFilter{}, store.SortName, nil, 3)
		if err != nil || len(all.Rows) != 3 || all.Next == nil || all.Rows[0].ItemName != "img0.png" || all.Rows[2].ItemName != "img2.png" {
			t.Fatalf("first page by name: %+v, %v", all, err)
		}
		rest, err := q.svc.Queue(q.as, q.ws.ID, q.project.ID, store.TaskFilter{}, store.SortName, all.Next, 10)
		if err != nil || len(rest.Rows) != 4 || rest.Next != nil || rest.Rows[0].ItemName != "img3.png" {
			t.Fatalf("second page by name: %+v, %v", rest, err)
		}
		last := rest.Rows[3].ID
		urgent := 95
		if _, err := q.svc.ChangeTasks(q.as, q.ws.ID, q.project.ID, []loupe.ID{last}, service.TaskChange{Priority: &urgent, AssignTo: &q.annotatorID}); err != nil {
			t.Fatal(err)
		}
		byPriority, err := q.svc.Queue(q.as, q.ws.ID, q.project.ID, store.TaskFilter{MinPriority: &urgent}, store.SortPriority, nil, 10)
		if err != nil || len(byPriority.Rows) != 1 || byPriority.Rows[0].ID != last {
			t.Fatalf("filtered by priority: %+v, %v", byPriority, err)
		}
		if v := q.claim(t, q.annotator); v.Task.ID != last {
			t.Fatalf("the assigned task first: got %s", v.Task.ID)
		}
		// A manual move to completion, audited; the annotator may not do it.
		first := all.Rows[0].ID
		if _, err := q.svc.ChangeTasks(q.annotator, q.ws.ID, q.project.ID, []loupe.ID{first}, service.TaskChange{MoveTo: "complete"}); !loupe.IsCode(err, loupe.Forbidden) {
			t.Fatalf("an annotator moving tasks: %v", err)
		}
		moved, err := q.svc.ChangeTasks(q.as, q.ws.ID, q.project.ID, []loupe.ID{first}, service.TaskChange{MoveTo: "complete"})
		if err != nil || moved[0].Status != loupe.TaskCompleted {
			t.Fatalf("move: %+v, %v", moved, err)
		}
		done, err := q.svc.Queue(q.as, q.ws.ID, q.project.ID, store.TaskFilter{Status: loupe.TaskCompleted, ItemType: loupe.ItemImage}, store.SortAge, nil, 10)
		if err != nil || len(done.Rows) != 1 {
			t.Fatalf("completed images: %+v, %v", done, err)
		}
		for _, bad := range []service.TaskChange{{MoveTo: "nowhere"}, {MoveTo: "start"}, {}, {Priority: func() *int { p := 101; return &p }()}} {
			if _, err := q.svc.ChangeTasks(q.as, q.ws.ID, q.project.ID, []loupe.ID{first}, bad); !loupe.IsCode(err, loupe.Invalid) {
				t.Errorf("change %+v: %v, want invalid", bad, err)
			}
		}
		if _, err := q.svc.ChangeTasks(q.as, q.ws.ID, q.project.ID, []loupe.ID{loupe.NewID()}, service.TaskChange{Unassign: true}); !loupe.IsCode(err, loupe.Invalid) {
			t.Fatalf("a task of no project: %v", err)
		}
	})
}
