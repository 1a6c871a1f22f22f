// Reading submitted forms.

/** formFields returns a form's text fields as trimmed strings (passwords untrimmed). */
export function formFields(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  const fd = new FormData(form);
  for (const [k, v] of fd.entries()) {
    if (typeof v !== "string") continue;
    out[k] = /password/.test(k) ? v : v.trim();
  }
  return out;
}
