// The builder's side panel: the selected stage's settings, the selected
// edge, or an overview of the graph. Every change goes through edit(), which
// the builder records for undo.
import { useState, type ReactNode } from "react";
import { Button } from "../components/Button";
import { Badge } from "../components/Badge";
import { SelectField, TextField } from "../components/Field";
import { GroupIcon, PlusIcon, UserIcon, XIcon } from "../components/icons";
import type { Assignee, Edge, Graph, Route, RouterBy, Stage } from "./types";
import {
  KIND_LABELS,
  OTHERWISE,
  addRoute,
  canConnect,
  connect,
  disconnect,
  findEdge,
  findStage,
  isHuman,
  outcomesOf,
  rateTotal,
  removeRoute,
  renameRoute,
  setRouterBy,
  updateRoute,
  updateStage,
  withAssignee,
  withoutAssignee,
  type StageFieldError,
} from "./model";
import { KindIcon } from "./kinds";

/** People are who the pickers offer: the workspace's users and groups. */
export interface People {
  users: { id: string; name: string; email?: string }[];
  groups: { id: string; name: string }[];
}

/**
 * Edit applies a change to the graph; merge names a run of changes (typing in
 * one field) that undo takes back in one step.
 */
export type Edit = (f: (g: Graph) => Graph, merge?: string) => void;

// ---------- small parts ----------

function nameOf(a: Assignee, people: People | undefined): string {
  if (a.type === "user") {
    const u = people?.users.find((x) => x.id === a.id);
    return u ? u.name || u.email || a.id : `Unknown user ${a.id.slice(0, 8)}`;
  }
  const g = people?.groups.find((x) => x.id === a.id);
  return g ? g.name : `Unknown group ${a.id.slice(0, 8)}`;
}

/** AssigneePicker edits a list of users and groups: chips, and a select to add one. */
function AssigneePicker({
  label,
  name,
  value,
  people,
  onChange,
  error,
  hint,
  only,
}: {
  label: string;
  name: string;
  value: readonly Assignee[];
  people: People | undefined;
  onChange: (next: Assignee[]) => void;
  error?: string;
  hint?: ReactNode;
  only?: "user" | "group";
}) {
  const taken = new Set(value.map((a) => `${a.type}:${a.id}`));
  const groups = only === "user" ? [] : (people?.groups ?? []).filter((g) => !taken.has(`group:${g.id}`));
  const users = only === "group" ? [] : (people?.users ?? []).filter((u) => !taken.has(`user:${u.id}`));
  const selectId = `wf-${name}`;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      {value.length > 0 ? (
        <ul className="wf-chips" aria-label={label}>
          {value.map((a) => {
            const n = nameOf(a, people);
            return (
              <li key={`${a.type}:${a.id}`} className="wf-chip">
                {a.type === "group" ? <GroupIcon /> : <UserIcon />}
                <span className="wf-chip-text">{n}</span>
                <button type="button" className="wf-chip-remove" aria-label={`Remove ${n}`} onClick={() => onChange(withoutAssignee(value, a))}>
                  <XIcon />
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="field-static small">Nobody yet.</p>
      )}
      <select
        id={selectId}
        className="select select-sm wf-picker"
        value=""
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const [type, ...rest] = e.target.value.split(":");
          if (type === "user" || type === "group") onChange(withAssignee(value, { type, id: rest.join(":") }));
        }}
      >
        <option value="">{users.length + groups.length ? "Add…" : "No one else to add"}</option>
        {groups.length > 0 && (
          <optgroup label="Groups">
            {groups.map((g) => (
              <option key={g.id} value={`group:${g.id}`}>
                {g.name}
              </option>
            ))}
          </optgroup>
        )}
        {users.length > 0 && (
          <optgroup label="Users">
            {users.map((u) => (
              <option key={u.id} value={`user:${u.id}`}>
                {u.email ? `${u.name} (${u.email})` : u.name}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {error && <p className="field-error">{error}</p>}
      {hint && <p className="field-hint">{hint}</p>}
    </div>
  );
}

/**
 * DraftField is a text field whose text may be refused by the model (a route
 * name another route has): it keeps what is typed while focused, commits it
 * when the model takes it, and says why when it does not.
 */
function DraftField({
  name,
  label,
  value,
  onCommit,
  error,
  hint,
  placeholder,
}: {
  name: string;
  label: string;
  value: string;
  /** onCommit tries the text and returns why it was refused, or null. */
  onCommit: (text: string) => string | null;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <TextField
      name={name}
      label={label}
      value={draft ?? value}
      error={refused ?? error}
      hint={hint}
      placeholder={placeholder}
      autoComplete="off"
      onChange={(e) => {
        setDraft(e.target.value);
        setRefused(onCommit(e.target.value));
      }}
      onBlur={() => {
        setDraft(null);
        setRefused(null);
      }}
    />
  );
}

/** parseNumber reads an input's text, or gives undefined for an empty or bad one. */
function parseNumber(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** errorsOf sorts a stage's messages onto the fields of the panel; what is left is shown at the top. */
function errorsOf(list: readonly StageFieldError[]) {
  const used = new Set<number>();
  const take = (prefix: string, deep = true): string | undefined => {
    const out: string[] = [];
    list.forEach((e, i) => {
      if (used.has(i)) return;
      const hit = e.path === prefix || (deep && (e.path.startsWith(`${prefix}.`) || e.path.startsWith(`${prefix}[`)));
      if (!hit) return;
      used.add(i);
      out.push(e.path === prefix ? e.message : `${e.path.slice(prefix.length).replace(/^\./, "")}: ${e.message}`);
    });
    return out.length ? out.join("; ") : undefined;
  };
  const rest = () => list.filter((_, i) => !used.has(i)).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  return { take, rest };
}

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="wf-section">
      <div className="wf-section-head">
        <h3>{title}</h3>
        {actions}
      </div>
      <div className="wf-section-body">{children}</div>
    </section>
  );
}

// ---------- stage ----------

interface StagePanelProps {
  graph: Graph;
  stage: Stage;
  people: People | undefined;
  readOnly: boolean;
  fieldErrors: readonly StageFieldError[];
  edit: Edit;
  onDelete: () => void;
  onSelectEdge: (from: string, outcome: string) => void;
}

export function StagePanel({ graph, stage, people, readOnly, fieldErrors, edit, onDelete, onSelectEdge }: StagePanelProps) {
  const id = stage.id;
  const { take, rest } = errorsOf(fieldErrors);
  const nameError = take("name");
  const assigneesError = take("assignees");
  const consensusErrors =
    stage.kind === "consensus"
      ? {
          annotators: take("consensus.annotators"),
          threshold: take("consensus.threshold"),
          resolvers: take("consensus.resolvers"),
          other: take("consensus"),
        }
      : undefined;
  const routerErrs = stage.kind === "router" ? routerErrors(take, stage.router?.routes.length ?? 0) : undefined;
  // Taken last, so that every field has claimed its own messages first.
  const messages = rest();

  let kindFields: ReactNode = null;
  if (stage.kind === "consensus" && consensusErrors) {
    const c = stage.consensus ?? { annotators: 3, threshold: 0.8, resolvers: [] };
    const setC = (patch: Partial<typeof c>, merge?: string) =>
      edit((g) => {
        const s = findStage(g, id);
        return updateStage(g, id, { consensus: { ...(s?.consensus ?? c), ...patch } });
      }, merge);
    kindFields = (
      <Section title="Consensus">
        {consensusErrors.other && <p className="field-error">{consensusErrors.other}</p>}
        <div className="wf-row">
          <TextField
            name={`annotators-${id}`}
            label="Annotators per task"
            type="number"
            min={2}
            max={10}
            step={1}
            value={String(c.annotators)}
            error={consensusErrors.annotators}
            hint="2 to 10"
            onChange={(e) => {
              const n = parseNumber(e.target.value);
              if (n !== undefined) setC({ annotators: n }, `annotators:${id}`);
            }}
          />
          <TextField
            name={`threshold-${id}`}
            label="Agreement threshold"
            type="number"
            min={0}
            max={1}
            step={0.05}
            value={String(c.threshold)}
            error={consensusErrors.threshold}
            hint="0 to 1"
            onChange={(e) => {
              const n = parseNumber(e.target.value);
              if (n !== undefined) setC({ threshold: n }, `threshold:${id}`);
            }}
          />
        </div>
        <AssigneePicker
          label="Resolvers"
          name={`resolvers-${id}`}
          value={c.resolvers ?? []}
          people={people}
          error={consensusErrors.resolvers}
          hint="Who settles a disagreement."
          onChange={(resolvers) => setC({ resolvers })}
        />
      </Section>
    );
  } else if (stage.kind === "router" && routerErrs) {
    kindFields = <RouterFields graph={graph} stage={stage} people={people} edit={edit} errors={routerErrs} onSelectEdge={onSelectEdge} />;
  }

  const outcomes = outcomesOf(stage);
  const outcomeFields = outcomes.length > 0 && (
    <Section title="Outcomes">
      {outcomes.map((o, i) => {
        const edge = findEdge(graph, id, o);
        const options = [
          { value: "", label: "Not connected" },
          ...(edge && !findStage(graph, edge.to) ? [{ value: edge.to, label: `Unknown stage '${edge.to}'` }] : []),
          ...graph.stages.filter((s) => canConnect(graph, id, o, s.id)).map((s) => ({ value: s.id, label: s.name || s.id })),
        ];
        return (
          <SelectField
            key={`${i}:${o}`}
            name={`to-${id}-${i}`}
            label={`${o || "(no name)"} →`}
            options={options}
            value={edge?.to ?? ""}
            error={edge ? undefined : "not connected yet"}
            onChange={(e) => {
              const to = e.target.value;
              edit((g) => (to ? connect(g, id, o, to) : disconnect(g, id, o)));
            }}
          />
        );
      })}
    </Section>
  );

  return (
    <div className="wf-panel-content">
      <header className="wf-panel-head">
        <span className={`wf-kind-chip wf-kind-${stage.kind}`}>
          <KindIcon kind={stage.kind} />
          {KIND_LABELS[stage.kind] ?? stage.kind}
        </span>
        <code className="wf-id" title="Stage id">
          {id}
        </code>
      </header>
      {messages.length > 0 && (
        <ul className="wf-messages" aria-label="Problems with this stage">
          {messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <fieldset className="fieldset wf-fieldset" disabled={readOnly}>
        <TextField
          name={`name-${id}`}
          label="Name"
          value={stage.name}
          error={nameError}
          autoComplete="off"
          onChange={(e) => {
            const name = e.target.value;
            edit((g) => updateStage(g, id, { name }), `name:${id}`);
          }}
        />
        {isHuman(stage.kind) && (
          <AssigneePicker
            label={stage.kind === "review" ? "Reviewers" : stage.kind === "consensus" ? "Annotator pool" : "Annotators"}
            name={`assignees-${id}`}
            value={stage.assignees ?? []}
            people={people}
            error={assigneesError}
            hint={stage.kind === "consensus" ? "Who the annotators are drawn from." : "Who works on this stage's tasks."}
            onChange={(assignees) => edit((g) => updateStage(g, id, { assignees }))}
          />
        )}
        {kindFields}
        {outcomeFields}
        {!readOnly && (
          <div className="wf-panel-actions">
            <Button variant="danger-ghost" size="sm" onClick={onDelete}>
              Delete stage
            </Button>
          </div>
        )}
      </fieldset>
    </div>
  );
}

// ---------- router ----------

const BY_OPTIONS: { value: RouterBy; label: string }[] = [
  { value: "sample", label: "Sample: a share of the tasks" },
  { value: "annotator", label: "Annotator: who did the work" },
  { value: "metadata", label: "Metadata: a value of the item" },
];

type RouteErrors = Record<"name" | "rate" | "users" | "groups" | "key" | "values" | "other", string | undefined>;

interface RouterErrors {
  by: string | undefined;
  routes: RouteErrors[];
  router: string | undefined;
}

function routerErrors(take: (prefix: string) => string | undefined, routes: number): RouterErrors {
  const by = take("router.by");
  const list = Array.from({ length: routes }, (_, i) => {
    const p = `router.routes[${i}]`;
    return {
      name: take(`${p}.name`),
      rate: take(`${p}.rate`),
      users: take(`${p}.users`),
      groups: take(`${p}.groups`),
      key: take(`${p}.key`),
      values: take(`${p}.values`),
      other: take(p),
    };
  });
  const router = [take("router.routes"), take("router")].filter(Boolean).join("; ") || undefined;
  return { by, routes: list, router };
}

function RouterFields({
  graph,
  stage,
  people,
  edit,
  errors,
  onSelectEdge,
}: {
  graph: Graph;
  stage: Stage;
  people: People | undefined;
  edit: Edit;
  errors: RouterErrors;
  onSelectEdge: (from: string, outcome: string) => void;
}) {
  const id = stage.id;
  const router = stage.router ?? { by: "sample" as const, routes: [] };
  const total = rateTotal(router);

  function route(r: Route, i: number) {
    const errs: Partial<RouteErrors> = errors.routes[i] ?? {};
    const isOtherwise = router.by !== "sample" && r.name === OTHERWISE;
    const edge = findEdge(graph, id, r.name);
    const to = edge ? findStage(graph, edge.to) : undefined;
    return (
      <li key={i} className="wf-route">
        <div className="wf-route-head">
          {isOtherwise ? (
            <p className="wf-route-name">
              <strong>otherwise</strong> <span className="muted small">— every task no other route takes</span>
            </p>
          ) : (
            <DraftField
              name={`route-${id}-${i}`}
              label={`Route ${i + 1}`}
              value={r.name}
              error={errs.name}
              placeholder="route name"
              onCommit={(text) => {
                if (router.routes.some((x, j) => j !== i && x.name === text)) return `another route is named '${text}'`;
                edit((g) => renameRoute(g, id, i, text), `route-name:${id}:${i}`);
                return null;
              }}
            />
          )}
          <Button
            variant="ghost"
            size="sm"
            className="wf-icon-btn"
            aria-label={`Remove route ${r.name || i + 1}`}
            onClick={() => edit((g) => removeRoute(g, id, i))}
          >
            <XIcon />
          </Button>
        </div>
        {errs.other && <p className="field-error">{errs.other}</p>}
        {router.by === "sample" && (
          <TextField
            name={`rate-${id}-${i}`}
            label="Share (%)"
            type="number"
            min={0}
            max={100}
            step={1}
            value={String(r.rate ?? 0)}
            error={errs.rate}
            onChange={(e) => {
              const n = parseNumber(e.target.value);
              if (n !== undefined) edit((g) => updateRoute(g, id, i, { rate: n }), `rate:${id}:${i}`);
            }}
          />
        )}
        {router.by === "annotator" && !isOtherwise && (
          <AssigneePicker
            label="When the work is by"
            name={`route-people-${id}-${i}`}
            value={[...(r.groups ?? []).map((g) => ({ type: "group" as const, id: g })), ...(r.users ?? []).map((u) => ({ type: "user" as const, id: u }))]}
            people={people}
            error={[errs.users, errs.groups].filter(Boolean).join("; ") || undefined}
            onChange={(list) =>
              edit((g) =>
                updateRoute(g, id, i, {
                  users: list.filter((a) => a.type === "user").map((a) => a.id),
                  groups: list.filter((a) => a.type === "group").map((a) => a.id),
                }),
              )
            }
          />
        )}
        {router.by === "metadata" && !isOtherwise && (
          <div className="wf-row">
            <TextField
              name={`key-${id}-${i}`}
              label="Metadata key"
              value={r.key ?? ""}
              error={errs.key}
              autoComplete="off"
              onChange={(e) => {
                const key = e.target.value;
                edit((g) => updateRoute(g, id, i, { key }), `key:${id}:${i}`);
              }}
            />
            <DraftField
              name={`values-${id}-${i}`}
              label="Values"
              value={(r.values ?? []).join(", ")}
              error={errs.values}
              hint="Separated by commas."
              onCommit={(text) => {
                const values = splitList(text);
                edit((g) => updateRoute(g, id, i, { values }), `values:${id}:${i}`);
                return null;
              }}
            />
          </div>
        )}
        <p className="wf-route-to small">
          {edge ? (
            <button type="button" className="wf-link" onClick={() => onSelectEdge(id, r.name)}>
              → {to?.name ?? edge.to}
            </button>
          ) : (
            <span className="wf-warn">Not connected yet: drag from its port to a stage.</span>
          )}
        </p>
      </li>
    );
  }

  return (
    <Section
      title="Routes"
      actions={
        <Button size="sm" variant="ghost" onClick={() => edit((g) => addRoute(g, id))}>
          <PlusIcon />
          Add route
        </Button>
      }
    >
      <SelectField
        name={`by-${id}`}
        label="Route by"
        options={BY_OPTIONS}
        value={router.by}
        error={errors.by}
        onChange={(e) => edit((g) => setRouterBy(g, id, e.target.value as RouterBy))}
      />
      {errors.router && <p className="field-error">{errors.router}</p>}
      {router.routes.length === 0 ? (
        <p className="field-static small">No routes yet.</p>
      ) : (
        <ol className="wf-routes">{router.routes.map(route)}</ol>
      )}
      {router.by === "sample" && (
        <p className="wf-total" aria-live="polite">
          Total <Badge tone={total === 100 ? "success" : "warning"}>{total}%</Badge>
          {total !== 100 && <span className="muted small"> the shares add up to 100%</span>}
        </p>
      )}
    </Section>
  );
}

// ---------- edge ----------

export function EdgePanel({
  graph,
  edge,
  errors,
  readOnly,
  edit,
  onRemove,
  onSelectStage,
}: {
  graph: Graph;
  edge: Edge;
  errors: readonly string[] | undefined;
  readOnly: boolean;
  edit: Edit;
  onRemove: () => void;
  onSelectStage: (id: string) => void;
}) {
  const from = findStage(graph, edge.from);
  const to = findStage(graph, edge.to);
  const options = graph.stages
    .filter((s) => canConnect(graph, edge.from, edge.outcome, s.id) || s.id === edge.to)
    .map((s) => ({ value: s.id, label: s.name || s.id }));
  if (!to) options.unshift({ value: edge.to, label: `Unknown stage '${edge.to}'` });
  return (
    <div className="wf-panel-content">
      <header className="wf-panel-head">
        <span className="wf-kind-chip wf-kind-edge">Edge</span>
        <code className="wf-id">
          {edge.from}:{edge.outcome}
        </code>
      </header>
      {errors && errors.length > 0 && (
        <ul className="wf-messages" aria-label="Problems with this edge">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <dl className="wf-dl">
        <dt>From</dt>
        <dd>
          {from ? (
            <button type="button" className="wf-link" onClick={() => onSelectStage(from.id)}>
              {from.name || from.id}
            </button>
          ) : (
            `Unknown stage '${edge.from}'`
          )}
        </dd>
        <dt>Outcome</dt>
        <dd>
          <code>{edge.outcome}</code>
        </dd>
      </dl>
      <fieldset className="fieldset wf-fieldset" disabled={readOnly}>
        <SelectField
          name={`edge-to-${edge.from}-${edge.outcome}`}
          label="To"
          options={options}
          value={edge.to}
          onChange={(e) => {
            const t = e.target.value;
            edit((g) => connect(g, edge.from, edge.outcome, t));
          }}
        />
        {!readOnly && (
          <div className="wf-panel-actions">
            <Button variant="danger-ghost" size="sm" onClick={onRemove}>
              Remove edge
            </Button>
          </div>
        )}
      </fieldset>
    </div>
  );
}

// ---------- nothing selected ----------

export function OverviewPanel({
  graph,
  missing,
  readOnly,
  onSelectStage,
}: {
  graph: Graph;
  missing: Record<string, string[]>;
  readOnly: boolean;
  onSelectStage: (id: string) => void;
}) {
  const loose = graph.stages.filter((s) => missing[s.id]);
  return (
    <div className="wf-panel-content">
      <header className="wf-panel-head">
        <h3>Workflow</h3>
        <span className="muted small">
          {graph.stages.length} {graph.stages.length === 1 ? "stage" : "stages"}, {graph.edges.length} {graph.edges.length === 1 ? "edge" : "edges"}
        </span>
      </header>
      {loose.length > 0 && (
        <Section title="Not connected yet">
          <ul className="wf-loose">
            {loose.map((s) => (
              <li key={s.id}>
                <button type="button" className="wf-link" onClick={() => onSelectStage(s.id)}>
                  {s.name || s.id}
                </button>{" "}
                <span className="muted small">{missing[s.id].join(", ")}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <p className="muted small wf-help">
        {readOnly
          ? "Select a stage or an edge to see its settings. Drag the background to pan; scroll to zoom."
          : "Add stages from the toolbar. Drag from an outcome's port (right of a stage) onto another stage to connect them. Select a stage or an edge to edit it; Delete removes it, Ctrl+Z undoes."}
      </p>
    </div>
  );
}
