// The project's people: who works on it in which role; admins manage them
// all, team managers the annotators and reviewers.
import { useState } from "react";
import { useMe } from "../../api/auth";
import { asFormError } from "../../api/client";
import { useCollaborators, useRemoveCollaborator, useSetCollaborator, type Collaborator, type ProjectDetail, type ProjectRole } from "../../api/projects";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormAlert } from "../../components/Field";
import { GroupIcon, UsersIcon } from "../../components/icons";
import { Spinner } from "../../components/Spinner";
import { EmptyState, ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { projectRoleLabel, rolesFor, type ProjectAbilities } from "./access";
import { AddCollaboratorForm, type NewCollaborator } from "./AddCollaboratorForm";
import { messageAt, problemErrors } from "./errors";
import { usePeople } from "./usePeople";
import { checkCollaborator } from "./wizard";

interface SectionProps {
  workspaceId: string;
  project: ProjectDetail;
  abilities: ProjectAbilities;
}

export function collaboratorLabel(c: Collaborator): string {
  return c.user ? c.user.name || c.user.email : (c.group?.name ?? "—");
}

const whoOf = (c: Collaborator) => (c.user ? { user_id: c.user.id } : { group_id: c.group?.id ?? "" });
const keyOf = (c: Collaborator) => c.user?.id ?? c.group?.id ?? "";

export function PeopleSection({ workspaceId, project, abilities }: SectionProps) {
  const list = useCollaborators(workspaceId, project.id);
  const set = useSetCollaborator(workspaceId, project.id);
  const add = useSetCollaborator(workspaceId, project.id);
  const remove = useRemoveCollaborator(workspaceId, project.id);
  const me = useMe();
  const toast = useToast();
  const { members, groups, canList, groupsPending } = usePeople(abilities.managePeople);
  const [rowError, setRowError] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const selfId = me.data?.user.id ?? "";
  const busyId = set.isPending ? idOf(set.variables) : remove.isPending ? idOf(remove.variables) : "";

  const addErrors = problemErrors(add.error);
  const addFields = {
    email: messageAt(addErrors, "body.email") ?? messageAt(addErrors, "body.user_id"),
    group_id: messageAt(addErrors, "body.group_id"),
    role: messageAt(addErrors, "body.role"),
  };
  const addMessage = add.error && !addFields.email && !addFields.group_id && !addFields.role ? asFormError(add.error).message : undefined;

  function onAdd(c: NewCollaborator, reset: () => void) {
    const local = checkCollaborator({ key: "new", ...c }, []);
    setLocalErrors(local);
    if (Object.keys(local).length) return;
    const who = c.kind === "email" ? c.email : (groups.find((g) => g.id === c.groupId)?.name ?? "The group");
    add.mutate(c.kind === "email" ? { email: c.email, role: c.role } : { group_id: c.groupId, role: c.role }, {
      onSuccess: () => {
        reset();
        add.reset();
        toast.success(`${who} is now ${projectRoleLabel(c.role).toLowerCase()} of this project`);
      },
    });
  }

  let body;
  if (list.isPending) body = <LoadingState label="Loading people…" />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.data.length === 0)
    body = (
      <EmptyState icon={<UsersIcon />} title="No one works on this project yet">
        {abilities.managePeople ? "Add people and groups above." : "Its admins add the people who work on it."}
      </EmptyState>
    );
  else
    body = (
      <div className="table-wrap">
        <table className="table" aria-label="Collaborators">
          <thead>
            <tr>
              <th>Who</th>
              <th>Role</th>
              {abilities.managePeople && (
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => {
              const label = collaboratorLabel(c);
              const mayTouch = abilities.managePeople && abilities.grantable.includes(c.role);
              const offered = rolesFor(abilities.grantable, !!c.group);
              const saving = busyId !== "" && busyId === keyOf(c);
              return (
                <tr key={keyOf(c)} data-email={c.user?.email} data-group={c.group?.name} data-role={c.role}>
                  <td>
                    <div className="person">
                      {c.user ? (
                        <Avatar name={c.user.name} email={c.user.email} size="sm" />
                      ) : (
                        <span className="group-mark" aria-hidden="true">
                          <GroupIcon />
                        </span>
                      )}
                      <div>
                        <div className="person-name">
                          {label} {c.user?.id === selfId && <Badge tone="accent">You</Badge>}
                        </div>
                        <div className="person-email">{c.user ? (c.user.name ? c.user.email : "") : "Group"}</div>
                      </div>
                    </div>
                  </td>
                  <td>
                    {mayTouch ? (
                      <select
                        className="select select-sm"
                        aria-label={`Role of ${label}`}
                        value={c.role}
                        disabled={saving}
                        onChange={(e) => {
                          const role = e.target.value as ProjectRole;
                          setRowError("");
                          set.mutate(
                            { ...whoOf(c), role },
                            {
                              onSuccess: () => toast.success(`${label} is now ${projectRoleLabel(role).toLowerCase()}`),
                              onError: (err) => setRowError(`Could not change the role of ${label}: ${asFormError(err).message}`),
                            },
                          );
                        }}
                      >
                        {offered.map((r) => (
                          <option key={r} value={r}>
                            {projectRoleLabel(r)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <Badge tone={c.role === "admin" ? "accent" : "neutral"}>{projectRoleLabel(c.role)}</Badge>
                    )}
                  </td>
                  {abilities.managePeople && (
                    <td className="cell-actions">
                      {saving && <Spinner size="sm" label="Saving" />}
                      {mayTouch && (
                        <Button
                          size="sm"
                          variant="danger-ghost"
                          disabled={saving}
                          aria-label={`Remove ${label}`}
                          onClick={() => {
                            setRowError("");
                            remove.mutate(whoOf(c), {
                              onSuccess: () => toast.success(`${label} no longer works on this project`),
                              onError: (err) => setRowError(`Could not remove ${label}: ${asFormError(err).message}`),
                            });
                          }}
                        >
                          Remove
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );

  return (
    <Card
      title="People"
      description="Admins change everything; team managers manage the work and the annotators and reviewers; annotators and reviewers do the work. Groups annotate and review."
      flush
    >
      {abilities.managePeople && (
        <div className="card-section">
          <AddCollaboratorForm
            roles={abilities.grantable}
            members={members}
            groups={groups}
            canList={canList}
            groupsPending={groupsPending}
            pending={add.isPending}
            errors={{ ...addFields, ...localErrors, message: addMessage }}
            onEdit={() => {
              add.reset();
              setLocalErrors({});
            }}
            onAdd={onAdd}
          />
        </div>
      )}
      {rowError && (
        <div className="card-alert">
          <FormAlert message={rowError} />
        </div>
      )}
      {body}
    </Card>
  );
}

function idOf(v: unknown): string {
  const x = v as { user_id?: string; group_id?: string } | undefined;
  return x?.user_id ?? x?.group_id ?? "";
}
