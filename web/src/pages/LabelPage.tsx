// Where annotators and reviewers spend their day: claim the next task, label or review it in the
// editor, submit, and the next one comes at once.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, asFormError, statusOf } from "../api/client";
import { useProject } from "../api/projects";
import { useClaimNext, useReviewTask, useSaveDraft, useSkipTask, useSubmitTask, type TaskView } from "../api/tasks";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Button } from "../components/Button";
import { FormAlert, TextAreaField } from "../components/Field";
import { ArrowLeftIcon } from "../components/icons";
import { Modal } from "../components/Modal";
import { EmptyState, LoadingState } from "../components/States";
import { useToast } from "../components/Toasts";
import { Editor, emptyLabel, type Item, type Label } from "../editor";
import type { Ontology } from "../ontology/types";
import { ActiveClock } from "./label/activeTime";

type Problem = { location?: string; message?: string };

/** itemOf is the editor's view of a task's item. */
function itemOf(v: TaskView, text: string | undefined): Item {
  const it = v.item;
  const kind = it.type === "video" ? "video" : it.type === "text" ? "text" : "image";
  return {
    kind,
    url: v.item_url,
    text,
    width: it.width ?? undefined,
    height: it.height ?? undefined,
    frames: it.frame_count ?? undefined,
    fps: it.fps ?? undefined,
  };
}

export function LabelPage() {
  const { projectId = "" } = useParams();
  const { workspaceId } = useCurrentWorkspace();
  const project = useProject(workspaceId, projectId);
  const claim = useClaimNext(workspaceId, projectId);
  const [view, setView] = useState<TaskView | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The label last submitted here, which the editor offers to copy onto the next task.
  const [previous, setPrevious] = useState<Label | undefined>();
  const back = (
    <Link to={`/w/${workspaceId}/projects/${projectId}`} className="back-link">
      <ArrowLeftIcon /> {project.data?.name ?? "Project"}
    </Link>
  );

  const next = useCallback(() => {
    setDone(null);
    claim.mutate(undefined, {
      onSuccess: (v) => setView(v),
      onError: (e) => {
        setView(null);
        setDone(statusOf(e) === 404 ? "Nothing waits for you in this project right now." : asFormError(e).message);
      },
    });
    // claim.mutate is stable enough: a new one each render would claim twice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspaceId, projectId]);

  useEffect(() => next(), [next]);

  if (done) {
    return (
      <div className="page">
        {back}
        <EmptyState
          title="No task for you"
          action={
            <Button variant="primary" onClick={next}>
              Look again
            </Button>
          }
        >
          {done}
        </EmptyState>
      </div>
    );
  }
  if (!view) return <LoadingState label="Finding your next task…" />;
  return (
    <TaskWork
      key={view.task.id}
      workspaceId={workspaceId}
      projectId={projectId}
      view={view}
      back={back}
      previous={previous}
      onNext={(submitted) => {
        if (submitted) setPrevious(submitted);
        next();
      }}
    />
  );
}

function TaskWork({
  workspaceId,
  projectId,
  view,
  back,
  previous,
  onNext,
}: {
  workspaceId: string;
  projectId: string;
  view: TaskView;
  back: React.ReactNode;
  previous?: Label;
  onNext: (submitted?: Label) => void;
}) {
  const reviewing = view.stage_kind === "review";
  const [label, setLabel] = useState<Label>(() => (view.label as Label | null) ?? emptyLabel());
  // The label as of the last edit, for a submit that follows an edit at once: the state of this
  // render may be one edit behind.
  const latest = useRef(label);
  const [errors, setErrors] = useState<Problem[]>([]);
  const [text, setText] = useState<string | undefined>();
  const [skipping, setSkipping] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const submit = useSubmitTask(workspaceId, projectId);
  const review = useReviewTask(workspaceId, projectId);
  const skip = useSkipTask(workspaceId, projectId);
  const draft = useSaveDraft(workspaceId, projectId);
  const toast = useToast();
  const clock = useRef(new ActiveClock(Date.now()));

  useEffect(() => {
    const c = clock.current;
    const input = () => c.input(Date.now());
    const visibility = () => c.setVisible(document.visibilityState === "visible", Date.now());
    window.addEventListener("keydown", input);
    window.addEventListener("pointerdown", input);
    document.addEventListener("visibilitychange", visibility);
    return () => {
      window.removeEventListener("keydown", input);
      window.removeEventListener("pointerdown", input);
      document.removeEventListener("visibilitychange", visibility);
    };
  }, []);

  useEffect(() => {
    if (view.item.type !== "text") return;
    const ctl = new AbortController();
    fetch(view.item_url, { signal: ctl.signal })
      .then((r) => r.text())
      .then(setText)
      .catch(() => {});
    return () => ctl.abort();
  }, [view.item.type, view.item_url]);

  // Drafts are saved two seconds after the last change, so a closed tab loses little.
  const saveLater = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onChange = (l: Label) => {
    latest.current = l;
    setLabel(l);
    if (reviewing) return;
    clearTimeout(saveLater.current);
    saveLater.current = setTimeout(() => draft.mutate({ task: view.task.id, label: l }), 2000);
  };
  useEffect(() => () => clearTimeout(saveLater.current), []);

  const problems = (e: unknown): Problem[] => (e instanceof ApiError ? (e.problem?.errors ?? []) : []);
  const item = useMemo(() => itemOf(view, text), [view, text]);
  const ontology = view.ontology as unknown as Ontology;

  function doSubmit() {
    clearTimeout(saveLater.current);
    submit.mutate(
      { task: view.task.id, label: latest.current, revision: view.task.label_revision, active_ms: clock.current.take(Date.now()) },
      {
        onSuccess: () => {
          toast.success("Submitted");
          onNext(latest.current);
        },
        onError: (e) => setErrors(problems(e)),
      },
    );
  }

  function doReview(decision: "approve" | "reject", notes?: string) {
    review.mutate(
      { task: view.task.id, decision, notes, active_ms: clock.current.take(Date.now()) },
      {
        onSuccess: () => {
          toast.success(decision === "approve" ? "Approved" : "Sent back for rework");
          setRejecting(false);
          onNext();
        },
      },
    );
  }

  const failure = submit.error ?? review.error ?? skip.error;
  return (
    <div className="page page-wide label-page" data-stage-kind={view.stage_kind} data-task={view.task.id}>
      <div className="label-bar">
        {back}
        <span className="label-title">
          {view.item.name} <span className="muted small">{reviewing ? "Review" : view.task.status === "reopened" ? "Rework" : "Annotate"}</span>
        </span>
        <span className="label-actions">
          {reviewing ? (
            <>
              <Button variant="danger" onClick={() => setRejecting(true)}>
                Reject
              </Button>
              <Button variant="primary" pending={review.isPending} onClick={() => doReview("approve")}>
                Approve
              </Button>
            </>
          ) : null}
        </span>
      </div>
      {view.task.review_notes && !reviewing && (
        <div className="notice notice-warning" role="status" data-testid="review-notes">
          The reviewer sent this back: “{view.task.review_notes}”
        </div>
      )}
      {view.draft && <p className="muted small">Your draft from before is back.</p>}
      <FormAlert message={failure ? asFormError(failure).message : undefined} />
      <Editor
        ontology={ontology}
        item={item}
        value={label}
        onChange={onChange}
        readOnly={reviewing}
        errors={errors}
        onSubmit={reviewing ? undefined : doSubmit}
        onSkip={() => setSkipping(true)}
        previous={reviewing ? undefined : previous}
      />
      {skipping && (
        <ReasonDialog
          title="Skip this task"
          label="Why do you skip it?"
          confirm="Skip"
          pending={skip.isPending}
          onClose={() => setSkipping(false)}
          onConfirm={(reason) =>
            skip.mutate(
              { task: view.task.id, reason, active_ms: clock.current.take(Date.now()) },
              {
                onSuccess: () => {
                  setSkipping(false);
                  onNext();
                },
              },
            )
          }
        />
      )}
      {rejecting && (
        <ReasonDialog
          title="Reject this label"
          label="What should be fixed?"
          confirm="Send back"
          pending={review.isPending}
          onClose={() => setRejecting(false)}
          onConfirm={(notes) => doReview("reject", notes)}
        />
      )}
    </div>
  );
}

function ReasonDialog({
  title,
  label,
  confirm,
  pending,
  onClose,
  onConfirm,
}: {
  title: string;
  label: string;
  confirm: string;
  pending: boolean;
  onClose: () => void;
  onConfirm: (text: string) => void;
}) {
  const [text, setText] = useState("");
  return (
    <Modal title={title} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) onConfirm(text.trim());
        }}
      >
        <TextAreaField name="reason" label={label} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={5000} autoFocus />
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!text.trim()} pending={pending}>
            {confirm}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
