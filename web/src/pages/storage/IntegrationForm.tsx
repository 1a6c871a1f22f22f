import { useState, type FormEvent } from "react";
import { asFormError, type Integration, type StorageKind } from "../../api/client";
import { useCreateIntegration, useUpdateIntegration } from "../../api/storage";
import { Button } from "../../components/Button";
import { FormAlert, SelectField, TextAreaField, TextField } from "../../components/Field";
import { formFields } from "../../lib/form";
import { buildConfig, buildCredentials, kindLabel, STORAGE_KINDS, type CredentialMode } from "../../lib/storage";

interface IntegrationFormProps {
  workspaceId: string;
  /** The integration to edit; without it the form adds one. */
  integration?: Integration;
  onSaved: (g: Integration) => void;
  onCancel?: () => void;
}

/**
 * IntegrationForm adds or edits a storage integration. Its fields follow the
 * kind; stored credentials are never shown, only kept, replaced or dropped.
 */
export function IntegrationForm({ workspaceId, integration, onSaved, onCancel }: IntegrationFormProps) {
  const create = useCreateIntegration(workspaceId);
  const update = useUpdateIntegration(workspaceId);
  const save = integration ? update : create;
  const [kind, setKind] = useState<StorageKind>(integration?.kind ?? "s3");
  const [pathStyle, setPathStyle] = useState(integration?.config.path_style ?? false);
  const [mode, setMode] = useState<CredentialMode>(integration ? (integration.has_credentials ? "keep" : "environment") : "new");
  const [local, setLocal] = useState<{ field: string; error: string } | null>(null);
  const err = save.error ? asFormError(save.error) : undefined;
  const fieldError = (f: string) => (local?.field === f ? local.error : err?.fields[f]);
  const c = integration?.config;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const values = formFields(form);
    const creds = buildCredentials(kind, values, mode, !!integration);
    if (!creds.ok) {
      setLocal({ field: creds.field, error: creds.error });
      return;
    }
    setLocal(null);
    const config = buildConfig(kind, values, pathStyle);
    const done = { onSuccess: (g: Integration) => onSaved(g) };
    if (integration) update.mutate({ id: integration.id, name: values.name, config, credentials: creds.value }, done);
    else
      create.mutate({ name: values.name, kind, config, credentials: creds.value }, {
        onSuccess: (g) => {
          form.reset();
          setMode("new");
          setPathStyle(false);
          onSaved(g);
        },
      });
  }

  const modes = [
    ...(integration?.has_credentials ? [{ value: "keep", label: "Keep the stored credentials" }] : []),
    { value: "new", label: integration?.has_credentials ? "Replace them with new ones" : "Enter credentials" },
    { value: "environment", label: "Use the server's environment (IAM role, workload identity…)" },
  ];

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert message={err?.message} />
      <div className="form-grid">
        <TextField name="name" label="Name" required defaultValue={integration?.name} placeholder="Raw camera data" error={fieldError("name")} />
        <SelectField
          name="kind"
          label="Kind"
          value={kind}
          disabled={!!integration}
          onChange={(e) => {
            setKind(e.target.value as StorageKind);
            setLocal(null);
          }}
          options={STORAGE_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          error={fieldError("kind")}
        />
        {kind === "azure" && (
          <TextField name="account" label="Storage account" required defaultValue={c?.account} error={fieldError("account")} />
        )}
        <TextField
          name="bucket"
          label={kind === "azure" ? "Container" : "Bucket"}
          required
          defaultValue={c?.bucket}
          error={fieldError("bucket")}
        />
        <TextField
          name="prefix"
          label="Prefix"
          defaultValue={c?.prefix}
          placeholder="loupe/"
          hint="Optional: Loupe keeps to keys under it."
          error={fieldError("prefix")}
        />
        {kind === "s3" && (
          <TextField name="region" label="Region" defaultValue={c?.region} placeholder="eu-west-1" error={fieldError("region")} />
        )}
        {(kind === "s3" || kind === "azure") && (
          <TextField
            name="endpoint"
            label="Endpoint"
            defaultValue={c?.endpoint}
            placeholder={kind === "s3" ? "https://minio.example.com" : "https://account.blob.core.windows.net"}
            hint={kind === "s3" ? "Only for S3-compatible servers (MinIO, Ceph…); empty for AWS." : "Optional: empty for Azure's public cloud."}
            error={fieldError("endpoint")}
          />
        )}
      </div>
      {kind === "s3" && (
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" name="path_style" checked={pathStyle} onChange={(e) => setPathStyle(e.target.checked)} />
            <span>
              <span className="check-label">Path-style addressing</span>
              <span className="field-hint">Most S3-compatible servers need it.</span>
            </span>
          </label>
          {fieldError("path_style") && <p className="field-error">{fieldError("path_style")}</p>}
        </div>
      )}
      <SelectField
        name="credentials_mode"
        label="Credentials"
        value={mode}
        onChange={(e) => {
          setMode(e.target.value as CredentialMode);
          setLocal(null);
        }}
        options={modes}
        hint={integration?.has_credentials ? "Stored credentials are sealed and never shown." : undefined}
      />
      {mode === "new" && <CredentialFields kind={kind} error={fieldError} />}
      <div className="form-actions">
        {onCancel && (
          <Button onClick={onCancel} disabled={save.isPending}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" pending={save.isPending}>
          {integration ? "Save" : "Add storage"}
        </Button>
      </div>
    </form>
  );
}

function CredentialFields({ kind, error }: { kind: StorageKind; error: (f: string) => string | undefined }) {
  const secret = { type: "password", autoComplete: "new-password", spellCheck: false } as const;
  if (kind === "gcs") {
    return (
      <TextAreaField
        name="service_account_json"
        label="Service account key (JSON)"
        rows={6}
        spellCheck={false}
        placeholder='{"type": "service_account", …}'
        error={error("service_account_json")}
      />
    );
  }
  if (kind === "azure") {
    return (
      <div className="form-grid">
        <TextField name="account_key" label="Account key" {...secret} error={error("account_key")} hint="Or a SAS token, not both." />
        <TextField name="sas_token" label="SAS token" {...secret} error={error("sas_token")} />
      </div>
    );
  }
  return (
    <div className="form-grid">
      <TextField name="access_key_id" label="Access key ID" autoComplete="off" spellCheck={false} error={error("access_key_id")} />
      <TextField name="secret_access_key" label="Secret access key" {...secret} error={error("secret_access_key")} />
    </div>
  );
}
