// Small, pure formatting helpers.
import type { Role, UserType } from "../api/client";

export const ROLES: readonly Role[] = ["admin", "workforce_manager", "member", "tasker"];
export const USER_TYPES: readonly UserType[] = ["internal", "workforce", "external"];

const roleLabels: Record<Role, string> = {
  admin: "Admin",
  workforce_manager: "Workforce manager",
  member: "Member",
  tasker: "Tasker",
};

const userTypeLabels: Record<UserType, string> = {
  internal: "Internal",
  workforce: "Workforce",
  external: "External",
};

export function roleLabel(role: string): string {
  return roleLabels[role as Role] ?? humanize(role);
}

export function userTypeLabel(t: string): string {
  return userTypeLabels[t as UserType] ?? humanize(t);
}

/** humanize turns "snake_case" into "Snake case". */
export function humanize(s: string): string {
  const t = s.replace(/_/g, " ").trim();
  return t ? t[0].toUpperCase() + t.slice(1) : t;
}

/** initials gives up to two letters for an avatar: "Ada Lovelace" → "AL". */
export function initials(name: string, email = ""): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return (first(words[0]) + first(words[words.length - 1])).toUpperCase();
  if (words.length === 1) return first(words[0]).toUpperCase();
  return first(email).toUpperCase() || "?";
}

function first(s: string): string {
  return Array.from(s)[0] ?? "";
}

/** formatDate shows an RFC 3339 time as a short local date and time. */
export function formatDate(iso: string | null | undefined, locale?: string): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return d.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * relativeTime says how far an RFC 3339 time is from now: "3 hours ago",
 * "in 2 days", "just now".
 */
export function relativeTime(iso: string | null | undefined, now: Date = new Date(), locale = "en"): string {
  if (!iso) return "—";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "—";
  const diff = Math.round((t - now.getTime()) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return "just now";
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, secs] of units) {
    if (abs >= secs) return rtf.format(Math.round(diff / secs), unit);
  }
  return rtf.format(Math.round(diff / 60), "minute");
}

/**
 * describeUserAgent reduces a User-Agent header to "Browser on OS" for the
 * sessions table; unknown agents come back shortened.
 */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return "Unknown device";
  const browser =
    /Edg\//.test(ua) ? "Edge"
    : /OPR\/|Opera/.test(ua) ? "Opera"
    : /Firefox\//.test(ua) ? "Firefox"
    : /Chrome\/|Chromium\//.test(ua) ? "Chrome"
    : /Safari\//.test(ua) ? "Safari"
    : /curl\//.test(ua) ? "curl"
    : "";
  const os =
    /Windows/.test(ua) ? "Windows"
    : /iPhone|iPad|iOS/.test(ua) ? "iOS"
    : /Mac OS X|Macintosh/.test(ua) ? "macOS"
    : /Android/.test(ua) ? "Android"
    : /CrOS/.test(ua) ? "ChromeOS"
    : /Linux/.test(ua) ? "Linux"
    : "";
  if (browser && os) return `${browser} on ${os}`;
  if (browser || os) return browser || os;
  return ua.length > 40 ? `${ua.slice(0, 40)}…` : ua;
}

interface PersonLike {
  id?: string;
  name?: string;
  email?: string;
}

/**
 * personLabel names a user given either a user object ({id, email, name}) or
 * just an id, looked up in `known`; it falls back to "—".
 */
export function personLabel(who: unknown, known: readonly PersonLike[] = []): string {
  let p: PersonLike | undefined;
  if (typeof who === "string") p = known.find((k) => k.id === who);
  else if (who && typeof who === "object") p = who as PersonLike;
  return p?.name || p?.email || "—";
}

const byteUnits = ["KB", "MB", "GB", "TB", "PB"];

/**
 * formatBytes shows a size in bytes with binary multiples: 512 → "512 B",
 * 1536 → "1.5 KB", 5_242_880 → "5 MB". One decimal below 10, none above.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let v = bytes;
  let unit = "B";
  for (const u of byteUnits) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  const shown = v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
  // 1023.9 KB rounds to 1024 KB: say 1 MB instead.
  if (shown >= 1024 && unit !== byteUnits[byteUnits.length - 1]) return `1 ${byteUnits[byteUnits.indexOf(unit) + 1]}`;
  return `${shown} ${unit}`;
}

/**
 * formatDuration shows milliseconds as a clock: 65_000 → "1:05",
 * 3_723_000 → "1:02:03"; under a second, "0.4 s".
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms > 0 && ms < 1000) return `${Math.round(ms / 100) / 10} s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** plural picks "1 item" or "3 items". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
