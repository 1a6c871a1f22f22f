// Item metadata as people type it: filters written as `key = value` pairs,
// and the JSON object given to uploads.

export type Metadata = Record<string, unknown>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * parseFilterValue reads the right-hand side of `key = value`: text that
 * parses as JSON (2, 1.5, true, null, "quoted", [1,2]) is that value;
 * anything else is the text itself, so `camera = front` means "front".
 */
export function parseFilterValue(raw: string): unknown {
  const s = raw.trim();
  if (s === "") return "";
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

/**
 * splitPairs cuts filter text at newlines, semicolons and commas that are
 * not inside a quoted string or brackets, so `tags = ["a", "b"]` and
 * `city = "Paris, TX"` stay whole.
 */
export function splitPairs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "[" || c === "{") depth++;
    else if ((c === "]" || c === "}") && depth > 0) depth--;
    else if (depth === 0 && (c === "\n" || c === ";" || c === ",")) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((p) => p.trim()).filter(Boolean);
}

/**
 * parseMetadataFilter turns `camera = front; split = 2` into
 * {"camera": "front", "split": 2}. Empty text is no filter (undefined).
 */
export function parseMetadataFilter(text: string): Parsed<Metadata | undefined> {
  const pairs = splitPairs(text);
  if (pairs.length === 0) return { ok: true, value: undefined };
  const value: Metadata = {};
  for (const pair of pairs) {
    const eq = indexOutsideQuotes(pair, "=");
    if (eq < 0) return { ok: false, error: `“${pair}” is not of the form key = value` };
    const key = unquoteKey(pair.slice(0, eq).trim());
    if (!key) return { ok: false, error: `“${pair}” has no key before =` };
    if (Object.hasOwn(value, key)) return { ok: false, error: `“${key}” is given twice` };
    value[key] = parseFilterValue(pair.slice(eq + 1));
  }
  return { ok: true, value };
}

function indexOutsideQuotes(s: string, ch: string): number {
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ch) return i;
  }
  return -1;
}

function unquoteKey(k: string): string {
  if (k.length >= 2 && k.startsWith('"') && k.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(k);
      if (typeof v === "string") return v;
    } catch {
      // not a JSON string: keep it as typed
    }
  }
  return k;
}

/** formatMetadataFilter writes an object back as `key = value` pairs, one per line. */
export function formatMetadataFilter(m: Metadata | undefined): string {
  if (!m) return "";
  return Object.entries(m)
    .map(([k, v]) => `${/[=,;\n"]/.test(k) || k !== k.trim() ? JSON.stringify(k) : k} = ${formatValue(v)}`)
    .join("\n");
}

function formatValue(v: unknown): string {
  // A string that would read back as something else (a number, true, a
  // separator) is quoted; a plain word is not.
  if (typeof v === "string" && parseFilterValue(v) === v && !/[,;\n"]/.test(v) && v === v.trim() && v !== "") return v;
  return JSON.stringify(v);
}

/** isMetadata reports a JSON object (not an array, not null). */
export function isMetadata(v: unknown): v is Metadata {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * parseMetadataJSON reads the metadata given to uploads: empty text is none,
 * anything else must be a JSON object.
 */
export function parseMetadataJSON(text: string): Parsed<Metadata | undefined> {
  const s = text.trim();
  if (!s) return { ok: true, value: undefined };
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!isMetadata(v)) return { ok: false, error: 'Must be a JSON object, such as {"camera": "front"}' };
  return { ok: true, value: v };
}
