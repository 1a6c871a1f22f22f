import { useState } from "react";
import { useNavigate } from "react-router";
import { asFormError, type Member } from "../../api/client";
import { useResetMemberMFA } from "../../api/mfa";
import { useMembers, useRemoveMember, useUpdateMember } from "../../api/workspaces";
import { Card } from "../../components/Card";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { FormAlert } from "../../components/Field";
import { UsersIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { MemberRow } from "./MemberRow";

export function MembersTable({
  workspaceId,
  workspaceName,
  selfId,
  canManage,
}: {
  workspaceId: string;
  workspaceName: string;
  selfId: string;
  canManage: boolean;
}) {
  const members = useMembers(workspaceId);
  const update = useUpdateMember(workspaceId);
  const remove = useRemoveMember(workspaceId);
  const toast = useToast();
  const navigate = useNavigate();
  const [rowError, setRowError] = useState("");
  const [removing, setRemoving] = useState<Member | null>(null);
  const resetMFA = useResetMemberMFA(workspaceId);
  const [resetting, setResetting] = useState<Member | null>(null);

  function change(m: Member, patch: Parameters<typeof update.mutate>[0]) {
    setRowError("");
    update.mutate(patch, {
      onSuccess: () => toast.success(`Updated ${m.user.name || m.user.email}`),
      onError: (e) => setRowError(`Could not update ${m.user.name || m.user.email}: ${asFormError(e).message}`),
    });
  }

  function confirmRemove() {
    if (!removing) return;
    const m = removing;
    remove.mutate(m.user.id, {
      onSuccess: () => {
        setRemoving(null);
        toast.success(`Removed ${m.user.name || m.user.email}`);
        if (m.user.id === selfId) navigate("/", { replace: true });
      },
    });
  }

  function confirmResetMFA() {
    if (!resetting) return;
    const m = resetting;
    resetMFA.mutate(m.user.id, {
      onSuccess: () => {
        setResetting(null);
        toast.success(`Reset two-factor authentication of ${m.user.name || m.user.email}`);
      },
    });
  }

  let body;
  if (members.isPending) body = <LoadingState label="Loading members…" />;
  else if (members.isError) body = <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  else if (members.items.length === 0)
    body = <EmptyState icon={<UsersIcon />} title="No members yet" />;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>User type</th>
                <th>Joined</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.items.map((m) => (
                <MemberRow
                  key={m.user.id}
                  member={m}
                  isSelf={m.user.id === selfId}
                  canManage={canManage}
                  saving={update.isPending && update.variables?.userId === m.user.id}
                  onChange={(patch) => change(m, { userId: m.user.id, ...patch })}
                  onRemove={() => {
                    remove.reset();
                    setRemoving(m);
                  }}
                  onResetMFA={
                    // Only an internal member's account is the organization's to reset; one's own is reset on the account page.
                    m.user_type === "internal" && m.user.id !== selfId
                      ? () => {
                          resetMFA.reset();
                          setResetting(m);
                        }
                      : undefined
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...members} />
      </>
    );

  return (
    <Card title="Members" description={`People in ${workspaceName}.`} flush>
      {rowError && (
        <div className="card-alert">
          <FormAlert message={rowError} />
        </div>
      )}
      {body}
      <ConfirmDialog
        open={!!removing}
        title={removing?.user.id === selfId ? `Leave ${workspaceName}?` : `Remove ${removing?.user.name || removing?.user.email}?`}
        confirmLabel={removing?.user.id === selfId && !canManage ? "Leave" : "Remove"}
        pending={remove.isPending}
        error={remove.error ? asFormError(remove.error).message : undefined}
        onCancel={() => setRemoving(null)}
        onConfirm={confirmRemove}
      >
        {removing?.user.id === selfId
          ? "You will lose access to this workspace."
          : `${removing?.user.email} will lose access to ${workspaceName} and be removed from its groups.`}
      </ConfirmDialog>
      <ConfirmDialog
        open={!!resetting}
        title={`Reset two-factor authentication of ${resetting?.user.name || resetting?.user.email}?`}
        confirmLabel="Reset two-factor"
        pending={resetMFA.isPending}
        error={resetMFA.error ? asFormError(resetMFA.error).message : undefined}
        onCancel={() => setResetting(null)}
        onConfirm={confirmResetMFA}
      >
        Their authenticator app, passkeys and recovery codes are removed, for a member who lost them. They then sign in with their password
        alone and, where a workspace requires it, set up a second factor again. The audit log records the reset.
      </ConfirmDialog>
    </Card>
  );
}
