// The wizard's people step: who works on the new project, in which role.
import { useState } from "react";
import type { ProjectRole } from "../../api/projects";
import { Button } from "../../components/Button";
import { GroupIcon } from "../../components/icons";
import { Avatar } from "../../components/Avatar";
import { projectRoleLabel, PROJECT_ROLES, rolesFor } from "./access";
import { AddCollaboratorForm, type NewCollaborator } from "./AddCollaboratorForm";
import { usePeople } from "./usePeople";
import { checkCollaborator, rowProblems, type CollaboratorDraft, type StepProblems } from "./wizard";

interface PeopleStepProps {
  rows: CollaboratorDraft[];
  onChange(rows: CollaboratorDraft[]): void;
  /** By "<row key>.<field>", and "" for the list. */
  problems: StepProblems;
}

let nextKey = 1;

export function PeopleStep({ rows, onChange, problems }: PeopleStepProps) {
  const { members, groups, canList, groupsPending } = usePeople();
  const [addErrors, setAddErrors] = useState<Record<string, string>>({});
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? "Group";
  const personOf = (email: string) => members.find((m) => m.user.email.toLowerCase() === email.toLowerCase())?.user;

  function add(c: NewCollaborator, reset: () => void) {
    const row: CollaboratorDraft = { key: `c${nextKey++}`, ...c };
    const p = checkCollaborator(row, rows);
    if (Object.keys(p).length) {
      setAddErrors(p);
      return;
    }
    setAddErrors({});
    onChange([...rows, row]);
    reset();
  }

  function setRole(key: string, role: ProjectRole) {
    onChange(rows.map((r) => (r.key === key ? { ...r, role } : r)));
  }

  return (
    <div className="pj-stack">
      <p className="muted">You become the project's admin. Add the people and groups who work on it; you can change them later.</p>
      <AddCollaboratorForm
        roles={PROJECT_ROLES}
        members={members}
        groups={groups}
        canList={canList}
        groupsPending={groupsPending}
        errors={addErrors}
        onEdit={() => setAddErrors({})}
        onAdd={add}
      />
      {problems[""] && <p className="field-error">{problems[""]}</p>}
      {rows.length === 0 ? (
        <p className="muted small">No one added yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="People to add">
            <thead>
              <tr>
                <th>Who</th>
                <th>Role</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const label = r.kind === "email" ? r.email : groupName(r.groupId);
                const p = rowProblems(problems, r.key);
                const whoError = r.kind === "email" ? p.email : (p.group_id ?? p.email);
                const person = r.kind === "email" ? personOf(r.email) : undefined;
                return (
                  <tr key={r.key} data-collaborator={label}>
                    <td>
                      <div className="person">
                        {r.kind === "email" ? (
                          <Avatar name={person?.name ?? ""} email={r.email} size="sm" />
                        ) : (
                          <span className="group-mark" aria-hidden="true">
                            <GroupIcon />
                          </span>
                        )}
                        <div>
                          <div className="person-name">{person?.name || label}</div>
                          <div className="person-email">{r.kind === "email" ? (person ? r.email : "By email") : "Group"}</div>
                        </div>
                      </div>
                      {whoError && <p className="field-error">{whoError}</p>}
                    </td>
                    <td>
                      <select
                        className="select select-sm"
                        aria-label={`Role of ${label}`}
                        value={r.role}
                        onChange={(e) => setRole(r.key, e.target.value as ProjectRole)}
                        aria-invalid={p.role ? true : undefined}
                      >
                        {rolesFor(PROJECT_ROLES, r.kind === "group").map((x) => (
                          <option key={x} value={x}>
                            {projectRoleLabel(x)}
                          </option>
                        ))}
                      </select>
                      {p.role && <p className="field-error">{p.role}</p>}
                    </td>
                    <td className="cell-actions">
                      <Button size="sm" variant="danger-ghost" onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
                        Remove
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
