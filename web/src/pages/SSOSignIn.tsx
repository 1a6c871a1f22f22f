import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { asFormError } from "../api/client";
import { protocolLabel, ssoOptions, ssoStartURL, useSSOOptions, type SSOOption, type SSOProtocol } from "../api/sso";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import "./settings/SSOSection.css";

/**
 * SSOSignIn is the sign-in page's way to single sign-on: by the domain of a work address, or by
 * the workspace a link names (?workspace=…). It also shows why a sign-in through a provider
 * failed (?sso_error=…, where the server sends the browser back).
 */
export function SSOSignIn({ next }: { next: string }) {
  const [params] = useSearchParams();
  const failed = params.get("sso_error");
  const workspace = params.get("workspace");
  const byWorkspace = useSSOOptions(workspace);
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [found, setFound] = useState<SSOOption[] | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState("");

  function go(o: SSOOption) {
    window.location.assign(ssoStartURL(o, next));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError("");
    setFound(null);
    if (!email.includes("@")) {
      setError("Enter your work email address.");
      return;
    }
    setPending(true);
    try {
      const options = await ssoOptions({ email: email.trim() });
      if (options.length === 1) {
        go(options[0]);
        return;
      }
      setFound(options);
    } catch (err) {
      setError(asFormError(err).fields.email ?? asFormError(err).message);
    } finally {
      setPending(false);
    }
  }

  const offered = byWorkspace.data ?? [];
  return (
    <section className="sso-signin" aria-label="Single sign-on">
      <FormAlert message={failed} />
      {offered.length > 0 && (
        <div className="sso-signin-options">
          {offered.map((o) => (
            <Button key={o.protocol} className="btn-block" onClick={() => go(o)}>
              Continue with SSO ({protocolLabel[o.protocol as SSOProtocol]})
            </Button>
          ))}
        </div>
      )}
      {!open ? (
        offered.length === 0 && (
          <Button className="btn-block" onClick={() => setOpen(true)}>
            Continue with SSO
          </Button>
        )
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            name="sso_email"
            label="Work email"
            type="email"
            autoComplete="email"
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            hint="Your organization's single sign-on is found by your address's domain."
            error={error}
          />
          <Button type="submit" variant="primary" className="btn-block" pending={pending}>
            Continue
          </Button>
          {found && found.length === 0 && (
            <p className="notice" role="status">
              No single sign-on is set up for this address. Sign in with your password, or ask your workspace&rsquo;s admin.
            </p>
          )}
          {found && found.length > 1 && (
            <div className="sso-signin-options" role="group" aria-label="Choose how to sign in">
              {found.map((o) => (
                <Button key={o.workspace_id + o.protocol} className="btn-block" onClick={() => go(o)}>
                  Continue with {protocolLabel[o.protocol as SSOProtocol]}
                </Button>
              ))}
            </div>
          )}
        </form>
      )}
    </section>
  );
}
