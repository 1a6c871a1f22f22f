// The project's overview: where its tasks stand, stage by stage, and its datasets.
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { asFormError } from "../../api/client";
import { useDatasets } from "../../api/datasets";
import { keys } from "../../api/keys";
import {
  fromApiGraph,
  populating,
  useAttachDataset,
  useDetachDataset,
  useStageCounts,
  type ProjectDataset,
  type ProjectDetail,
} from "../../api/projects";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert, SelectField } from "../../components/Field";
import { DatabaseIcon } from "../../components/icons";
import { Spinner } from "../../components/Spinner";
import { EmptyState, ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { plural } from "../../lib/format";
import type { ProjectAbilities } from "./access";
import { share, stageRows, TASK_STATUSES, taskStatusLabel, totalTasks } from "./stages";

interface SectionProps {
  workspaceId: string;
  project: ProjectDetail;
  abilities: ProjectAbilities;
}

export function OverviewSection({ workspaceId, project, abilities }: SectionProps) {
  return (
    <>
      {abilities.seeTasks ? (
        <StageCountsCard workspaceId={workspaceId} project={project} />
      ) : (
        <Card title="Tasks">
          <p>
            This project holds <strong>{plural(project.task_count, "task")}</strong>.
          </p>
        </Card>
      )}
      <DatasetsCard workspaceId={workspaceId} project={project} abilities={abilities} />
    </>
  );
}

function StageCountsCard({ workspaceId, project }: { workspaceId: string; project: ProjectDetail }) {
  const busy = populating(project);
  const counts = useStageCounts(workspaceId, project.id, { poll: busy });
  const qc = useQueryClient();
  // Count once more when the last dataset is done.
  const wasBusy = useRef(busy);
  useEffect(() => {
    if (wasBusy.current && !busy) void qc.invalidateQueries({ queryKey: keys.projectStages(workspaceId, project.id) });
    wasBusy.current = busy;
  }, [busy, qc, workspaceId, project.id]);

  let body;
  if (counts.isPending) body = <LoadingState label="Counting tasks…" />;
  else if (counts.isError) body = <ErrorState error={counts.error} onRetry={() => void counts.refetch()} title="Could not count the tasks" />;
  else {
    const rows = stageRows(fromApiGraph(project.workflow), counts.data);
    const total = totalTasks(rows);
    body =
      total === 0 && !busy ? (
        <EmptyState icon={<DatabaseIcon />} title="No tasks yet">
          Every item of an attached dataset becomes a task. Attach a dataset below.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table pj-stage-table" aria-label="Tasks by stage">
            <thead>
              <tr>
                <th>Stage</th>
                <th className="pj-bar-cell">
                  <span className="visually-hidden">Share</span>
                </th>
                {TASK_STATUSES.map((s) => (
                  <th key={s} className="cell-num">
                    {taskStatusLabel(s)}
                  </th>
                ))}
                <th className="cell-num">Total</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-stage={r.id}>
                  <td>
                    <span className={`pj-kind-dot pj-k-${r.kind ?? "gone"}`} aria-hidden="true" />
                    {r.name}
                    {!r.kind && <span className="muted small"> (no longer in the workflow)</span>}
                  </td>
                  <td className="pj-bar-cell">
                    <div className="pj-bar" title={`${share(r.total, total)}% of the tasks`}>
                      {TASK_STATUSES.map((s) =>
                        r.counts[s] ? <span key={s} className={`pj-bar-part pj-t-${s}`} style={{ width: `${share(r.counts[s], total)}%` }} /> : null,
                      )}
                    </div>
                  </td>
                  {TASK_STATUSES.map((s) => (
                    <td key={s} className={r.counts[s] ? "cell-num" : "cell-num cell-muted"}>
                      {r.counts[s].toLocaleString("en")}
                    </td>
                  ))}
                  <td className="cell-num">
                    <strong>{r.total.toLocaleString("en")}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All stages</th>
                <td />
                {TASK_STATUSES.map((s) => (
                  <td key={s} className="cell-num">
                    {rows.reduce((n, r) => n + r.counts[s], 0).toLocaleString("en")}
                  </td>
                ))}
                <td className="cell-num">
                  <strong data-total-tasks={total}>{total.toLocaleString("en")}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      );
  }
  return (
    <Card
      title="Tasks by stage"
      description={busy ? "Datasets are still being turned into tasks; the counts follow." : "Where the project's tasks wait, in the order of the workflow."}
      actions={busy && <Spinner size="sm" label="Counting" />}
      flush
    >
      {body}
    </Card>
  );
}

function DatasetsCard({ workspaceId, project, abilities }: SectionProps) {
  const detach = useDetachDataset(workspaceId, project.id);
  const toast = useToast();
  const [detaching, setDetaching] = useState<ProjectDataset | null>(null);
  return (
    <Card
      title="Datasets"
      description="Every item of an attached dataset is a task of this project; items added to it later become tasks too."
      flush
    >
      {abilities.editSettings && (
        <div className="card-section">
          <AttachDatasetForm workspaceId={workspaceId} project={project} />
        </div>
      )}
      {project.datasets.length === 0 ? (
        <EmptyState icon={<DatabaseIcon />} title="No datasets attached">
          {abilities.editSettings ? "Attach one above; its items become tasks." : "The project's admins attach datasets."}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Attached datasets">
            <thead>
              <tr>
                <th>Dataset</th>
                <th className="cell-num">Items</th>
                <th className="cell-num">Tasks</th>
                <th>State</th>
                {abilities.editSettings && (
                  <th className="cell-actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {project.datasets.map((d) => (
                <tr key={d.dataset_id} data-dataset={d.name} data-populated={d.populated}>
                  <td>
                    <Link to={`/w/${workspaceId}/datasets/${d.dataset_id}`} className="row-link">
                      {d.name}
                    </Link>
                  </td>
                  <td className="cell-num">{d.item_count.toLocaleString("en")}</td>
                  <td className="cell-num">{d.task_count.toLocaleString("en")}</td>
                  <td>
                    {d.populated ? (
                      <span className="check-ok">Ready</span>
                    ) : (
                      <span className="pj-populating" role="status">
                        <Spinner size="sm" /> Populating… {d.item_count > 0 && <span className="muted">{share(d.task_count, d.item_count)}%</span>}
                      </span>
                    )}
                  </td>
                  {abilities.editSettings && (
                    <td className="cell-actions">
                      <Button
                        size="sm"
                        variant="danger-ghost"
                        aria-label={`Detach ${d.name}`}
                        onClick={() => {
                          detach.reset();
                          setDetaching(d);
                        }}
                      >
                        Detach
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={detaching !== null}
        title={`Detach “${detaching?.name ?? ""}”?`}
        confirmLabel="Detach"
        pending={detach.isPending}
        error={detach.error ? asFormError(detach.error).message : undefined}
        onCancel={() => setDetaching(null)}
        onConfirm={() =>
          detaching &&
          detach.mutate(detaching.dataset_id, {
            onSuccess: () => {
              toast.success(`Dataset “${detaching.name}” detached`);
              setDetaching(null);
            },
          })
        }
      >
        Its {plural(detaching?.task_count ?? 0, "task")} in this project are deleted, with their labels. The dataset and its items stay.
      </ConfirmDialog>
    </Card>
  );
}

function AttachDatasetForm({ workspaceId, project }: { workspaceId: string; project: ProjectDetail }) {
  const datasets = useDatasets(workspaceId);
  const attach = useAttachDataset(workspaceId, project.id);
  const toast = useToast();
  const [choice, setChoice] = useState("");
  const attached = new Set(project.datasets.map((d) => d.dataset_id));
  const free = datasets.items.filter((d) => !attached.has(d.id));
  const err = attach.error ? asFormError(attach.error) : undefined;

  return (
    <form
      className="form form-inline"
      aria-label="Attach a dataset"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!choice) return;
        const name = free.find((d) => d.id === choice)?.name ?? "The dataset";
        attach.mutate(choice, {
          onSuccess: (p) => {
            setChoice("");
            const pd = p.datasets.find((d) => d.dataset_id === choice);
            toast.success(pd && !pd.populated ? `${name} is attached; its items are becoming tasks` : `${name} is attached`);
          },
        });
      }}
    >
      <FormAlert message={err?.message} className="form-inline-full" />
      <SelectField
        name="dataset"
        label="Attach a dataset"
        value={choice}
        onChange={(e) => {
          setChoice(e.target.value);
          attach.reset();
        }}
        options={[
          {
            value: "",
            label: datasets.isPending ? "Loading datasets…" : free.length ? "Choose a dataset…" : "No other datasets",
            disabled: true,
          },
          ...free.map((d) => ({ value: d.id, label: `${d.name} (${plural(d.item_count, "item")})` })),
        ]}
        fieldClassName="field-grow"
      />
      <div className="field field-button">
        <Button type="submit" variant="primary" pending={attach.isPending} disabled={!choice}>
          Attach
        </Button>
      </div>
      {datasets.hasNextPage && (
        <div className="field field-button">
          <Button variant="ghost" pending={datasets.isFetchingNextPage} onClick={() => void datasets.fetchNextPage()}>
            Load more datasets
          </Button>
        </div>
      )}
    </form>
  );
}
