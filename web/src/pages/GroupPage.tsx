import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { asFormError, statusOf, type Group } from "../api/client";
import {
  useAddGroupMember,
  useDeleteGroup,
  useGroup,
  useGroupMembers,
  useRemoveGroupMember,
  useRenameGroup,
} from "../api/groups";
import { useAllMembers } from "../api/workspaces";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Avatar } from "../components/Avatar";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { FormAlert, SelectField, TextField } from "../components/Field";
import { ArrowLeftIcon, UsersIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { useToast } from "../components/Toasts";
import { formFields } from "../lib/form";
import { can } from "../lib/permissions";

export function GroupPage() {
  const { groupId = "" } = useParams();
  const { workspaceId, role } = useCurrentWorkspace();
  const group = useGroup(workspaceId, groupId);
  const canManage = can(role, "groups.manage");
  const back = (
    <Link to={`/w/${workspaceId}/groups`} className="back-link">
      <ArrowLeftIcon /> Groups
    </Link>
  );

  if (group.isPending) return <LoadingState label="Loading group…" />;
  if (group.isError) {
    return (
      <div className="page">
        {back}
        {statusOf(group.error) === 404 ? (
          <EmptyState title="Group not found">It may have been deleted.</EmptyState>
        ) : (
          <ErrorState error={group.error} onRetry={() => void group.refetch()} />
        )}
      </div>
    );
  }

  const g = group.data;
  return (
    <div className="page">
      <PageHeader
        title={g.name}
        before={back}
        description={`${g.member_count} ${g.member_count === 1 ? "member" : "members"}`}
      />
      <GroupMembersCard workspaceId={workspaceId} group={g} canManage={canManage} />
      {canManage && <GroupSettingsCard key={g.id} workspaceId={workspaceId} group={g} />}
    </div>
  );
}

function GroupSettingsCard({ workspaceId, group }: { workspaceId: string; group: Group }) {
  const rename = useRenameGroup(workspaceId, group.id);
  const del = useDeleteGroup(workspaceId, group.id);
  const toast = useToast();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const err = rename.error ? asFormError(rename.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name } = formFields(e.currentTarget);
    rename.mutate({ name }, { onSuccess: () => toast.success("Group renamed") });
  }

  return (
    <Card title="Group settings">
      <form className="form form-inline" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} className="form-inline-full" />
        <TextField name="name" label="Name" required defaultValue={group.name} error={err?.fields.name} fieldClassName="field-grow" />
        <div className="field field-button">
          <Button type="submit" variant="primary" pending={rename.isPending}>
            Save
          </Button>
        </div>
      </form>
      <div className="danger-zone">
        <div>
          <strong>Delete this group</strong>
          <p className="muted">Its members stay in the workspace; only the group goes.</p>
        </div>
        <Button
          variant="danger"
          onClick={() => {
            del.reset();
            setConfirming(true);
          }}
        >
          Delete group
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${group.name}”?`}
        confirmLabel="Delete"
        pending={del.isPending}
        error={del.error ? asFormError(del.error).message : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          del.mutate(undefined, {
            onSuccess: () => {
              toast.success(`Group “${group.name}” deleted`);
              navigate(`/w/${workspaceId}/groups`, { replace: true });
            },
          })
        }
      >
        This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}

function GroupMembersCard({ workspaceId, group, canManage }: { workspaceId: string; group: Group; canManage: boolean }) {
  const members = useGroupMembers(workspaceId, group.id);
  const remove = useRemoveGroupMember(workspaceId, group.id);
  const toast = useToast();

  let body;
  if (members.isPending) body = <LoadingState label="Loading members…" />;
  else if (members.isError) body = <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  else if (members.items.length === 0)
    body = (
      <EmptyState icon={<UsersIcon />} title="No one in this group yet">
        {canManage ? "Add workspace members above." : undefined}
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.items.map((u) => (
                <tr key={u.id} data-email={u.email}>
                  <td>
                    <div className="person">
                      <Avatar name={u.name} email={u.email} size="sm" />
                      <span className="person-name">{u.name || "—"}</span>
                    </div>
                  </td>
                  <td className="cell-muted">{u.email}</td>
                  <td className="cell-actions">
                    {canManage && (
                      <Button
                        size="sm"
                        variant="danger-ghost"
                        pending={remove.isPending && remove.variables === u.id}
                        onClick={() =>
                          remove.mutate(u.id, { onSuccess: () => toast.success(`Removed ${u.name || u.email} from the group`) })
                        }
                      >
                        Remove
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...members} />
      </>
    );

  return (
    <Card title="Members" flush>
      {canManage && (
        <div className="card-section">
          <AddGroupMemberForm workspaceId={workspaceId} groupId={group.id} present={members.items.map((u) => u.id)} />
        </div>
      )}
      {remove.error && (
        <div className="card-alert">
          <FormAlert message={asFormError(remove.error).message} />
        </div>
      )}
      {body}
    </Card>
  );
}

function AddGroupMemberForm({ workspaceId, groupId, present }: { workspaceId: string; groupId: string; present: string[] }) {
  const all = useAllMembers(workspaceId);
  const add = useAddGroupMember(workspaceId, groupId);
  const toast = useToast();
  const [userId, setUserId] = useState("");
  const err = add.error ? asFormError(add.error) : undefined;
  const candidates = (all.data ?? []).filter((m) => !present.includes(m.user.id));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!userId) return;
    const m = candidates.find((c) => c.user.id === userId);
    add.mutate(userId, {
      onSuccess: () => {
        setUserId("");
        toast.success(`Added ${m?.user.name || m?.user.email || "member"} to the group`);
      },
    });
  }

  const placeholder = all.isPending
    ? "Loading members…"
    : all.isError
      ? "Could not load members"
      : candidates.length
        ? "Choose a member…"
        : "Everyone is already in this group";
  return (
    <form className="form form-inline" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} className="form-inline-full" />
      <SelectField
        name="user_id"
        label="Add a workspace member"
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
        disabled={!candidates.length}
        options={[
          { value: "", label: placeholder, disabled: true },
          ...candidates.map((m) => ({ value: m.user.id, label: m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email })),
        ]}
        error={err?.fields.user_id}
        fieldClassName="field-grow"
      />
      <div className="field field-button">
        <Button type="submit" variant="primary" pending={add.isPending} disabled={!userId}>
          Add member
        </Button>
      </div>
    </form>
  );
}
