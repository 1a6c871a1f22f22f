import { asFormError, type UserSummary } from "../../api/client";
import { useInvitations, useRevokeInvitation } from "../../api/workspaces";
import { Badge, roleTone } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormAlert } from "../../components/Field";
import { MailIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatDate, personLabel, relativeTime, roleLabel, userTypeLabel } from "../../lib/format";

export function InvitationsTable({ workspaceId, members }: { workspaceId: string; members: readonly UserSummary[] }) {
  const invitations = useInvitations(workspaceId);
  const revoke = useRevokeInvitation(workspaceId);
  const toast = useToast();

  let body;
  if (invitations.isPending) body = <LoadingState label="Loading invitations…" />;
  else if (invitations.isError) body = <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />;
  else if (invitations.items.length === 0)
    body = (
      <EmptyState icon={<MailIcon />} title="No pending invitations">
        Invitations you send show here until they are accepted.
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>User type</th>
                <th>Invited by</th>
                <th>Expires</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.items.map((inv) => (
                <tr key={inv.id} data-invitation-email={inv.email}>
                  <td>{inv.email}</td>
                  <td>
                    <Badge tone={roleTone(inv.role)}>{roleLabel(inv.role)}</Badge>
                  </td>
                  <td>{userTypeLabel(inv.user_type)}</td>
                  <td className="cell-muted">{personLabel(inv.invited_by, members)}</td>
                  <td className="cell-muted cell-nowrap" title={formatDate(inv.expires_at)}>
                    {relativeTime(inv.expires_at)}
                  </td>
                  <td className="cell-actions">
                    <Button
                      size="sm"
                      variant="danger-ghost"
                      pending={revoke.isPending && revoke.variables === inv.id}
                      onClick={() =>
                        revoke.mutate(inv.id, { onSuccess: () => toast.success(`Invitation for ${inv.email} revoked`) })
                      }
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...invitations} />
      </>
    );

  return (
    <Card title="Pending invitations" flush>
      {revoke.error && (
        <div className="card-alert">
          <FormAlert message={asFormError(revoke.error).message} />
        </div>
      )}
      {body}
    </Card>
  );
}
