import type { FormEvent } from "react";
import { asFormError, type DatasetWithRole } from "../../api/client";
import { useUpdateDataset } from "../../api/datasets";
import { Button } from "../../components/Button";
import { FormAlert, TextAreaField, TextField } from "../../components/Field";
import { useToast } from "../../components/Toasts";
import { formFields } from "../../lib/form";

/** EditDatasetForm changes a dataset's name and description. */
export function EditDatasetForm({ workspaceId, dataset, onDone }: { workspaceId: string; dataset: DatasetWithRole; onDone: () => void }) {
  const update = useUpdateDataset(workspaceId, dataset.id);
  const toast = useToast();
  const err = update.error ? asFormError(update.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name, description } = formFields(e.currentTarget);
    update.mutate(
      { name, description },
      {
        onSuccess: () => {
          toast.success("Dataset saved");
          onDone();
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} />
      <TextField name="name" label="Name" required maxLength={100} defaultValue={dataset.name} error={err?.fields.name} />
      <TextAreaField name="description" label="Description" rows={3} maxLength={2000} defaultValue={dataset.description} error={err?.fields.description} />
      <div className="form-actions">
        <Button onClick={onDone} disabled={update.isPending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}
