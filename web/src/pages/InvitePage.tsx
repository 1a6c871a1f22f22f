import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMaybeMe } from "../api/auth";
import { asFormError, statusOf } from "../api/client";
import { useAcceptInvitation, useInvitationPreview } from "../api/invitations";
import { Badge, roleTone } from "../components/Badge";
import { Button } from "../components/Button";
import { FormAlert, TextField } from "../components/Field";
import { LoadingState } from "../components/States";
import { formatDate, relativeTime, roleLabel, userTypeLabel } from "../lib/format";
import { formFields } from "../lib/form";

export function InvitePage() {
  const { token = "" } = useParams();
  const preview = useInvitationPreview(token);
  const me = useMaybeMe();
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  const here = `/invite/${token}`;
  const signInHref = `/signin?next=${encodeURIComponent(here)}`;
  const err = accept.error ? asFormError(accept.error) : undefined;

  function submit(body: { name?: string; password?: string }) {
    accept.mutate(body, {
      onSuccess: (res) => navigate(`/w/${res.workspace_id}/members`, { replace: true }),
      onError: (e) => {
        if (statusOf(e) === 401) navigate(signInHref);
      },
    });
  }

  if (preview.isPending || me.isPending) return <LoadingState label="Loading invitation…" />;

  if (preview.isError) {
    const gone = [404, 410].includes(statusOf(preview.error) ?? 0);
    return (
      <>
        <title>Invitation · Loupe</title>
        <h1>Invitation not valid</h1>
        <p role="alert" className="muted">
          {gone ? "This invitation link is invalid, was revoked, or has expired. Ask an admin for a new one." : asFormError(preview.error).message}
        </p>
        <div className="form-actions">
          <Link to="/" className="btn btn-secondary">
            Go to Loupe
          </Link>
        </div>
      </>
    );
  }

  const inv = preview.data;
  const user = me.isSuccess ? me.data.user : undefined;
  const signedInAsOther = !!user && user.email.toLowerCase() !== inv.email.toLowerCase();

  return (
    <>
      <title>{`Join ${inv.workspace_name} · Loupe`}</title>
      <h1>Join {inv.workspace_name}</h1>
      <p className="muted">
        You have been invited as <strong>{inv.email}</strong>.
      </p>
      <dl className="invite-facts">
        <div>
          <dt>Role</dt>
          <dd>
            <Badge tone={roleTone(inv.role)}>{roleLabel(inv.role)}</Badge>
          </dd>
        </div>
        <div>
          <dt>User type</dt>
          <dd>
            <Badge>{userTypeLabel(inv.user_type)}</Badge>
          </dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd title={formatDate(inv.expires_at)}>{relativeTime(inv.expires_at)}</dd>
        </div>
      </dl>

      {!inv.user_exists ? (
        <form
          className="form"
          noValidate
          onSubmit={(e: FormEvent<HTMLFormElement>) => {
            e.preventDefault();
            const f = formFields(e.currentTarget);
            submit({ name: f.name, password: f.password });
          }}
        >
          <p className="form-intro">Create your account to join.</p>
          <FormAlert message={err?.message} />
          <TextField name="name" label="Your name" required autoFocus autoComplete="name" error={err?.fields.name} />
          <TextField
            name="password"
            label="Password"
            type="password"
            required
            autoComplete="new-password"
            error={err?.fields.password}
            hint="At least 8 characters."
          />
          <Button type="submit" variant="primary" className="btn-block" pending={accept.isPending}>
            Accept invitation
          </Button>
        </form>
      ) : user ? (
        <div className="form">
          {signedInAsOther && (
            <p className="notice notice-warning">
              You are signed in as <strong>{user.email}</strong>, but this invitation is for <strong>{inv.email}</strong>.{" "}
              <Link to={signInHref}>Sign in as {inv.email}</Link>
            </p>
          )}
          <FormAlert message={err?.message} />
          <Button variant="primary" className="btn-block" pending={accept.isPending} onClick={() => submit({})}>
            Accept invitation
          </Button>
        </div>
      ) : (
        <div className="form">
          <p className="notice">You already have a Loupe account. Sign in as {inv.email} to accept.</p>
          <Link to={signInHref} className="btn btn-primary btn-block">
            Sign in to accept
          </Link>
        </div>
      )}
    </>
  );
}
