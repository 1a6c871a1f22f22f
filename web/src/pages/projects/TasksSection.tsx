// The project's queue for its managers: every task by filter and sort, and changes to a selection.
import { useMemo, useState } from "react";
import { asFormError } from "../../api/client";
import { fromApiGraph, useCollaborators, type ProjectDetail } from "../../api/projects";
import { useChangeTasks, useQueue, type QueueFilter, type QueueRow } from "../../api/tasks";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormAlert } from "../../components/Field";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatDate, formatDuration, plural } from "../../lib/format";
import type { ProjectAbilities } from "./access";
import { holdsTasks, TASK_STATUSES, taskStatusLabel, workflowOrder } from "./stages";

interface SectionProps {
  workspaceId: string;
  project: ProjectDetail;
  abilities: ProjectAbilities;
}

export function TasksSection({ workspaceId, project, abilities }: SectionProps) {
  const [filter, setFilter] = useState<QueueFilter>({ sort: "priority" });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const queue = useQueue(workspaceId, project.id, filter);
  const people = useCollaborators(workspaceId, project.id);
  const stages = useMemo(() => workflowOrder(fromApiGraph(project.workflow)).filter((s) => holdsTasks(s.kind)), [project.workflow]);
  const stageName = (id: string) => stages.find((s) => s.id === id)?.name ?? id;
  const personName = (id: string | null | undefined) => {
    if (!id) return "";
    const c = (people.data ?? []).find((c) => c.user?.id === id);
    return c?.user ? c.user.name || c.user.email : "someone";
  };
  const set = (patch: Partial<QueueFilter>) => {
    setSelected(new Set());
    setFilter((f) => ({ ...f, ...patch }));
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const allOnPage = queue.items.length > 0 && queue.items.every((r) => selected.has(r.id));

  let body;
  if (queue.isPending) body = <LoadingState label="Loading tasks…" />;
  else if (queue.isError) body = <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />;
  else if (queue.items.length === 0) body = <EmptyState title="No task matches">Attach a dataset, or widen the filters.</EmptyState>;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table queue-table">
            <thead>
              <tr>
                <th className="cell-check">
                  <input
                    type="checkbox"
                    aria-label="Select every task on the page"
                    checked={allOnPage}
                    onChange={() => setSelected(allOnPage ? new Set() : new Set(queue.items.map((r) => r.id)))}
                  />
                </th>
                <th>Item</th>
                <th>Stage</th>
                <th>Status</th>
                <th className="cell-num">Priority</th>
                <th>Assignee</th>
                <th className="cell-num">Time</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((r: QueueRow) => (
                <tr key={r.id} data-task={r.item_name} className={selected.has(r.id) ? "is-selected" : undefined}>
                  <td className="cell-check">
                    <input type="checkbox" aria-label={`Select ${r.item_name}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                  </td>
                  <td>
                    {r.item_name} <span className="muted small">{r.item_type}</span>
                    {r.review_notes && <div className="muted small clamp-1">“{r.review_notes}”</div>}
                  </td>
                  <td>{stageName(r.stage)}</td>
                  <td>
                    <Badge tone={r.status === "completed" ? "success" : r.status === "reopened" ? "warning" : r.status === "in_progress" ? "accent" : "neutral"}>
                      {taskStatusLabel(r.status)}
                    </Badge>
                  </td>
                  <td className="cell-num">{r.priority}</td>
                  <td className="cell-muted">{personName(r.assignee_id)}</td>
                  <td className="cell-num cell-muted">{r.time_spent_ms ? formatDuration(r.time_spent_ms) : ""}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(r.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...queue} />
      </>
    );

  return (
    <Card title="Tasks" description="Every task of the project, where it waits and who holds it." flush>
      <div className="queue-filters">
        <label className="field">
          <span>Stage</span>
          <select className="input" value={filter.stage ?? ""} onChange={(e) => set({ stage: e.target.value || undefined })}>
            <option value="">Any stage</option>
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select className="input" value={filter.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as QueueFilter["status"] })}>
            <option value="">Any status</option>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {taskStatusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Data type</span>
          <select className="input" value={filter.item_type ?? ""} onChange={(e) => set({ item_type: (e.target.value || undefined) as QueueFilter["item_type"] })}>
            <option value="">Any type</option>
            {["image", "video", "audio", "text", "document"].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Sort by</span>
          <select className="input" value={filter.sort ?? "priority"} onChange={(e) => set({ sort: e.target.value as QueueFilter["sort"] })}>
            <option value="priority">Priority</option>
            <option value="age">Oldest first</option>
            <option value="name">Name</option>
          </select>
        </label>
        <label className="field field-inline">
          <input type="checkbox" checked={!!filter.unassigned} onChange={(e) => set({ unassigned: e.target.checked || undefined })} /> Unassigned only
        </label>
      </div>
      {abilities.managePeople && selected.size > 0 && (
        <BulkBar workspaceId={workspaceId} project={project} ids={[...selected]} stages={stages} onDone={() => setSelected(new Set())} />
      )}
      {body}
    </Card>
  );
}

function BulkBar({
  workspaceId,
  project,
  ids,
  stages,
  onDone,
}: {
  workspaceId: string;
  project: ProjectDetail;
  ids: string[];
  stages: { id: string; name: string }[];
  onDone: () => void;
}) {
  const change = useChangeTasks(workspaceId, project.id);
  const people = useCollaborators(workspaceId, project.id);
  const toast = useToast();
  const [priority, setPriority] = useState("80");
  const [assignee, setAssignee] = useState("");
  const [stage, setStage] = useState("");
  const workers = (people.data ?? []).filter((c) => c.user && c.role !== "team_manager");
  const run = (body: Omit<Parameters<typeof change.mutate>[0], "task_ids">, what: string) =>
    change.mutate(
      { task_ids: ids, ...body },
      {
        onSuccess: (r) => {
          toast.success(`${what}: ${plural(r.items.length, "task")}`);
          onDone();
        },
      },
    );
  return (
    <div className="queue-bulk" role="region" aria-label="Change the selected tasks">
      <strong>{plural(ids.length, "task")} selected</strong>
      <label className="field field-inline">
        <span>Priority</span>
        <input className="input input-sm" type="number" min={0} max={100} value={priority} onChange={(e) => setPriority(e.target.value)} />
        <Button size="sm" onClick={() => run({ priority: Number(priority) }, "Priority set")} pending={change.isPending}>
          Set
        </Button>
      </label>
      <label className="field field-inline">
        <span>Assign to</span>
        <select className="input input-sm" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">Choose…</option>
          {workers.map((c) => (
            <option key={c.user!.id} value={c.user!.id}>
              {c.user!.name || c.user!.email}
            </option>
          ))}
        </select>
        <Button size="sm" disabled={!assignee} onClick={() => run({ assign_to: assignee }, "Assigned")} pending={change.isPending}>
          Assign
        </Button>
      </label>
      <Button size="sm" variant="ghost" onClick={() => run({ unassign: true }, "Unassigned")} pending={change.isPending}>
        Unassign
      </Button>
      <label className="field field-inline">
        <span>Move to</span>
        <select className="input input-sm" value={stage} onChange={(e) => setStage(e.target.value)}>
          <option value="">Choose…</option>
          {stages.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <Button size="sm" disabled={!stage} onClick={() => run({ move_to: stage }, "Moved")} pending={change.isPending}>
          Move
        </Button>
      </label>
      <FormAlert message={change.error ? asFormError(change.error).message : undefined} />
    </div>
  );
}
