// My account → API keys: create a key (shown once), see where each is used, revoke.
import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useAPIKeyActions, useCreateAPIKey, useMyAPIKeys, useRevokeMyAPIKey } from "../../api/apikeys";
import { asFormError, type APIKey, type CreatedAPIKey, type Membership } from "../../api/client";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { FormAlert, SelectField, TextField } from "../../components/Field";
import { LockIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../../components/States";
import { useToast } from "../../components/Toasts";
import {
  EXPIRY_CHOICES,
  SCOPE_MODES,
  curlExample,
  describeScope,
  groupActions,
  keyRequest,
  keyState,
  maskedKey,
  toggled,
  type ExpiryChoice,
  type KeyDraft,
  type ScopeMode,
} from "../../lib/apikeys";
import { formatDate, relativeTime } from "../../lib/format";

export function APIKeysSection({ memberships }: { memberships: Membership[] }) {
  const [created, setCreated] = useState<CreatedAPIKey | null>(null);
  return (
    <>
      <Card
        title="API keys"
        description="A key lets a program call Loupe's API as you, in one workspace: never more than you may do there, and less if you narrow its scope. If a workspace requires two-factor authentication, your keys for it work only while you have a second factor."
      >
        {created ? (
          <NewKeySecret created={created} onDone={() => setCreated(null)} />
        ) : memberships.length === 0 ? (
          <p className="notice">Join or create a workspace first: every key is bound to one.</p>
        ) : (
          <CreateKeyForm memberships={memberships} onCreated={setCreated} />
        )}
      </Card>
      <KeysCard memberships={memberships} />
    </>
  );
}

function CreateKeyForm({ memberships, onCreated }: { memberships: Membership[]; onCreated: (k: CreatedAPIKey) => void }) {
  const create = useCreateAPIKey();
  const [draft, setDraft] = useState<KeyDraft>({
    name: "",
    workspaceId: memberships[0]?.workspace.id ?? "",
    expiry: "90",
    expiryDate: "",
    mode: "read_only",
    actions: [],
  });
  const [fields, setFields] = useState<Record<string, string>>({});
  const actions = useAPIKeyActions(draft.mode === "actions");
  const serverErr = create.error ? asFormError(create.error) : undefined;
  const error = (f: string) => fields[f] ?? serverErr?.fields[f];
  const set = (patch: Partial<KeyDraft>) => setDraft((d) => ({ ...d, ...patch }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = keyRequest(draft);
    if (!r.ok) {
      setFields(r.fields);
      return;
    }
    setFields({});
    create.mutate(r.body, { onSuccess: onCreated });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="api-key-form">
      <FormAlert message={serverErr && Object.keys(serverErr.fields).length === 0 ? serverErr.message : undefined} />
      <div className="form-grid">
        <TextField
          name="name"
          label="Name"
          required
          maxLength={100}
          value={draft.name}
          onChange={(e) => set({ name: e.target.value })}
          error={error("name")}
          hint="What the key is for, such as “nightly export”."
        />
        <SelectField
          name="workspace_id"
          label="Workspace"
          value={draft.workspaceId}
          onChange={(e) => set({ workspaceId: e.target.value })}
          options={memberships.map((m) => ({ value: m.workspace.id, label: m.workspace.name }))}
          error={error("workspace_id")}
          hint="The only workspace the key reaches."
        />
        <SelectField
          name="expiry"
          label="Expires"
          value={draft.expiry}
          onChange={(e) => set({ expiry: e.target.value as ExpiryChoice })}
          options={EXPIRY_CHOICES}
          error={draft.expiry === "custom" ? undefined : error("expires_at")}
        />
        {draft.expiry === "custom" && (
          <TextField
            name="expiry_date"
            label="Last day it works"
            type="date"
            value={draft.expiryDate}
            onChange={(e) => set({ expiryDate: e.target.value })}
            error={error("expires_at")}
          />
        )}
      </div>
      <div className="field">
        <span className="field-label">Scope</span>
        <div className="segmented" role="radiogroup" aria-label="Scope">
          {SCOPE_MODES.map((m) => (
            <label key={m.value} className={m.value === draft.mode ? "segmented-option is-selected" : "segmented-option"}>
              <input
                type="radio"
                name="scope_mode"
                value={m.value}
                checked={m.value === draft.mode}
                onChange={() => set({ mode: m.value as ScopeMode })}
                className="visually-hidden"
              />
              {m.label}
            </label>
          ))}
        </div>
        <p className="field-hint">{SCOPE_MODES.find((m) => m.value === draft.mode)?.hint}</p>
        {error("scope") && <p className="field-error">{error("scope")}</p>}
      </div>
      {draft.mode === "actions" && (
        <div className="field" data-testid="scope-actions">
          {actions.isPending ? (
            <LoadingState label="Loading actions…" />
          ) : actions.isError ? (
            <ErrorState error={actions.error} onRetry={() => void actions.refetch()} />
          ) : (
            groupActions(actions.data).map((g) => (
              <fieldset key={g.resource} className="fieldset">
                <legend className="field-label">{g.resource}</legend>
                <div className="form-grid">
                  {g.actions.map((a) => (
                    <label key={a.action} className="check">
                      <input
                        type="checkbox"
                        name="actions"
                        value={a.action}
                        checked={draft.actions.includes(a.action)}
                        onChange={(e) => set({ actions: toggled(draft.actions, a.action, e.target.checked) })}
                      />
                      <span>
                        <span className="check-label">
                          <span className="mono">{a.action}</span> {a.writes && <Badge tone="warning">changes things</Badge>}
                        </span>
                        <span className="field-hint">May {a.description}.</span>
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ))
          )}
          {error("actions") && <p className="field-error">{error("actions")}</p>}
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create key
        </Button>
      </div>
    </form>
  );
}

function NewKeySecret({ created, onDone }: { created: CreatedAPIKey; onDone: () => void }) {
  return (
    <div className="invite-result" role="status" data-testid="new-api-key">
      <p>
        <strong>Copy “{created.name}” now.</strong> Loupe keeps only a hash of it: once you leave, nobody can show it again.
      </p>
      <div className="copy-row">
        <code className="copy-text" data-testid="api-key-secret">
          {created.secret}
        </code>
        <CopyButton text={created.secret} />
      </div>
      <p className="field-hint">
        Send it as <code>Authorization: Bearer …</code>, for example <code className="break-all">{curlExample(window.location.origin, "$LOUPE_KEY")}</code>
      </p>
      <div className="form-actions">
        <Button variant="primary" onClick={onDone}>
          I have saved it
        </Button>
      </div>
    </div>
  );
}

function KeysCard({ memberships }: { memberships: Membership[] }) {
  const keys = useMyAPIKeys();
  const revoke = useRevokeMyAPIKey();
  const toast = useToast();
  const [revoking, setRevoking] = useState<APIKey | null>(null);
  const workspaceName = (id: string) => memberships.find((m) => m.workspace.id === id)?.workspace.name ?? "another workspace";
  const adminOf = memberships.filter((m) => m.role === "admin");

  let body;
  if (keys.isPending) body = <LoadingState label="Loading API keys…" />;
  else if (keys.isError) body = <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  else if (keys.items.length === 0)
    body = (
      <EmptyState icon={<LockIcon />} title="No API keys">
        Keys you create appear here, with where they were last used.
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Key</th>
                <th>Workspace</th>
                <th>Scope</th>
                <th>Last used</th>
                <th>Expires</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.items.map((k) => (
                <KeyRow key={k.id} k={k} workspace={workspaceName(k.workspace_id)} onRevoke={() => setRevoking(k)} />
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...keys} />
      </>
    );

  return (
    <Card
      title="Your API keys"
      description={
        adminOf.length > 0 && (
          <>
            As an admin you also see every member&rsquo;s keys:{" "}
            {adminOf.map((m, i) => (
              <span key={m.workspace.id}>
                {i > 0 && ", "}
                <Link to={`/w/${m.workspace.id}/api-keys`}>{m.workspace.name}</Link>
              </span>
            ))}
            .
          </>
        )
      }
      flush
    >
      {body}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error ? asFormError(revoke.error).message : undefined}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking, {
            onSuccess: () => {
              toast.success(`Revoked ${revoking.name}`);
              setRevoking(null);
            },
          })
        }
      >
        Programs that use <code>{revoking && maskedKey(revoking.prefix)}</code> get “401 this API key was revoked” from their next call. This
        cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}

/** KeyRow is one key in a table; the workspace admins' page shows its owner too. */
export function KeyRow({ k, workspace, owner, onRevoke }: { k: APIKey; workspace?: string; owner?: string; onRevoke: () => void }) {
  const state = keyState(k);
  return (
    <tr data-key-prefix={k.prefix}>
      <td>
        <div className="row-title">{k.name}</div>
        <code className="muted small">{maskedKey(k.prefix)}</code>
        <div className="small muted" title={formatDate(k.created_at)}>
          created {relativeTime(k.created_at)}
        </div>
      </td>
      {owner !== undefined && <td>{owner}</td>}
      {workspace !== undefined && <td>{workspace}</td>}
      <td>{describeScope(k.scope)}</td>
      <td className="cell-muted cell-nowrap" title={formatDate(k.last_used_at)}>
        {k.last_used_at ? (
          <>
            {relativeTime(k.last_used_at)}
            <div className="small">from {k.last_used_ip || "an unknown address"}</div>
          </>
        ) : (
          "Never"
        )}
      </td>
      <td className="cell-nowrap" title={formatDate(k.expires_at)}>
        {k.expires_at ? relativeTime(k.expires_at) : "—"} {state.tone !== "neutral" && <Badge tone={state.tone}>{state.label}</Badge>}
        {k.current && <Badge tone="success">This key</Badge>}
      </td>
      <td className="cell-actions">
        <Button size="sm" variant="danger-ghost" onClick={onRevoke}>
          Revoke
        </Button>
      </td>
    </tr>
  );
}
