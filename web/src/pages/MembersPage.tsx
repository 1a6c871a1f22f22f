import { useMe } from "../api/auth";
import { useMembers } from "../api/workspaces";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Card, PageHeader } from "../components/Card";
import { can } from "../lib/permissions";
import { InvitationsTable } from "./members/InvitationsTable";
import { InviteForm } from "./members/InviteForm";
import { MembersTable } from "./members/MembersTable";

export function MembersPage() {
  const { workspaceId, membership, role } = useCurrentWorkspace();
  const me = useMe();
  const members = useMembers(workspaceId);
  const canInvite = can(role, "invitations.manage");
  return (
    <div className="page">
      <PageHeader title="Members" description={`Who can work in ${membership.workspace.name}, and what they may do.`} />
      {canInvite && (
        <Card title="Invite member" description="They get a link to join; it expires after a while.">
          <InviteForm key={workspaceId} workspaceId={workspaceId} myRole={role} />
        </Card>
      )}
      <MembersTable
        workspaceId={workspaceId}
        workspaceName={membership.workspace.name}
        selfId={me.data?.user.id ?? ""}
        canManage={can(role, "members.manage")}
      />
      {canInvite && <InvitationsTable workspaceId={workspaceId} members={members.items.map((m) => m.user)} />}
    </div>
  );
}
