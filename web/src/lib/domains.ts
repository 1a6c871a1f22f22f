// Email-domain parsing for the settings tag editor.

const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * normalizeDomain trims, lower-cases and strips a leading "@" or "*." so that
 * "@Example.COM" becomes "example.com". It returns "" for anything that is
 * not a plausible domain name.
 */
export function normalizeDomain(input: string): string {
  let d = input.trim().toLowerCase();
  if (d.startsWith("@")) d = d.slice(1);
  if (d.startsWith("*.")) d = d.slice(2);
  if (d.endsWith(".")) d = d.slice(0, -1);
  if (d.length === 0 || d.length > 253) return "";
  const parts = d.split(".");
  if (parts.length < 2) return "";
  if (!parts.every((p) => label.test(p))) return "";
  if (/^\d+$/.test(parts[parts.length - 1])) return "";
  return d;
}

/**
 * splitDomains parses text typed or pasted into the editor (separated by
 * commas, semicolons or whitespace) into valid, new domains and the rejects.
 */
export function splitDomains(text: string, existing: readonly string[] = []): { added: string[]; invalid: string[] } {
  const seen = new Set(existing);
  const added: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    if (!raw) continue;
    const d = normalizeDomain(raw);
    if (!d) invalid.push(raw);
    else if (!seen.has(d)) {
      seen.add(d);
      added.push(d);
    }
  }
  return { added, invalid };
}
