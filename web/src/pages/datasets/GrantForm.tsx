import { useId, useState, type FormEvent } from "react";
import { asFormError, type DatasetRole } from "../../api/client";
import { useGrantDatasetAccess } from "../../api/datasets";
import { useAllGroups } from "../../api/groups";
import { useAllMembers } from "../../api/workspaces";
import { Button } from "../../components/Button";
import { FormAlert, SelectField, TextField } from "../../components/Field";
import { useToast } from "../../components/Toasts";
import { datasetRoleLabel } from "../../lib/items";
import { DATASET_ROLES } from "../../lib/permissions";

interface GrantFormProps {
  workspaceId: string;
  datasetId: string;
  /** Whether the user may list members and groups (for suggestions and the group picker). */
  canList: boolean;
}

/** GrantForm gives a person (by email) or a group a role on the dataset. */
export function GrantForm({ workspaceId, datasetId, canList }: GrantFormProps) {
  const grant = useGrantDatasetAccess(workspaceId, datasetId);
  const toast = useToast();
  const [to, setTo] = useState<"person" | "group">("person");
  const [role, setRole] = useState<DatasetRole>("viewer");
  const groups = useAllGroups(workspaceId, canList && to === "group");
  const members = useAllMembers(workspaceId, canList);
  const listId = useId();
  const err = grant.error ? asFormError(grant.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = ((data.get("email") as string | null) ?? "").trim();
    const groupId = (data.get("group_id") as string | null) ?? "";
    const target = to === "person" ? { email } : { group_id: groupId };
    const who = to === "person" ? email : (groups.data?.find((g) => g.id === groupId)?.name ?? "the group");
    grant.mutate(
      { ...target, role },
      {
        onSuccess: () => {
          form.reset();
          toast.success(`${who} is now ${datasetRoleLabel(role).toLowerCase()} of this dataset`);
        },
      },
    );
  }

  return (
    <form className="form form-inline" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} className="form-inline-full" />
      <SelectField
        name="grantee"
        label="Give access to"
        value={to}
        onChange={(e) => {
          setTo(e.target.value as "person" | "group");
          grant.reset();
        }}
        options={[
          { value: "person", label: "A person" },
          { value: "group", label: "A group", disabled: !canList },
        ]}
      />
      {to === "person" ? (
        <TextField
          name="email"
          label="Email"
          type="email"
          required
          placeholder="name@example.com"
          autoComplete="off"
          list={listId}
          error={err?.fields.email}
          hint="Someone outside the workspace joins it to work on this dataset."
          fieldClassName="field-grow"
        />
      ) : (
        <SelectField
          name="group_id"
          label="Group"
          defaultValue=""
          options={[
            { value: "", label: groups.isPending ? "Loading groups…" : groups.data?.length ? "Choose a group…" : "No groups", disabled: true },
            ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
          ]}
          error={err?.fields.group_id}
          fieldClassName="field-grow"
        />
      )}
      <SelectField
        name="role"
        label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as DatasetRole)}
        options={DATASET_ROLES.map((r) => ({ value: r, label: datasetRoleLabel(r) }))}
        error={err?.fields.role}
      />
      <div className="field field-button">
        <Button type="submit" variant="primary" pending={grant.isPending}>
          Grant access
        </Button>
      </div>
      <datalist id={listId}>
        {(members.data ?? []).map((m) => (
          <option key={m.user.id} value={m.user.email}>
            {m.user.name}
          </option>
        ))}
      </datalist>
    </form>
  );
}
