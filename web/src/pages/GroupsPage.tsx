import { useRef, type FormEvent } from "react";
import { Link } from "react-router";
import { asFormError } from "../api/client";
import { useCreateGroup, useGroups } from "../api/groups";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { FormAlert, TextField } from "../components/Field";
import { GroupIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { useToast } from "../components/Toasts";
import { formatDate } from "../lib/format";
import { formFields } from "../lib/form";
import { can } from "../lib/permissions";

export function GroupsPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const groups = useGroups(workspaceId);
  const canManage = can(role, "groups.manage");

  let body;
  if (groups.isPending) body = <LoadingState label="Loading groups…" />;
  else if (groups.isError) body = <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />;
  else if (groups.items.length === 0)
    body = (
      <EmptyState icon={<GroupIcon />} title="No groups yet">
        Groups are named pools of members that you can assign to projects and workflow stages in one go.
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
                <th className="cell-num">Members</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {groups.items.map((g) => (
                <tr key={g.id} data-group={g.name}>
                  <td>
                    <Link to={g.id} className="row-link">
                      {g.name}
                    </Link>
                  </td>
                  <td className="cell-num">{g.member_count}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(g.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...groups} />
      </>
    );

  return (
    <div className="page">
      <PageHeader title="Groups" description="Named pools of members, for assigning work in bulk." />
      {canManage && (
        <Card title="New group">
          <CreateGroupForm workspaceId={workspaceId} />
        </Card>
      )}
      <Card title="All groups" flush>
        {body}
      </Card>
    </div>
  );
}

function CreateGroupForm({ workspaceId }: { workspaceId: string }) {
  const create = useCreateGroup(workspaceId);
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const err = create.error ? asFormError(create.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name } = formFields(e.currentTarget);
    create.mutate(
      { name },
      {
        onSuccess: (g) => {
          formRef.current?.reset();
          toast.success(`Group “${g.name}” created`);
        },
      },
    );
  }

  return (
    <form ref={formRef} className="form form-inline" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} className="form-inline-full" />
      <TextField name="name" label="Group name" required placeholder="Reviewers EU" error={err?.fields.name} fieldClassName="field-grow" />
      <div className="field field-button">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create group
        </Button>
      </div>
    </form>
  );
}
