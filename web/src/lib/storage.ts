// Storage integrations: what each kind asks for, and the request bodies built
// from the form.
import type { BucketConfig, BucketCredentials, StorageKind } from "../api/client";

export const STORAGE_KINDS: readonly StorageKind[] = ["s3", "gcs", "azure"];

const kindLabels: Record<StorageKind, string> = {
  s3: "Amazon S3 or S3-compatible",
  gcs: "Google Cloud Storage",
  azure: "Azure Blob Storage",
};

const kindShort: Record<StorageKind, string> = { s3: "S3", gcs: "GCS", azure: "Azure" };

export function kindLabel(kind: string): string {
  return kindLabels[kind as StorageKind] ?? kind;
}

export function kindShortLabel(kind: string): string {
  return kindShort[kind as StorageKind] ?? kind;
}

/** The config fields each kind uses; path_style is a checkbox, the rest text. */
export const CONFIG_FIELDS: Record<StorageKind, readonly (keyof BucketConfig)[]> = {
  s3: ["bucket", "prefix", "region", "endpoint", "path_style"],
  gcs: ["bucket", "prefix"],
  azure: ["account", "bucket", "prefix", "endpoint"],
};

/** The credential fields each kind takes. */
export const CREDENTIAL_FIELDS: Record<StorageKind, readonly (keyof BucketCredentials)[]> = {
  s3: ["access_key_id", "secret_access_key"],
  gcs: ["service_account_json"],
  azure: ["account_key", "sas_token"],
};

/**
 * describeLocation says where an integration's files live, as a URL-like
 * string: s3://bucket/prefix, gs://bucket/prefix, azure://account/container/prefix.
 */
export function describeLocation(kind: string, c: BucketConfig): string {
  const prefix = (c.prefix ?? "").replace(/^\/+/, "");
  const path = (base: string) => (prefix ? `${base}/${prefix}` : base);
  switch (kind) {
    case "s3":
      return path(`s3://${c.bucket}`);
    case "gcs":
      return path(`gs://${c.bucket}`);
    case "azure":
      return path(`azure://${c.account || "?"}/${c.bucket}`);
    default:
      return path(c.bucket);
  }
}

/**
 * buildConfig picks the kind's config fields out of the form's values,
 * leaving out empty text.
 */
export function buildConfig(kind: StorageKind, values: Record<string, string>, pathStyle: boolean): BucketConfig {
  const out: BucketConfig = { bucket: values.bucket ?? "" };
  for (const f of CONFIG_FIELDS[kind]) {
    if (f === "path_style") {
      if (pathStyle) out.path_style = true;
    } else if (f !== "bucket" && values[f]) {
      out[f] = values[f];
    }
  }
  return out;
}

/**
 * How an integration authenticates: "new" sends the credentials typed in,
 * "environment" uses the server's (an IAM role, workload identity…), and
 * "keep" (edits only) leaves the stored ones alone.
 */
export type CredentialMode = "new" | "environment" | "keep";

export type Built<T> = { ok: true; value: T } | { ok: false; field: string; error: string };

/**
 * buildCredentials gives the `credentials` of a create or update body:
 * undefined leaves them out (on create: the environment's; on update: keep),
 * {} switches an existing integration to the environment's.
 */
export function buildCredentials(
  kind: StorageKind,
  values: Record<string, string>,
  mode: CredentialMode,
  forUpdate: boolean,
): Built<BucketCredentials | undefined> {
  if (mode === "keep") return { ok: true, value: undefined };
  if (mode === "environment") return { ok: true, value: forUpdate ? {} : undefined };
  const fields = CREDENTIAL_FIELDS[kind];
  const out: BucketCredentials = {};
  for (const f of fields) {
    // Secrets are taken as typed but for stray whitespace at the ends.
    const v = (values[f] ?? "").trim();
    if (v) out[f] = v;
  }
  if (Object.keys(out).length === 0) {
    return { ok: false, field: fields[0], error: "Enter the credentials, or use the server's environment." };
  }
  if (kind === "s3" && (!out.access_key_id || !out.secret_access_key)) {
    const field = out.access_key_id ? "secret_access_key" : "access_key_id";
    return { ok: false, field, error: "S3 needs both the access key ID and the secret access key." };
  }
  if (kind === "azure" && out.account_key && out.sas_token) {
    return { ok: false, field: "sas_token", error: "Give either an account key or a SAS token, not both." };
  }
  return { ok: true, value: out };
}

export const LOUPE_STORAGE = "Loupe storage (encrypted)";

/**
 * storageName says where a dataset keeps its files: Loupe's own storage (no
 * integration), the integration's name, or a plain fallback when the caller
 * may not list integrations.
 */
export function storageName(integrationId: string | null | undefined, integrations: readonly { id: string; name: string }[] | undefined): string {
  if (!integrationId) return LOUPE_STORAGE;
  return integrations?.find((g) => g.id === integrationId)?.name ?? "Workspace bucket";
}
