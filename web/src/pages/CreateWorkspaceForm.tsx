import type { FormEvent } from "react";
import { useNavigate } from "react-router";
import { asFormError } from "../api/client";
import { useCreateWorkspace } from "../api/workspaces";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import { useToast } from "../components/Toasts";
import { formFields } from "../lib/form";

export function CreateWorkspaceForm() {
  const create = useCreateWorkspace();
  const navigate = useNavigate();
  const toast = useToast();
  const err = create.error ? asFormError(create.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name } = formFields(e.currentTarget);
    create.mutate(
      { name },
      {
        onSuccess: (ws) => {
          toast.success(`Workspace “${ws.name}” created`);
          navigate(`/w/${ws.id}/members`);
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} />
      <TextField
        name="name"
        label="Workspace name"
        required
        autoFocus
        placeholder="Acme Labeling"
        error={err?.fields.name}
        hint="You will be its admin. You can rename it later."
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create workspace
        </Button>
      </div>
    </form>
  );
}
