// The project's workflow: shown in the builder; its admins edit it, review
// where the waiting tasks would go (a dry run), map the stages the server
// asks about, and apply the change against the revision they started from.
import { useState } from "react";
import { asFormError, statusOf } from "../../api/client";
import { fromApiGraph, useChangeWorkflow, useProject, type ProjectDetail, type WorkflowPlan } from "../../api/projects";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormAlert } from "../../components/Field";
import { useToast } from "../../components/Toasts";
import { plural } from "../../lib/format";
import type { Graph } from "../../workflow/types";
import { WorkflowBuilder } from "../../workflow/WorkflowBuilder";
import type { ProjectAbilities } from "./access";
import { problemErrors } from "./errors";
import { useLiveValidation } from "./useLiveValidation";
import { usePeople } from "./usePeople";
import { WorkflowEditor } from "./WorkflowEditor";
import { changeProblems, cleanMapping, mappingTargets, moveRows, type ChangeProblems } from "./workflowChange";

interface SectionProps {
  workspaceId: string;
  project: ProjectDetail;
  abilities: ProjectAbilities;
}

export function WorkflowSection({ workspaceId, project, abilities }: SectionProps) {
  const [editing, setEditing] = useState(false);
  const { people } = usePeople();
  const current = fromApiGraph(project.workflow);

  if (editing) {
    return <WorkflowChange key={project.workflow_revision} workspaceId={workspaceId} project={project} onDone={() => setEditing(false)} />;
  }
  return (
    <Card
      title="Workflow"
      description={`The path every task takes. Revision ${project.workflow_revision}.`}
      actions={
        abilities.editSettings && (
          <Button variant="primary" onClick={() => setEditing(true)}>
            Edit workflow
          </Button>
        )
      }
    >
      <div className="pj-builder" data-workflow-mode="view">
        <WorkflowBuilder value={current} onChange={() => {}} readOnly people={people} />
      </div>
    </Card>
  );
}

interface Plan {
  result: WorkflowPlan;
  /** What the plan was made for. */
  graph: Graph;
  mapping: Record<string, string>;
}

function WorkflowChange({ workspaceId, project, onDone }: { workspaceId: string; project: ProjectDetail; onDone(): void }) {
  const { people } = usePeople();
  const change = useChangeWorkflow(workspaceId, project.id);
  const reload = useProject(workspaceId, project.id);
  const toast = useToast();
  const current = fromApiGraph(project.workflow);
  const revision = project.workflow_revision;
  const [draft, setDraft] = useState<Graph>(current);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<ChangeProblems | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [message, setMessage] = useState("");
  const [conflict, setConflict] = useState(false);
  const check = useLiveValidation(workspaceId, draft);
  const targets = mappingTargets(draft);
  // Stages the server asked about, and those mapped already.
  const asked = [...new Set([...Object.keys(problems?.mapping ?? {}), ...Object.keys(mapping)])];
  const planFresh = plan && plan.graph === draft && JSON.stringify(plan.mapping) === JSON.stringify(cleanMapping(mapping, draft));

  function edit(g: Graph) {
    setDraft(g);
    setPlan(null);
    if (problems?.workflow.length) setProblems({ ...problems, workflow: [] });
  }

  function fail(e: unknown) {
    if (statusOf(e) === 409) {
      setConflict(true);
      setMessage(asFormError(e).message);
      return;
    }
    const p = changeProblems(problemErrors(e));
    setProblems(p);
    const loose = p.other.length ? `: ${p.other.join("; ")}` : "";
    setMessage(Object.keys(p.mapping).length && !p.workflow.length && !p.other.length ? "" : `${asFormError(e).message}${loose}`);
  }

  function review() {
    const m = cleanMapping(mapping, draft);
    setMessage("");
    setPlan(null);
    change.mutate(
      { workflow: draft, revision, mapping: m, dryRun: true },
      {
        onSuccess: (result) => {
          setProblems(null);
          setPlan({ result, graph: draft, mapping: m });
        },
        onError: fail,
      },
    );
  }

  function apply() {
    if (!plan) return;
    setMessage("");
    change.mutate(
      { workflow: plan.graph, revision, mapping: plan.mapping, dryRun: false },
      {
        onSuccess: () => {
          toast.success("The new workflow is in place");
          onDone();
        },
        onError: fail,
      },
    );
  }

  const rows = plan ? moveRows(plan.result.moves, current, plan.graph) : [];
  const moving = rows.filter((r) => !r.stays).reduce((n, r) => n + r.tasks, 0);

  return (
    <Card
      title="Edit the workflow"
      description={`Changing revision ${revision}. Tasks waiting in the project move to the new workflow's stages when the change is applied.`}
      actions={
        <Button onClick={onDone} disabled={change.isPending}>
          Cancel
        </Button>
      }
    >
      <div className="pj-stack" data-workflow-mode="edit">
        {conflict ? (
          <div className="alert alert-error" role="alert">
            <p>
              <strong>Someone changed this workflow meanwhile.</strong> {message}
            </p>
            <p>Reload to edit the current workflow; the edits made here are dropped.</p>
            <Button
              pending={reload.isFetching}
              onClick={() =>
                void reload.refetch().then(() => {
                  setConflict(false);
                  setMessage("");
                })
              }
            >
              Reload
            </Button>
          </div>
        ) : (
          <FormAlert message={message} />
        )}
        <div className="pj-builder">
          <WorkflowEditor value={draft} onChange={edit} check={check} serverErrors={problems?.workflow} people={people} />
        </div>
        {asked.length > 0 && (
          <section className="pj-mapping" aria-label="Where waiting tasks go">
            <h3 className="pj-subtitle">Where do the waiting tasks go?</h3>
            <p className="muted small">These stages of the current workflow hold tasks that the new one has no place for. Choose where they move.</p>
            <ul className="pj-mapping-list">
              {asked.map((id) => {
                const from = current.stages.find((s) => s.id === id);
                const name = from?.name ?? id;
                const msg = problems?.mapping[id];
                return (
                  <li key={id} data-mapping={id} className="field">
                    <label htmlFor={`map-${id}`}>Move the tasks of {name} to</label>
                    <select
                      id={`map-${id}`}
                      className="select"
                      value={mapping[id] ?? ""}
                      aria-invalid={msg && !mapping[id] ? true : undefined}
                      onChange={(e) => {
                        setMapping({ ...mapping, [id]: e.target.value });
                        setPlan(null);
                      }}
                    >
                      <option value="" disabled>
                        Choose a stage…
                      </option>
                      {targets.map((t) => (
                        <option key={t.id} value={t.id}>
                          {t.name}
                        </option>
                      ))}
                    </select>
                    {msg && <p className="field-error">{msg}</p>}
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        {plan && planFresh && (
          <section className="pj-plan" aria-label="The plan" data-plan>
            <h3 className="pj-subtitle">The plan</h3>
            {rows.length === 0 ? (
              <p>No tasks are waiting: nothing moves.</p>
            ) : (
              <>
                <p>
                  {moving ? `${plural(moving, "task")} move to another stage.` : "Every waiting task stays where it is."}
                </p>
                <table className="table table-compact" aria-label="Task moves">
                  <thead>
                    <tr>
                      <th>From</th>
                      <th>To</th>
                      <th className="cell-num">Tasks</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.from} data-move={`${r.from}:${r.to}`} className={r.stays ? "pj-move-stays" : undefined}>
                        <td>{r.fromName}</td>
                        <td>{r.stays ? <span className="muted">stays</span> : r.toName}</td>
                        <td className="cell-num">{r.tasks.toLocaleString("en")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
        )}
        <div className="form-actions">
          {plan && planFresh ? (
            <>
              <Button onClick={review} disabled={change.isPending || conflict}>
                Review again
              </Button>
              <Button variant="primary" onClick={apply} pending={change.isPending} disabled={conflict}>
                Apply change
              </Button>
            </>
          ) : (
            <Button variant="primary" onClick={review} pending={change.isPending} disabled={conflict || check.state === "invalid"}>
              Review change
            </Button>
          )}
        </div>
      </div>
    </Card>
  );
}
