// What the UI offers to whom. The server is the authority; this only hides
// controls a role cannot use.
import type { Role, UserType } from "../api/client";

export type Action =
  | "members.manage" // change roles and types, remove members
  | "invitations.manage" // invite and revoke invitations
  | "groups.manage" // create, rename, delete groups and edit their members
  | "workspace.edit"; // workspace settings

const allowed: Record<Role, readonly Action[]> = {
  admin: ["members.manage", "invitations.manage", "groups.manage", "workspace.edit"],
  workforce_manager: ["invitations.manage", "groups.manage"],
  member: [],
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
