import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { asFormError, type Workspace } from "../api/client";
import { useUpdateWorkspace, useWorkspace, type WorkspacePatch } from "../api/workspaces";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { FormAlert, TextField } from "../components/Field";
import { TagInput } from "../components/TagInput";
import { ErrorState, LoadingState } from "../components/States";
import { useToast } from "../components/Toasts";
import { splitDomains } from "../lib/domains";
import { formatDate } from "../lib/format";
import { can } from "../lib/permissions";
import { SSOSection } from "./settings/SSOSection";

export function SettingsPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const ws = useWorkspace(workspaceId);
  let body;
  if (ws.isPending) body = <LoadingState label="Loading settings…" />;
  else if (ws.isError) body = <ErrorState error={ws.error} onRetry={() => void ws.refetch()} />;
  else body = <SettingsForm key={ws.data.id} workspace={ws.data} canEdit={can(role, "workspace.edit")} />;
  return (
    <div className="page page-narrow">
      <PageHeader title="Workspace settings" />
      {body}
      {can(role, "workspace.edit") && <SSOSection workspaceId={workspaceId} />}
    </div>
  );
}

function SettingsForm({ workspace, canEdit }: { workspace: Workspace; canEdit: boolean }) {
  const update = useUpdateWorkspace(workspace.id);
  const toast = useToast();
  const [name, setName] = useState(workspace.name);
  const [domains, setDomains] = useState<string[]>(workspace.email_domains ?? []);
  const [isWorkforce, setIsWorkforce] = useState(workspace.is_workforce);
  const [mfaRequired, setMFARequired] = useState(workspace.mfa_required);
  // Shown in minutes: links live from a minute to a day.
  const [linkMinutes, setLinkMinutes] = useState(String(Math.round(workspace.signed_url_lifetime_seconds / 60)));
  const [domainError, setDomainError] = useState("");
  const err = update.error ? asFormError(update.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // Text still in the domain box counts, as if Enter had been pressed.
    const draft = (new FormData(e.currentTarget).get("email_domains") as string | null) ?? "";
    const { added, invalid } = splitDomains(draft, domains);
    if (invalid.length) {
      setDomainError(`Not a valid domain: ${invalid.join(", ")}`);
      return;
    }
    setDomainError("");
    const allDomains = [...domains, ...added];
    if (added.length) setDomains(allDomains);
    // The API's body takes mfa_required too; the shared patch type does not name it yet.
    const patch: WorkspacePatch & { mfa_required?: boolean } = {
      name: name.trim(),
      email_domains: allDomains,
      is_workforce: isWorkforce,
      signed_url_lifetime_seconds: Math.round(Number(linkMinutes) * 60),
      mfa_required: mfaRequired,
    };
    update.mutate(
      patch,
      {
        onSuccess: (saved) => {
          // Show what the server kept (it may normalize names and domains).
          setName(saved.name);
          setDomains(saved.email_domains ?? []);
          setIsWorkforce(saved.is_workforce);
          setMFARequired(saved.mfa_required);
          setLinkMinutes(String(Math.round(saved.signed_url_lifetime_seconds / 60)));
          toast.success("Workspace settings saved");
        },
      },
    );
  }

  return (
    <Card>
      <form className="form" onSubmit={onSubmit} noValidate>
        {!canEdit && <p className="notice">Only workspace admins can change these settings.</p>}
        <FormAlert message={err?.message} />
        <fieldset className="fieldset" disabled={!canEdit || update.isPending}>
          <TextField name="name" label="Workspace name" required value={name} onChange={(e) => setName(e.target.value)} error={err?.fields.name} />
          <TagInput
            name="email_domains"
            label="Email domains"
            value={domains}
            onChange={(d) => {
              setDomains(d);
              setDomainError("");
            }}
            error={domainError || err?.fields.email_domains}
            placeholder="example.com"
            hint="People who sign up with an email at these domains join this workspace as internal members. Press Enter to add."
            disabled={!canEdit}
          />
          <div className="field field-check">
            <label className="check">
              <input type="checkbox" name="is_workforce" checked={isWorkforce} onChange={(e) => setIsWorkforce(e.target.checked)} />
              <span>
                <span className="check-label">Workforce workspace</span>
                <span className="field-hint">
                  This workspace supplies taskers to other workspaces: its internal members join other workspaces&rsquo;
                  projects as workforce members.
                </span>
              </span>
            </label>
            {err?.fields.is_workforce && <p className="field-error">{err.fields.is_workforce}</p>}
          </div>
          <div className="field field-check">
            <label className="check">
              <input type="checkbox" name="mfa_required" checked={mfaRequired} onChange={(e) => setMFARequired(e.target.checked)} />
              <span>
                <span className="check-label">Require two-factor authentication</span>
                <span className="field-hint">
                  Members without an authenticator app or a passkey can reach nothing of this workspace until they add one: they are
                  sent to set it up, and their API keys for this workspace stop working until then. You need a second factor yourself
                  first (on your <Link to="/account">account page</Link>).
                </span>
              </span>
            </label>
            {err?.fields.mfa_required && <p className="field-error">{err.fields.mfa_required}</p>}
          </div>
          <TextField
            name="signed_url_lifetime_minutes"
            label="File link lifetime (minutes)"
            type="number"
            min={1}
            max={1440}
            value={linkMinutes}
            onChange={(e) => setLinkMinutes(e.target.value)}
            hint="How long the links that let a browser open a file stay valid: 1 to 1440 minutes (a day)."
            error={err?.fields.signed_url_lifetime_seconds}
          />
        </fieldset>
        <div className="form-actions form-actions-split">
          <span className="muted small">Last changed {formatDate(workspace.updated_at)}</span>
          {canEdit && (
            <Button type="submit" variant="primary" pending={update.isPending}>
              Save
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
