// How the audit page words what the log records.

const ACTIONS: Record<string, string> = {
  "workspace.created": "created the workspace",
  "workspace.settings_changed": "changed workspace settings",
  "member.joined": "joined",
  "member.changed": "changed a member",
  "member.removed": "removed a member",
  "member.left": "left the workspace",
  "invitation.created": "invited someone",
  "invitation.revoked": "revoked an invitation",
  "group.created": "created a group",
  "group.renamed": "renamed a group",
  "group.deleted": "deleted a group",
  "group.member_added": "added a group member",
  "group.member_removed": "removed a group member",
  "integration.created": "added a storage integration",
  "integration.changed": "changed a storage integration",
  "integration.deleted": "removed a storage integration",
  "dataset.created": "created a dataset",
  "dataset.deleted": "deleted a dataset",
  "dataset.access_granted": "gave access to a dataset",
  "dataset.access_revoked": "took access to a dataset away",
  "item.deleted": "deleted an item",
  "ontology.created": "created an ontology",
  "ontology.edited": "edited an ontology",
  "ontology.deleted": "deleted an ontology",
  "project.created": "created a project",
  "project.deleted": "deleted a project",
  "project.status_changed": "changed a project's status",
  "project.joined_by_admin": "joined a project as admin",
  "project.collaborator_set": "gave a project role",
  "project.collaborator_removed": "took a project role away",
  "project.dataset_attached": "attached a dataset",
  "project.dataset_detached": "detached a dataset",
  "project.workflow_changed": "changed a project's workflow",
  "project.ontology_moved": "moved a project to another ontology version",
  "auth.signed_in": "signed in",
  "auth.sign_in_failed": "failed to sign in",
};

/** The actions the filter offers, in a stable order. */
export const KNOWN_ACTIONS: readonly string[] = Object.keys(ACTIONS).sort();

/** describeAction words an action; an unknown one is shown as it is. */
export function describeAction(action: string): string {
  return ACTIONS[action] ?? action;
}

/** compactDetail renders an entry's detail as one short line: "name: Labelers → Reviewers · role: admin". */
export function compactDetail(detail: unknown, max = 160): string {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return "";
  const parts: string[] = [];
  for (const [k, v] of Object.entries(detail as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    if (typeof v === "object" && !Array.isArray(v) && "from" in v && "to" in v) {
      const { from, to } = v as { from: unknown; to: unknown };
      if (JSON.stringify(from) === JSON.stringify(to)) continue;
      parts.push(`${k}: ${show(from)} → ${show(to)}`);
    } else {
      parts.push(`${k}: ${show(v)}`);
    }
  }
  const s = parts.join(" · ");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function show(v: unknown): string {
  if (typeof v === "string") return v || "—";
  if (Array.isArray(v)) return v.length ? v.map(show).join(", ") : "none";
  return JSON.stringify(v);
}

/** dayRange turns date inputs (YYYY-MM-DD, UTC) into the RFC 3339 bounds the API takes: from the start of the first day to the end of the last. */
export function dayRange(fromDay: string, toDay: string): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (fromDay) out.from = `${fromDay}T00:00:00Z`;
  if (toDay) {
    const d = new Date(`${toDay}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    out.to = d.toISOString().replace(".000Z", "Z");
  }
  return out;
}
