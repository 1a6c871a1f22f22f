import type { FormEvent } from "react";
import { Navigate, useNavigate } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { setupQuery, useSetup } from "../api/auth";
import { asFormError } from "../api/client";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import { formFields } from "../lib/form";

export function SetupPage() {
  const status = useQuery(setupQuery);
  const setup = useSetup();
  const navigate = useNavigate();
  const err = setup.error ? asFormError(setup.error) : undefined;

  if (status.data && !status.data.needed && !setup.isSuccess) return <Navigate to="/" replace />;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = formFields(e.currentTarget);
    setup.mutate(
      { workspace_name: f.workspace_name, name: f.name, email: f.email, password: f.password },
      { onSuccess: (res) => navigate(`/w/${res.workspace.id}/members`, { replace: true }) },
    );
  }

  return (
    <>
      <title>Set up Loupe</title>
      <h1>Set up Loupe</h1>
      <p className="muted">Create the first workspace and its admin account. You can invite your team next.</p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} />
        <TextField name="workspace_name" label="Workspace name" required autoFocus autoComplete="organization" error={err?.fields.workspace_name} />
        <TextField name="name" label="Your name" required autoComplete="name" error={err?.fields.name} />
        <TextField name="email" label="Email" type="email" required autoComplete="email" error={err?.fields.email} />
        <TextField
          name="password"
          label="Password"
          type="password"
          required
          autoComplete="new-password"
          error={err?.fields.password}
          hint="At least 8 characters."
        />
        <Button type="submit" variant="primary" className="btn-block" pending={setup.isPending}>
          Create workspace
        </Button>
      </form>
    </>
  );
}
