import { useRef, type FormEvent } from "react";
import { useMe } from "../api/auth";
import { useChangePassword, useRevokeSession, useSessions, useUpdateProfile } from "../api/account";
import { asFormError, type User } from "../api/client";
import { useLeaveToSignIn } from "../app/useLeaveToSignIn";
import { Badge } from "../components/Badge";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { FormAlert, TextField } from "../components/Field";
import { MonitorIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { useToast } from "../components/Toasts";
import { describeUserAgent, formatDate, relativeTime } from "../lib/format";
import { formFields } from "../lib/form";
import { MFASection } from "./account/MFASection";
import { APIKeysSection } from "./account/APIKeysSection";

export function AccountPage() {
  const me = useMe();
  if (!me.data) return <LoadingState />;
  return (
    <div className="page page-narrow">
      <PageHeader title="Account" description="Your profile, password and where you are signed in." />
      <ProfileCard key={me.data.user.id} user={me.data.user} />
      <PasswordCard />
      <MFASection email={me.data.user.email} />
      <SessionsCard />
      <APIKeysSection memberships={me.data.memberships} />
    </div>
  );
}

function ProfileCard({ user }: { user: User }) {
  const update = useUpdateProfile();
  const toast = useToast();
  const err = update.error ? asFormError(update.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name } = formFields(e.currentTarget);
    update.mutate({ name }, { onSuccess: () => toast.success("Profile saved") });
  }

  return (
    <Card title="Profile">
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} />
        <div className="field">
          <span className="field-label">Email</span>
          <span className="field-static">{user.email}</span>
        </div>
        <TextField name="name" label="Name" required defaultValue={user.name} autoComplete="name" error={err?.fields.name} />
        <div className="form-actions">
          <Button type="submit" variant="primary" pending={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordCard() {
  const change = useChangePassword();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const err = change.error ? asFormError(change.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = formFields(e.currentTarget);
    change.mutate(
      { current_password: f.current_password, new_password: f.new_password },
      {
        onSuccess: () => {
          formRef.current?.reset();
          toast.success("Password changed");
        },
      },
    );
  }

  return (
    <Card title="Password">
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} />
        <input type="text" name="username" autoComplete="username" hidden readOnly />
        <TextField
          name="current_password"
          label="Current password"
          type="password"
          required
          autoComplete="current-password"
          error={err?.fields.current_password}
        />
        <TextField
          name="new_password"
          label="New password"
          type="password"
          required
          autoComplete="new-password"
          error={err?.fields.new_password}
          hint="At least 8 characters."
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" pending={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}

function SessionsCard() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const toast = useToast();
  const leave = useLeaveToSignIn();

  let body;
  if (sessions.isPending) body = <LoadingState label="Loading sessions…" />;
  else if (sessions.isError) body = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  else if (sessions.items.length === 0) body = <EmptyState icon={<MonitorIcon />} title="No active sessions" />;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Device</th>
                <th>Last active</th>
                <th>Expires</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.items.map((s) => (
                <tr key={s.id} data-session={s.id} data-current={s.current || undefined}>
                  <td>
                    <div className="device" title={s.user_agent}>
                      <MonitorIcon />
                      <div>
                        <div className="device-name">
                          {describeUserAgent(s.user_agent)}
                          {s.current && <Badge tone="success">This device</Badge>}
                        </div>
                        <div className="device-meta">
                          {s.ip || "unknown address"} · signed in {formatDate(s.created_at)}
                        </div>
                      </div>
                    </div>
                  </td>
                  <td className="cell-muted cell-nowrap" title={formatDate(s.last_seen_at)}>
                    {relativeTime(s.last_seen_at)}
                  </td>
                  <td className="cell-muted cell-nowrap" title={formatDate(s.expires_at)}>
                    {relativeTime(s.expires_at)}
                  </td>
                  <td className="cell-actions">
                    <Button
                      size="sm"
                      variant="danger-ghost"
                      pending={revoke.isPending && revoke.variables?.id === s.id}
                      title={s.current ? "Revoking this session signs you out" : undefined}
                      onClick={() =>
                        revoke.mutate(
                          { id: s.id, current: s.current },
                          {
                            onSuccess: () => {
                              if (s.current) leave();
                              else toast.success("Session revoked");
                            },
                          },
                        )
                      }
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...sessions} />
      </>
    );

  return (
    <Card title="Sessions" description="Browsers and devices signed in to your account. Revoking this device signs you out." flush>
      {revoke.error && (
        <div className="card-alert">
          <FormAlert message={asFormError(revoke.error).message} />
        </div>
      )}
      {body}
    </Card>
  );
}
