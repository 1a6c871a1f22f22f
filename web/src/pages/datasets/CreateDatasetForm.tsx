import type { FormEvent } from "react";
import { useNavigate } from "react-router";
import { asFormError, type Integration } from "../../api/client";
import { useCreateDataset } from "../../api/datasets";
import { Button } from "../../components/Button";
import { FormAlert, SelectField, TextField } from "../../components/Field";
import { useToast } from "../../components/Toasts";
import { formFields } from "../../lib/form";
import { describeLocation, LOUPE_STORAGE } from "../../lib/storage";

interface CreateDatasetFormProps {
  workspaceId: string;
  /** The integrations to offer; undefined while they load or when the user may not list them. */
  integrations: Integration[] | undefined;
}

/** CreateDatasetForm adds a dataset, in Loupe's storage or in one of the workspace's buckets, and opens it. */
export function CreateDatasetForm({ workspaceId, integrations }: CreateDatasetFormProps) {
  const create = useCreateDataset(workspaceId);
  const toast = useToast();
  const navigate = useNavigate();
  const err = create.error ? asFormError(create.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name, description, integration_id } = formFields(e.currentTarget);
    create.mutate(
      { name, description: description || undefined, integration_id: integration_id || undefined },
      {
        onSuccess: (d) => {
          toast.success(`Dataset “${d.name}” created`);
          navigate(`/w/${workspaceId}/datasets/${d.id}`);
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} />
      <div className="form-grid">
        <TextField name="name" label="Name" required maxLength={100} placeholder="Street scenes 2026" error={err?.fields.name} />
        <SelectField
          name="integration_id"
          label="Storage"
          defaultValue=""
          options={[
            { value: "", label: LOUPE_STORAGE },
            ...(integrations ?? []).map((g) => ({ value: g.id, label: `${g.name} — ${describeLocation(g.kind, g.config)}` })),
          ]}
          hint="Where its files are kept. This cannot change later."
          error={err?.fields.integration_id}
        />
      </div>
      <TextField
        name="description"
        label="Description"
        maxLength={2000}
        placeholder="Optional: what is in it, where it comes from."
        error={err?.fields.description}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create dataset
        </Button>
      </div>
    </form>
  );
}
