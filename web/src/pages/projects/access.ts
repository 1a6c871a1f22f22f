// Project statuses and roles: their labels, and what the UI offers to whom.
// The server is the authority; this only hides controls a role cannot use.
import type { Role } from "../../api/client";
import type { ProjectRole, ProjectStatus } from "../../api/projects";
import type { BadgeTone } from "../../components/Badge";

export const PROJECT_STATUSES: readonly ProjectStatus[] = ["not_started", "in_progress", "paused", "completed", "cancelled", "archived"];

const statusLabels: Record<ProjectStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  paused: "Paused",
  completed: "Completed",
  cancelled: "Cancelled",
  archived: "Archived",
};

export function statusLabel(s: string): string {
  return statusLabels[s as ProjectStatus] ?? s;
}

export function statusTone(s: string): BadgeTone {
  switch (s) {
    case "in_progress":
      return "accent";
    case "paused":
      return "warning";
    case "completed":
      return "success";
    case "cancelled":
      return "danger";
    default:
      return "neutral";
  }
}

/** statusAction names the move from one status to another as a command: "Start", "Pause", "Reopen"… */
export function statusAction(from: string, to: string): string {
  switch (to) {
    case "in_progress":
      if (from === "not_started") return "Start";
      if (from === "paused") return "Resume";
      return "Reopen";
    case "paused":
      return "Pause";
    case "completed":
      return from === "archived" ? "Restore" : "Complete";
    case "cancelled":
      return "Cancel project";
    case "archived":
      return "Archive";
    case "not_started":
      return "Reset";
  }
  return statusLabel(to);
}

/** confirmStatus tells whether moving to a status asks first, and what it tells. */
export function confirmStatus(to: string): string | null {
  if (to === "cancelled") return "Annotators get no more tasks from a cancelled project. It can be reopened later.";
  if (to === "archived") return "An archived project is read-only: nothing in it can change until it is restored to completed.";
  return null;
}

export const PROJECT_ROLES: readonly ProjectRole[] = ["admin", "team_manager", "annotator", "reviewer", "annotator_reviewer"];

/** Roles that manage a project's tasks and people; groups may not hold them, team managers may not give them. */
export const MANAGING_ROLES: readonly ProjectRole[] = ["admin", "team_manager"];

export const WORKING_ROLES: readonly ProjectRole[] = ["annotator", "reviewer", "annotator_reviewer"];

const roleLabels: Record<ProjectRole, string> = {
  admin: "Admin",
  team_manager: "Team manager",
  annotator: "Annotator",
  reviewer: "Reviewer",
  annotator_reviewer: "Annotator & reviewer",
};

export function projectRoleLabel(r: string | null | undefined): string {
  if (!r) return "Not on the project";
  return roleLabels[r as ProjectRole] ?? r;
}

export function projectRoleTone(r: string | null | undefined): BadgeTone {
  if (r === "admin") return "accent";
  if (r === "team_manager") return "success";
  return "neutral";
}

/** rolesFor lists the roles one may give: groups only annotate and review. */
export function rolesFor(grantable: readonly ProjectRole[], forGroup: boolean): ProjectRole[] {
  return grantable.filter((r) => !forGroup || !MANAGING_ROLES.includes(r));
}

export interface ProjectAbilities {
  archived: boolean;
  /** Admins move the project along its life, also out of archived. */
  changeStatus: boolean;
  /** Name, description, tags, datasets, workflow, ontology version. */
  editSettings: boolean;
  deleteProject: boolean;
  managePeople: boolean;
  /** The roles one may give (and change or take away). */
  grantable: ProjectRole[];
  /** See where the tasks stand (GET …/stages): managers. */
  seeTasks: boolean;
  /** A workspace admin who is not on the project may join it as its admin. */
  join: boolean;
}

/**
 * projectAbilities is what someone of workspace role wsRole and project role
 * myRole may do to a project of this status: project admins and workspace
 * admins everything, team managers the people (annotators and reviewers
 * only), everyone else nothing. An archived project changes only its status.
 */
export function projectAbilities(wsRole: Role | undefined, myRole: ProjectRole | null | undefined, status: ProjectStatus): ProjectAbilities {
  const wsAdmin = wsRole === "admin";
  const admin = wsAdmin || myRole === "admin";
  const manager = admin || myRole === "team_manager";
  const archived = status === "archived";
  const grantable = admin ? [...PROJECT_ROLES] : manager ? [...WORKING_ROLES] : [];
  return {
    archived,
    changeStatus: admin,
    editSettings: admin && !archived,
    deleteProject: admin,
    managePeople: manager && !archived,
    grantable: archived ? [] : grantable,
    seeTasks: manager,
    join: wsAdmin && !myRole && !archived,
  };
}

/** tagStyle colours a tag chip by the tag's #rrggbb colour. */
export function tagStyle(color: string): Record<string, string> {
  return { "--tag": /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#64748b" };
}

/** worksTasks reports whether a project role claims and works tasks (annotating or reviewing). */
export function worksTasks(role: ProjectRole | null | undefined): boolean {
  return !!role && role !== "team_manager";
}
