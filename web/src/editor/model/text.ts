// Text items: span offsets are Unicode code points (docs/ontologies.md,
// text_span), while JavaScript strings and DOM selections count UTF-16 code
// units. "𝔸" is one code point and two code units; these helpers convert.

/** cpLength is the number of code points in s. */
export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * utf16ToCp converts a UTF-16 index into s to a code point offset. An index
 * in the middle of a surrogate pair counts the pair as passed.
 */
export function utf16ToCp(s: string, index: number): number {
  const end = Math.max(0, Math.min(index, s.length));
  return cpLength(s.slice(0, end));
}

/** cpToUtf16 converts a code point offset into s to a UTF-16 index (clamped to s). */
export function cpToUtf16(s: string, cp: number): number {
  let i = 0;
  let n = 0;
  while (i < s.length && n < cp) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    n++;
  }
  return i;
}

/** sliceCp is s from code point start to code point end. */
export function sliceCp(s: string, start: number, end: number): string {
  return s.slice(cpToUtf16(s, start), cpToUtf16(s, end));
}

export interface Span {
  id: string;
  start: number;
  end: number;
}

/** A run of text where the same spans apply, in code points. */
export interface Segment {
  start: number;
  end: number;
  text: string;
  /** The ids of the spans covering the run, in the order the spans were given. */
  ids: string[];
}

/**
 * segments cuts text at every span boundary, so that overlapping spans can
 * be drawn as runs of text each covered by a known set of spans. Spans
 * reaching beyond the text are cut to it.
 */
export function segments(text: string, spans: readonly Span[]): Segment[] {
  const len = cpLength(text);
  const cuts = new Set<number>([0, len]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(len, s.start)));
    cuts.add(Math.max(0, Math.min(len, s.end)));
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  // Walk the string once, mapping code point cuts to UTF-16 indexes.
  const u16 = new Map<number, number>();
  let i = 0;
  let cp = 0;
  for (const cut of sorted) {
    while (cp < cut && i < text.length) {
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      cp++;
    }
    u16.set(cut, i);
  }
  const out: Segment[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const start = sorted[k];
    const end = sorted[k + 1];
    if (end <= start) continue;
    out.push({
      start,
      end,
      text: text.slice(u16.get(start), u16.get(end)),
      ids: spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.id),
    });
  }
  if (out.length === 0) out.push({ start: 0, end: 0, text: "", ids: [] });
  return out;
}

/**
 * trimSpan narrows a selection (in code points) past the white space at its
 * ends; it returns null when nothing but white space is left.
 */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  const chars = Array.from(text);
  let a = Math.max(0, Math.min(start, end));
  let b = Math.min(chars.length, Math.max(start, end));
  while (a < b && /\s/u.test(chars[a])) a++;
  while (b > a && /\s/u.test(chars[b - 1])) b--;
  return a < b ? { start: a, end: b } : null;
}
