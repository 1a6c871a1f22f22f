// Imports register the objects already in a dataset's bucket. The server runs
// them as jobs; these helpers decide when to poll one and how to describe it.
import type { Import } from "../api/client";
import { formatDuration, plural } from "./format";

export type ImportStatus = Import["status"];

/** How often a queued or running import is asked for its progress. */
export const POLL_MS = 1000;

/** How many imports the server lists: its most recent. */
export const RECENT_IMPORTS = 20;

/** isActive reports whether an import's job has yet to finish. */
export function isActive(status: ImportStatus): boolean {
  return status === "queued" || status === "running";
}

/** pollDelay gives TanStack Query's refetchInterval: every second until the job is done or failed. */
export function pollDelay(status: ImportStatus | undefined): number | false {
  return status && isActive(status) ? POLL_MS : false;
}

/** justFinished reports whether an import went from queued or running to done or failed. */
export function justFinished(before: ImportStatus | undefined, after: ImportStatus): boolean {
  return !!before && isActive(before) && !isActive(after);
}

/**
 * upsertImport puts a fresh copy of an import into a list, newest first: in
 * place of the old one, or at the top when new. The list keeps the server's
 * length (its most recent 20).
 */
export function upsertImport(list: readonly Import[] | undefined, imp: Import, max = RECENT_IMPORTS): Import[] {
  const old = list ?? [];
  if (old.some((i) => i.id === imp.id)) return old.map((i) => (i.id === imp.id ? imp : i));
  const next = [imp, ...old].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  return next.slice(0, Math.max(max, 1));
}

const statusLabels: Record<ImportStatus, string> = { queued: "Queued", running: "Running", done: "Done", failed: "Failed" };

export function importStatusLabel(status: string): string {
  return statusLabels[status as ImportStatus] ?? status;
}

/** importSourceLabel says what an import registers: "Prefix images/2024/", "Whole bucket", "Manifest". */
export function importSourceLabel(imp: Pick<Import, "source" | "prefix">): string {
  if (imp.source === "manifest") return "Manifest";
  return imp.prefix ? `Prefix ${imp.prefix}` : "Whole bucket";
}

export interface ImportCount {
  key: "seen" | "added" | "existing" | "failed";
  label: string;
  value: number;
}

/**
 * importCounts lists an import's counts as shown: what it read, what it
 * added, what was already there and what it refused.
 */
export function importCounts(imp: Pick<Import, "source" | "seen" | "added" | "existing" | "failed">): ImportCount[] {
  return [
    { key: "seen", label: imp.source === "manifest" ? "lines read" : "objects seen", value: imp.seen },
    { key: "added", label: "added", value: imp.added },
    { key: "existing", label: "already there", value: imp.existing },
    { key: "failed", label: "refused", value: imp.failed },
  ];
}

/** formatCount shows a count with thousands separators: 12345 → "12,345". */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.max(0, Math.round(n)).toLocaleString("en") : "0";
}

/**
 * importSummary says in one line where an import stands: "Waiting to start",
 * "1,000 objects seen so far", "Added 980 of 1,000 objects seen; 20 already there".
 */
export function importSummary(imp: Pick<Import, "source" | "status" | "seen" | "added" | "existing" | "failed" | "error">): string {
  const unit = imp.source === "manifest" ? "line" : "object";
  if (imp.status === "queued") return "Waiting to start";
  if (imp.status === "running") {
    return imp.seen === 0 ? "Starting…" : `${plural(imp.seen, unit)} read so far, ${formatCount(imp.added)} added`;
  }
  if (imp.seen === 0) {
    if (imp.status === "failed") return "Failed before reading anything";
    return imp.source === "manifest" ? "The manifest named nothing" : "Nothing under this prefix";
  }
  const parts = [`Added ${formatCount(imp.added)} of ${plural(imp.seen, unit)}`];
  if (imp.existing > 0) parts.push(`${formatCount(imp.existing)} already there`);
  if (imp.failed > 0) parts.push(`${formatCount(imp.failed)} refused`);
  return parts.join("; ");
}

/**
 * importProgress gives the bar's fill in percent when the total is known (a
 * manifest counted before upload), or null for an indeterminate bar.
 */
export function importProgress(imp: Pick<Import, "status" | "seen">, total: number | undefined): number | null {
  if (!isActive(imp.status)) return 100;
  if (imp.status === "queued") return total ? 0 : null;
  if (!total || total <= 0) return null;
  return Math.min(100, Math.floor((imp.seen / total) * 100));
}

/** importDuration says how long a finished import took, or "" while it runs. */
export function importDuration(imp: Pick<Import, "created_at" | "finished_at">): string {
  if (!imp.finished_at) return "";
  const ms = Date.parse(imp.finished_at) - Date.parse(imp.created_at);
  return Number.isFinite(ms) && ms >= 0 ? formatDuration(ms) : "";
}

/**
 * refusedNote explains a list of refusals cut short: the server keeps the
 * first 100 reasons. It is "" when every refused row is listed.
 */
export function refusedNote(imp: Pick<Import, "failed" | "errors">): string {
  const shown = imp.errors?.length ?? 0;
  if (imp.failed <= shown) return "";
  return `The first ${formatCount(shown)} of ${formatCount(imp.failed)} refused rows are listed.`;
}
