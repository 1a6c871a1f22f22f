// AddCollaboratorForm names a person (by email) or a group and the project role to give them.
import { useId, useState, type FormEvent } from "react";
import type { Group, Member } from "../../api/client";
import type { ProjectRole } from "../../api/projects";
import { Button } from "../../components/Button";
import { FormAlert, SelectField, TextField } from "../../components/Field";
import { projectRoleLabel, rolesFor } from "./access";

export interface NewCollaborator {
  kind: "email" | "group";
  email: string;
  groupId: string;
  role: ProjectRole;
}

interface AddCollaboratorFormProps {
  /** The roles one may give. */
  roles: readonly ProjectRole[];
  members: readonly Member[];
  groups: readonly Group[];
  /** Whether members and groups may be listed (suggestions, the group picker). */
  canList: boolean;
  groupsPending?: boolean;
  pending?: boolean;
  /** Problems with what was submitted, by field (email, group_id, role), and for the form. */
  errors?: { email?: string; group_id?: string; role?: string; message?: string };
  /** onAdd is given the new collaborator, and reset to clear the form once it is added. */
  onAdd(c: NewCollaborator, reset: () => void): void;
  onEdit?(): void;
  submitLabel?: string;
}

export function AddCollaboratorForm({
  roles,
  members,
  groups,
  canList,
  groupsPending,
  pending,
  errors,
  onAdd,
  onEdit,
  submitLabel = "Add",
}: AddCollaboratorFormProps) {
  const [kind, setKind] = useState<"email" | "group">("email");
  const [email, setEmail] = useState("");
  const [groupId, setGroupId] = useState("");
  const offered = rolesFor(roles, kind === "group");
  const [role, setRole] = useState<ProjectRole>("annotator");
  const shownRole = offered.includes(role) ? role : (offered[0] ?? "annotator");
  const listId = useId();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    onAdd({ kind, email: email.trim(), groupId, role: shownRole }, () => {
      setEmail("");
      setGroupId("");
    });
  }

  return (
    <form className="form form-inline" onSubmit={onSubmit} noValidate aria-label="Add people">
      <FormAlert message={errors?.message} className="form-inline-full" />
      <SelectField
        name="kind"
        label="Add"
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as "email" | "group");
          onEdit?.();
        }}
        options={[
          { value: "email", label: "A person" },
          { value: "group", label: "A group", disabled: !canList },
        ]}
      />
      {kind === "email" ? (
        <TextField
          name="email"
          label="Email"
          type="email"
          placeholder="name@example.com"
          autoComplete="off"
          list={listId}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            onEdit?.();
          }}
          error={errors?.email}
          fieldClassName="field-grow"
        />
      ) : (
        <SelectField
          name="group_id"
          label="Group"
          value={groupId}
          onChange={(e) => {
            setGroupId(e.target.value);
            onEdit?.();
          }}
          options={[
            { value: "", label: groupsPending ? "Loading groups…" : groups.length ? "Choose a group…" : "No groups", disabled: true },
            ...groups.map((g) => ({ value: g.id, label: g.name })),
          ]}
          error={errors?.group_id}
          fieldClassName="field-grow"
        />
      )}
      <SelectField
        name="role"
        label="Role"
        value={shownRole}
        onChange={(e) => setRole(e.target.value as ProjectRole)}
        options={offered.map((r) => ({ value: r, label: projectRoleLabel(r) }))}
        error={errors?.role}
      />
      <div className="field field-button">
        <Button type="submit" pending={pending} disabled={offered.length === 0}>
          {submitLabel}
        </Button>
      </div>
      <datalist id={listId}>
        {members.map((m) => (
          <option key={m.user.id} value={m.user.email}>
            {m.user.name}
          </option>
        ))}
      </datalist>
    </form>
  );
}
