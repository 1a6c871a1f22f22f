// Turning RFC 9457 problem+json bodies into something a form can show.

/** One entry of a problem's `errors` array (huma's ErrorDetail). */
export interface ProblemDetail {
  message?: string;
  location?: string;
  value?: unknown;
}

/** An RFC 9457 problem document as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: ProblemDetail[];
}

/** What a form shows: one message for the whole form, and one per field. */
export interface FormError {
  message: string;
  fields: Record<string, string>;
}

export const GENERIC_ERROR = "Something went wrong. Please try again.";

/**
 * fieldKey maps a problem location to a form field name: the last dotted
 * segment, without array indices. "body.email" → "email",
 * "body.email_domains[2]" → "email_domains", "body" → "".
 */
export function fieldKey(location: string | undefined): string {
  if (!location) return "";
  const parts = location.split(".");
  if (parts.length < 2) return "";
  return parts[parts.length - 1].replace(/\[\d*\]/g, "");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** isProblem reports whether v looks like a problem document. */
export function isProblem(v: unknown): v is Problem {
  return isRecord(v) && (typeof v.title === "string" || typeof v.detail === "string" || Array.isArray(v.errors));
}

/**
 * toFormError turns whatever an API call failed with (a problem document, a
 * plain string body, an Error, nothing) into a FormError. Field errors are keyed
 * by fieldKey(location); errors without a field go into the form-level message.
 */
export function toFormError(err: unknown, fallback: string = GENERIC_ERROR): FormError {
  if (typeof err === "string") {
    const s = err.trim();
    return { message: s && s.length < 300 && !s.startsWith("<") ? s : fallback, fields: {} };
  }
  if (err instanceof Error) {
    return { message: err.message || fallback, fields: {} };
  }
  if (!isProblem(err)) return { message: fallback, fields: {} };

  const fields: Record<string, string> = {};
  const loose: string[] = [];
  for (const e of err.errors ?? []) {
    if (!isRecord(e)) continue;
    const msg = typeof e.message === "string" ? e.message : "";
    if (!msg) continue;
    const key = fieldKey(typeof e.location === "string" ? e.location : undefined);
    if (key) {
      fields[key] = fields[key] ? `${fields[key]}; ${msg}` : msg;
    } else {
      loose.push(msg);
    }
  }
  let message = err.detail || err.title || fallback;
  if (loose.length) message = `${message}: ${loose.join("; ")}`;
  return { message, fields };
}
