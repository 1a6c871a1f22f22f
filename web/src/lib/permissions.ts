// What the UI offers to whom. The server is the authority; this only hides
// controls a role cannot use.
import type { DatasetRole, Role, UserType } from "../api/client";

export type Action =
  | "members.manage" // change roles and types, remove members
  | "invitations.manage" // invite and revoke invitations
  | "groups.manage" // create, rename, delete groups and edit their members
  | "workspace.edit" // workspace settings
  | "members.list" // list members and groups (pickers)
  | "datasets.create" // create datasets
  | "storage.list" // see the storage integrations
  | "storage.manage" // add, edit, check and delete storage integrations
  | "ontologies.list" // see and create ontologies
  | "projects.create" // create projects and workflow templates
  | "tags.manage" // define project tags
  | "audit.read"; // browse, export and verify the audit log

const allowed: Record<Role, readonly Action[]> = {
  admin: [
    "members.manage",
    "invitations.manage",
    "groups.manage",
    "workspace.edit",
    "members.list",
    "datasets.create",
    "storage.list",
    "storage.manage",
    "ontologies.list",
    "projects.create",
    "tags.manage",
    "audit.read",
  ],
  workforce_manager: [
    "invitations.manage",
    "groups.manage",
    "members.list",
    "datasets.create",
    "storage.list",
    "storage.manage",
    "ontologies.list",
    "projects.create",
    "tags.manage",
  ],
  member: ["members.list", "datasets.create", "storage.list", "ontologies.list", "projects.create"],
  tasker: [],
};

export function can(role: Role | undefined, action: Action): boolean {
  return !!role && allowed[role].includes(action);
}

/** invitableRoles lists the roles a user of `role` may offer in an invitation. */
export function invitableRoles(role: Role | undefined): Role[] {
  if (role === "admin") return ["admin", "workforce_manager", "member", "tasker"];
  if (role === "workforce_manager") return ["workforce_manager", "member", "tasker"];
  return [];
}

/** roleAllowedFor reports whether a role may go with a user type: only internal users may be admin. */
export function roleAllowedFor(role: Role, userType: UserType): boolean {
  return role !== "admin" || userType === "internal";
}

export const DATASET_ROLES: readonly DatasetRole[] = ["viewer", "editor", "admin"];

/**
 * datasetAllows reports whether a role on a dataset reaches `min`: editors
 * change it and its items, admins also delete it and manage its access.
 */
export function datasetAllows(role: DatasetRole | undefined, min: DatasetRole): boolean {
  return !!role && DATASET_ROLES.indexOf(role) >= DATASET_ROLES.indexOf(min);
}
