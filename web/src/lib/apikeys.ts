// The pure side of API keys: turning the form into a request, and describing keys in lists.
import type { APIKey, APIKeyAction, APIKeyScope } from "../api/client";

export type ScopeMode = "read_only" | "actions" | "full";

export const SCOPE_MODES: readonly { value: ScopeMode; label: string; hint: string }[] = [
  { value: "read_only", label: "Read-only", hint: "Sees what you see in the workspace; changes nothing." },
  { value: "actions", label: "Chosen actions", hint: "Only the actions you tick, and only those your role allows." },
  { value: "full", label: "Everything I may do", hint: "All your role allows in the workspace, today and after any change of your role." },
];

export type ExpiryChoice = "30" | "90" | "365" | "custom" | "never";

export const EXPIRY_CHOICES: readonly { value: ExpiryChoice; label: string }[] = [
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
  { value: "custom", label: "On a date…" },
  { value: "never", label: "Never (until revoked)" },
];

/** What the create form holds. */
export interface KeyDraft {
  name: string;
  workspaceId: string;
  expiry: ExpiryChoice;
  /** yyyy-mm-dd, for a custom expiry: the key works until the end of that day, local time. */
  expiryDate: string;
  mode: ScopeMode;
  actions: readonly string[];
}

/** The body of POST /api/v1/me/api-keys. */
export interface KeyRequest {
  name: string;
  workspace_id: string;
  expires_at?: string;
  scope?: { read_only?: boolean; actions?: string[] };
}

export type KeyRequestResult = { ok: true; body: KeyRequest } | { ok: false; fields: Record<string, string> };

const DAY = 24 * 60 * 60 * 1000;

/** expiryTime turns an expiry choice into the time the key stops working; null for never, undefined when the date is not valid. */
export function expiryTime(choice: ExpiryChoice, date: string, now: Date = new Date()): Date | null | undefined {
  switch (choice) {
    case "never":
      return null;
    case "custom": {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
      if (!m) return undefined;
      const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
      const day = new Date(y, mo, d);
      if (day.getFullYear() !== y || day.getMonth() !== mo || day.getDate() !== d) return undefined;
      return new Date(y, mo, d + 1);
    }
    default:
      return new Date(now.getTime() + Number(choice) * DAY);
  }
}

/**
 * keyRequest checks a draft the way the server will (so the form answers at
 * once) and returns the request body, or the fields at fault.
 */
export function keyRequest(d: KeyDraft, now: Date = new Date()): KeyRequestResult {
  const fields: Record<string, string> = {};
  const name = d.name.trim();
  if (!name) fields.name = "Give the key a name, such as the program that will use it.";
  else if ([...name].length > 100) fields.name = "At most 100 characters.";
  if (!d.workspaceId) fields.workspace_id = "Choose the workspace the key reaches.";
  const expires = expiryTime(d.expiry, d.expiryDate, now);
  if (expires === undefined) fields.expires_at = "Choose a date.";
  else if (expires && expires.getTime() <= now.getTime()) fields.expires_at = "Choose a date in the future.";
  if (d.mode === "actions" && d.actions.length === 0) fields.actions = "Tick at least one action, or choose another scope.";
  if (Object.keys(fields).length) return { ok: false, fields };
  const body: KeyRequest = { name, workspace_id: d.workspaceId };
  if (expires) body.expires_at = expires.toISOString();
  if (d.mode === "read_only") body.scope = { read_only: true };
  if (d.mode === "actions") body.scope = { actions: [...d.actions] };
  return { ok: true, body };
}

/** describeScope says in a few words what a key may do. */
export function describeScope(scope: APIKeyScope): string {
  const actions = scope.actions ?? [];
  if (scope.read_only) return "Read-only";
  if (actions.length === 0) return "Everything its owner may do";
  if (actions.length <= 3) return actions.join(", ");
  return `${actions.slice(0, 2).join(", ")} and ${actions.length - 2} more`;
}

export type KeyState = { label: string; tone: "neutral" | "warning" | "danger" };

/** keyState tells whether a key still works, and warns a week before it expires. */
export function keyState(k: Pick<APIKey, "expires_at">, now: Date = new Date()): KeyState {
  if (!k.expires_at) return { label: "No expiry", tone: "neutral" };
  const left = new Date(k.expires_at).getTime() - now.getTime();
  if (left <= 0) return { label: "Expired", tone: "danger" };
  if (left < 7 * DAY) return { label: "Expires soon", tone: "warning" };
  return { label: "Active", tone: "neutral" };
}

/** maskedKey shows a key as lists do: its prefix and no secret. */
export function maskedKey(prefix: string): string {
  return `loupe_${prefix}_…`;
}

export interface ActionGroup {
  resource: string;
  actions: APIKeyAction[];
}

/** groupActions sorts the policy's actions for the picker: by what they act on, reads first. */
export function groupActions(actions: readonly APIKeyAction[]): ActionGroup[] {
  const groups = new Map<string, APIKeyAction[]>();
  for (const a of actions) {
    const resource = a.action.split(".")[0];
    groups.set(resource, [...(groups.get(resource) ?? []), a]);
  }
  return [...groups.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([resource, list]) => ({
      resource,
      actions: [...list].sort((x, y) => Number(x.writes) - Number(y.writes) || x.action.localeCompare(y.action)),
    }));
}

/** toggled adds or removes one action of a chosen list, keeping the list's order. */
export function toggled(chosen: readonly string[], action: string, on: boolean): string[] {
  const rest = chosen.filter((a) => a !== action);
  return on ? [...rest, action] : rest;
}

/** curlExample shows how to call the API with a key. */
export function curlExample(origin: string, secret: string): string {
  return `curl -H "Authorization: Bearer ${secret}" ${origin}/api/v1/me`;
}
