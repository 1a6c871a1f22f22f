import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMaybeMe, useSignIn } from "../api/auth";
import { asFormError, statusOf, type FormError } from "../api/client";
import { BrowserRefusal, useSecondFactor, type MFAChallenge, type SecondFactor } from "../api/mfa";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import { formFields } from "../lib/form";
import { normalizeCode } from "../lib/mfa";
import { safeNext } from "../lib/nextPath";
import { SSOSignIn } from "./SSOSignIn";
import { passkeyErrorMessage, passkeysSupported } from "../lib/webauthn";
import "./account/MFASection.css";

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const signIn = useSignIn();
  const me = useMaybeMe();
  const navigate = useNavigate();
  const [challenge, setChallenge] = useState<MFAChallenge | null>(null);
  const err = signIn.error ? asFormError(signIn.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = formFields(e.currentTarget);
    signIn.mutate(
      { email: f.email, password: f.password },
      {
        onSuccess: (out) => {
          if (out.mfa) setChallenge(out.mfa);
          else navigate(next, { replace: true });
        },
      },
    );
  }

  if (challenge)
    return (
      <SecondStep
        challenge={challenge}
        onDone={() => navigate(next, { replace: true })}
        onRestart={() => {
          setChallenge(null);
          signIn.reset();
        }}
      />
    );

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
      <SSOSignIn next={next} />
      <p className="auth-switch">
        New to Loupe? <Link to={signUpHref}>Create an account</Link>
      </p>
    </>
  );
}

type Mode = "totp" | "recovery_code";

/** SecondStep asks for the second factor after a right password: a code, a recovery code, or a passkey. */
function SecondStep({ challenge, onDone, onRestart }: { challenge: MFAChallenge; onDone: () => void; onRestart: () => void }) {
  const methods = challenge.methods ?? [];
  const hasTOTP = methods.includes("totp");
  const hasPasskey = methods.includes("webauthn") && passkeysSupported();
  const hasRecovery = methods.includes("recovery_code");
  const [mode, setMode] = useState<Mode>(hasTOTP || !hasRecovery ? "totp" : "recovery_code");
  const [value, setValue] = useState("");
  const complete = useSecondFactor();
  const failed = complete.error;
  const err: FormError | undefined =
    failed instanceof BrowserRefusal ? { message: passkeyErrorMessage(failed.cause), fields: {} } : failed ? asFormError(failed) : undefined;
  // A challenge that expired or was used cannot go on: the password comes first again.
  const over = statusOf(failed) === 401;

  function send(factor: SecondFactor) {
    complete.mutate({ challenge: challenge.challenge, factor }, { onSuccess: onDone });
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    send(mode === "totp" ? { code: normalizeCode(value) } : { recovery_code: value.trim() });
  }

  function switchTo(m: Mode) {
    setMode(m);
    setValue("");
    complete.reset();
  }

  const passkeyPending = complete.isPending && !!complete.variables && "passkey" in complete.variables.factor;
  const field = mode === "totp" ? "code" : "recovery_code";
  const fieldError = err?.fields[field];
  return (
    <>
      <title>Two-factor authentication · Loupe</title>
      <h1>Two-factor authentication</h1>
      <div className="mfa-second-step" data-testid="second-factor">
        {over ? (
          <>
            <FormAlert message={err?.message} />
            <Button variant="primary" className="btn-block" onClick={onRestart}>
              Sign in again
            </Button>
          </>
        ) : (
          <>
            {hasTOTP || mode === "recovery_code" ? (
              <form className="form" onSubmit={onSubmit} noValidate>
                <p className="muted">
                  {mode === "totp"
                    ? "Enter the 6-digit code your authenticator app shows for Loupe."
                    : "Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once."}
                </p>
                <FormAlert message={err && !fieldError ? err.message : undefined} />
                <TextField
                  key={mode}
                  name={field}
                  label={mode === "totp" ? "Authentication code" : "Recovery code"}
                  inputMode={mode === "totp" ? "numeric" : "text"}
                  autoComplete="one-time-code"
                  autoCapitalize="off"
                  spellCheck={false}
                  maxLength={mode === "totp" ? 9 : 40}
                  required
                  autoFocus
                  value={value}
                  onChange={(e) => setValue(e.target.value)}
                  error={fieldError}
                />
                <Button type="submit" variant="primary" className="btn-block" pending={complete.isPending && !passkeyPending}>
                  Verify
                </Button>
              </form>
            ) : (
              <>
                <p className="muted">Use your passkey or security key to finish signing in.</p>
                <FormAlert message={err?.message} />
              </>
            )}
            {hasPasskey && (
              <Button
                variant={hasTOTP && mode === "totp" ? "secondary" : "primary"}
                className="btn-block"
                pending={passkeyPending}
                onClick={() => {
                  complete.reset();
                  send({ passkey: true });
                }}
              >
                Use a passkey
              </Button>
            )}
            <div className="mfa-alternatives">
              {mode === "totp" && hasRecovery && (
                <button type="button" className="link-button" onClick={() => switchTo("recovery_code")}>
                  Use a recovery code
                </button>
              )}
              {mode === "recovery_code" && hasTOTP && (
                <button type="button" className="link-button" onClick={() => switchTo("totp")}>
                  Use your authenticator app
                </button>
              )}
              <button type="button" className="link-button" onClick={onRestart}>
                Start over
              </button>
            </div>
          </>
        )}
      </div>
    </>
  );
}
