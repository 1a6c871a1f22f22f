import type { FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useSignUp } from "../api/auth";
import { asFormError } from "../api/client";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import { formFields } from "../lib/form";
import { safeNext } from "../lib/nextPath";

export function SignUpPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const signUp = useSignUp();
  const navigate = useNavigate();
  const err = signUp.error ? asFormError(signUp.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = formFields(e.currentTarget);
    signUp.mutate(
      { name: f.name, email: f.email, password: f.password },
      { onSuccess: () => navigate(next, { replace: true }) },
    );
  }

  const signInHref = next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`;
  return (
    <>
      <title>Sign up · Loupe</title>
      <h1>Sign up</h1>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} />
        <TextField name="name" label="Name" required autoFocus autoComplete="name" error={err?.fields.name} />
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
        <Button type="submit" variant="primary" className="btn-block" pending={signUp.isPending}>
          Sign up
        </Button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to={signInHref}>Sign in</Link>
      </p>
    </>
  );
}
