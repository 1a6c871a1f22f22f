import type { FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMaybeMe, useSignIn } from "../api/auth";
import { asFormError } from "../api/client";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import { formFields } from "../lib/form";
import { safeNext } from "../lib/nextPath";

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const signIn = useSignIn();
  const me = useMaybeMe();
  const navigate = useNavigate();
  const err = signIn.error ? asFormError(signIn.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = formFields(e.currentTarget);
    signIn.mutate({ email: f.email, password: f.password }, { onSuccess: () => navigate(next, { replace: true }) });
  }

  const signUpHref = next === "/" ? "/signup" : `/signup?next=${encodeURIComponent(next)}`;
  return (
    <>
      <title>Sign in · Loupe</title>
      <h1>Sign in</h1>
      {me.isSuccess && !me.isFetching && !signIn.isPending && (
        <p className="notice">
          You are signed in as <strong>{me.data.user.email}</strong>. <Link to={next}>Continue</Link> or sign in as someone
          else.
        </p>
      )}
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} />
        <TextField name="email" label="Email" type="email" required autoFocus autoComplete="username" error={err?.fields.email} />
        <TextField name="password" label="Password" type="password" required autoComplete="current-password" error={err?.fields.password} />
        <Button type="submit" variant="primary" className="btn-block" pending={signIn.isPending}>
          Sign in
        </Button>
      </form>
      <p className="auth-switch">
        New to Loupe? <Link to={signUpHref}>Create an account</Link>
      </p>
    </>
  );
}
