// The new-project wizard's model: its steps, what each checks, the one
// request it sends, and where the server's refusal goes.
import type { CollaboratorBody, NewProject, ProjectRole } from "../../api/projects";
import type { FieldError } from "../../workflow/model";
import type { Graph } from "../../workflow/types";
import { MANAGING_ROLES } from "./access";

export type Step = "details" | "data" | "ontology" | "workflow" | "people";

export const STEPS: readonly Step[] = ["details", "data", "ontology", "workflow", "people"];

export const STEP_LABELS: Record<Step, string> = {
  details: "Details",
  data: "Data",
  ontology: "Ontology",
  workflow: "Workflow",
  people: "People",
};

export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 2000;

export interface CollaboratorDraft {
  /** Stable while the list changes, for React and for errors. */
  key: string;
  kind: "email" | "group";
  email: string;
  groupId: string;
  role: ProjectRole;
}

export interface Draft {
  name: string;
  description: string;
  tagIds: string[];
  datasetIds: string[];
  ontologyId: string;
  /** The template the workflow started from, if any. */
  templateId: string;
  workflow: Graph | null;
  collaborators: CollaboratorDraft[];
}

export function emptyDraft(): Draft {
  return { name: "", description: "", tagIds: [], datasetIds: [], ontologyId: "", templateId: "", workflow: null, collaborators: [] };
}

/** StepProblems are a step's messages by field; "" is the step's own. */
export type StepProblems = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** collaboratorKey names whom a row is for, to find the same person or group twice. */
export function collaboratorKey(c: Pick<CollaboratorDraft, "kind" | "email" | "groupId">): string {
  return c.kind === "email" ? `email:${c.email.trim().toLowerCase()}` : `group:${c.groupId}`;
}

/** checkCollaborator finds what is wrong with one row, by field, given the rows before it. */
export function checkCollaborator(c: CollaboratorDraft, before: readonly CollaboratorDraft[]): StepProblems {
  const out: StepProblems = {};
  if (c.kind === "email") {
    const email = c.email.trim();
    if (!email) out.email = "Enter an email address";
    else if (!EMAIL.test(email)) out.email = "Not an email address";
  } else if (!c.groupId) {
    out.group_id = "Choose a group";
  } else if (MANAGING_ROLES.includes(c.role)) {
    out.role = "A group may annotate and review; give management roles to people";
  }
  if (!out.email && !out.group_id && before.some((b) => collaboratorKey(b) === collaboratorKey(c))) {
    out[c.kind === "email" ? "email" : "group_id"] = "Is listed already";
  }
  return out;
}

export interface StepContext {
  /** The server's verdict on the current workflow graph, when it has given one. */
  workflowValid?: boolean;
}

/**
 * checkStep finds what keeps a step from being done, by field ("" for the
 * step itself); the People step's rows are keyed "<row key>.<field>".
 */
export function checkStep(step: Step, d: Draft, ctx: StepContext = {}): StepProblems {
  const out: StepProblems = {};
  switch (step) {
    case "details": {
      const name = d.name.trim();
      if (!name) out.name = "Give the project a name";
      else if (name.length > NAME_MAX) out.name = `At most ${NAME_MAX} characters`;
      if (d.description.trim().length > DESCRIPTION_MAX) out.description = `At most ${DESCRIPTION_MAX} characters`;
      break;
    }
    case "data":
      break;
    case "ontology":
      if (!d.ontologyId) out.ontology_id = "Choose the ontology the project labels with";
      break;
    case "workflow":
      if (!d.workflow) out[""] = "Choose a template to start from";
      else if (ctx.workflowValid === false) out[""] = "The workflow has problems; fix those marked in the builder first";
      break;
    case "people":
      d.collaborators.forEach((c, i) => {
        for (const [f, m] of Object.entries(checkCollaborator(c, d.collaborators.slice(0, i)))) out[`${c.key}.${f}`] = m;
      });
      break;
  }
  return out;
}

export function hasProblems(p: StepProblems): boolean {
  return Object.keys(p).length > 0;
}

/** Sent remembers the order a request listed datasets and people in, to place errors that name them by index. */
export interface Sent {
  datasetIds: string[];
  collaboratorKeys: string[];
}

export function collaboratorBody(c: CollaboratorDraft): CollaboratorBody {
  return c.kind === "email" ? { email: c.email.trim(), role: c.role } : { group_id: c.groupId, role: c.role };
}

/** createRequest is the one POST …/projects the wizard sends, and what it listed in which order. */
export function createRequest(d: Draft): { body: NewProject; sent: Sent } {
  const description = d.description.trim();
  const body: NewProject = {
    name: d.name.trim(),
    description: description || undefined,
    ontology_id: d.ontologyId,
    workflow: d.workflow ?? undefined,
    dataset_ids: d.datasetIds.length ? [...d.datasetIds] : undefined,
    collaborators: d.collaborators.length ? d.collaborators.map(collaboratorBody) : undefined,
    tag_ids: d.tagIds.length ? [...d.tagIds] : undefined,
  };
  return { body, sent: { datasetIds: [...d.datasetIds], collaboratorKeys: d.collaborators.map((c) => c.key) } };
}

/** CreateErrors are the server's refusal, placed by step and field. */
export interface CreateErrors {
  /** The form-level message (the problem's detail or title). */
  message: string;
  /** Messages that name no field the wizard shows. */
  general: string[];
  details: StepProblems;
  /** By dataset id; "" for the list. */
  data: StepProblems;
  ontology: StepProblems;
  /** For the builder: locations such as body.workflow.stages[2].name. */
  workflow: FieldError[];
  /** By "<row key>.<field>"; "" for the list. */
  people: StepProblems;
}

function add(p: StepProblems, key: string, msg: string) {
  p[key] = p[key] ? `${p[key]}; ${msg}` : msg;
}

const INDEXED = /^(\w+)\[(\d+)\](?:\.(.+))?$/;

/**
 * placeErrors routes a problem's errors to the wizard's steps and fields:
 * body.name and body.description to Details, body.tag_ids… to the tags,
 * body.dataset_ids[i] to the i-th dataset sent, body.ontology_id and
 * body.ontology_version to Ontology, body.workflow… and body.template_id to
 * the builder, body.collaborators[i].<field> to the i-th row sent.
 */
export function placeErrors(message: string, errors: readonly FieldError[] | undefined, sent: Sent): CreateErrors {
  const out: CreateErrors = { message, general: [], details: {}, data: {}, ontology: {}, workflow: [], people: {} };
  for (const e of errors ?? []) {
    const msg = e.message || "invalid";
    const loc = (e.location ?? "").replace(/^body\.?/, "");
    const head = loc.split(/[.[]/)[0];
    const idx = INDEXED.exec(loc);
    switch (head) {
      case "name":
      case "description":
        add(out.details, head, msg);
        break;
      case "tag_ids":
        add(out.details, "tag_ids", msg);
        break;
      case "dataset_ids": {
        const id = idx ? sent.datasetIds[Number(idx[2])] : undefined;
        add(out.data, id ?? "", msg);
        break;
      }
      case "ontology_id":
      case "ontology_version":
        add(out.ontology, "ontology_id", msg);
        break;
      case "workflow":
      case "template_id":
        out.workflow.push(e);
        break;
      case "collaborators": {
        const key = idx ? sent.collaboratorKeys[Number(idx[2])] : undefined;
        if (!key) {
          add(out.people, "", msg);
          break;
        }
        let field = (idx?.[3] ?? "").split(".")[0];
        // "name exactly one of…" and "is not a member" are about whom the row names.
        if (field === "user_id" || field === "") field = "email";
        add(out.people, `${key}.${field}`, msg);
        break;
      }
      default:
        out.general.push(msg);
    }
  }
  return out;
}

/** stepsWithErrors lists, in wizard order, the steps a refusal has something to say about. */
export function stepsWithErrors(e: CreateErrors): Step[] {
  const has: Record<Step, boolean> = {
    details: hasProblems(e.details),
    data: hasProblems(e.data),
    ontology: hasProblems(e.ontology),
    workflow: e.workflow.length > 0,
    people: hasProblems(e.people),
  };
  return STEPS.filter((s) => has[s]);
}

/** firstErrorStep is the step to show after a refusal, or null when no step's fields are named. */
export function firstErrorStep(e: CreateErrors): Step | null {
  return stepsWithErrors(e)[0] ?? null;
}

/** rowProblems picks one row's messages out of the People step's, by field. */
export function rowProblems(p: StepProblems, key: string): StepProblems {
  const out: StepProblems = {};
  const prefix = `${key}.`;
  for (const [k, v] of Object.entries(p)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/** pickTemplate chooses the template the workflow step starts with: annotate-review when offered, else the first. */
export function pickTemplate<T extends { id: string }>(templates: readonly T[]): T | undefined {
  return templates.find((t) => t.id === "annotate-review") ?? templates[0];
}
