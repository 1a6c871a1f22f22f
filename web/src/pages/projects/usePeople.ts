import { useMemo } from "react";
import { useAllGroups } from "../../api/groups";
import { useAllMembers } from "../../api/workspaces";
import { useCurrentWorkspace } from "../../app/workspaceContext";
import { can } from "../../lib/permissions";
import type { People } from "../../workflow/WorkflowBuilder";

/** usePeople loads the workspace's members and groups for the builder's and the people pickers (for those who may list them). */
export function usePeople(enabled = true) {
  const { workspaceId, role } = useCurrentWorkspace();
  const may = enabled && can(role, "members.list");
  const members = useAllMembers(workspaceId, may);
  const groups = useAllGroups(workspaceId, may);
  const people = useMemo<People>(
    () => ({
      users: (members.data ?? []).map((m) => ({ id: m.user.id, name: m.user.name, email: m.user.email })),
      groups: (groups.data ?? []).map((g) => ({ id: g.id, name: g.name })),
    }),
    [members.data, groups.data],
  );
  return { people, members: members.data ?? [], groups: groups.data ?? [], canList: may, groupsPending: may && groups.isPending };
}
