// Manifests name the objects of a bucket to register, one JSON object a line:
// {"key": "path/in/bucket.jpg", "metadata": {…}}. These checks run in the
// browser before the upload, to refuse the wrong file at once; the server
// checks every line again and says which ones it refused.

/** The extensions the file picker offers. */
export const MANIFEST_EXTENSIONS: readonly string[] = [".jsonl", ".json", ".txt"];

/** The server's upload limit by default (--max-upload-bytes): 5 GiB. */
export const MAX_MANIFEST_BYTES = 5 * 1024 ** 3;

/** The longest line the server reads (a key and its metadata): 1 MiB. */
export const MAX_MANIFEST_LINE_BYTES = 1 << 20;

/** Manifests up to this size are read through before the upload, to count their lines. */
export const FULL_SCAN_BYTES = 64 * 1024 * 1024;

/** How much of a larger manifest is read to check its first line. */
export const HEAD_BYTES = 64 * 1024;

/**
 * checkManifestFile refuses a file by its name and size alone: the wrong
 * extension, empty, or over the limit. It gives the reason, or "".
 */
export function checkManifestFile(file: { name: string; size: number }, maxBytes = MAX_MANIFEST_BYTES): string {
  const name = file.name.toLowerCase();
  if (!MANIFEST_EXTENSIONS.some((ext) => name.endsWith(ext))) {
    return `Choose a JSON Lines file (${MANIFEST_EXTENSIONS.join(", ")}); “${file.name}” is not one.`;
  }
  if (file.size === 0) return "The file is empty.";
  if (file.size > maxBytes) return `The file is larger than the limit of ${formatLimit(maxBytes)}.`;
  return "";
}

function formatLimit(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  if (gib >= 1) return `${Math.round(gib * 10) / 10} GB`;
  return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;
}

/** The first line of a manifest with something on it. */
export interface FirstLine {
  /** Its number, counting from 1 as the server does. */
  line: number;
  text: string;
  /** Whether the whole line was read: it ended, and fit in HEAD_BYTES. */
  complete: boolean;
}

/**
 * ManifestScan reads a manifest in chunks of bytes, as they come, and keeps
 * what the checks need: how many lines hold something (the server counts
 * those as `seen`), the longest line, and the first line with something on it.
 */
export class ManifestScan {
  /** Lines with something other than white space on them. */
  lines = 0;
  /** The longest line in bytes (without its line break) and its number, from 1. */
  longest = { line: 0, bytes: 0 };
  private lineNo = 0;
  private lineBytes = 0;
  private hasContent = false;
  private first: { line: number; bytes: number[]; ended: boolean; cut: boolean } | null = null;

  /** push reads the next chunk. */
  push(chunk: Uint8Array) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a) {
        this.endLine();
        continue;
      }
      this.lineBytes++;
      if (!this.hasContent && !isSpace(b)) {
        this.hasContent = true;
        this.first ??= { line: this.lineNo + 1, bytes: [], ended: false, cut: false };
      }
      const f = this.first;
      if (f && !f.ended && f.line === this.lineNo + 1) {
        if (f.bytes.length < HEAD_BYTES) f.bytes.push(b);
        else f.cut = true;
      }
    }
  }

  /** finish ends the last line, when the file does not end with a line break. */
  finish(): this {
    if (this.lineBytes > 0) this.endLine();
    return this;
  }

  /** firstLine gives the first line with something on it, or undefined if none was read. */
  firstLine(): FirstLine | undefined {
    const f = this.first;
    if (!f) return undefined;
    const text = new TextDecoder("utf-8").decode(new Uint8Array(f.bytes)).trim();
    return { line: f.line, text, complete: f.ended && !f.cut };
  }

  private endLine() {
    this.lineNo++;
    if (this.lineBytes > this.longest.bytes) this.longest = { line: this.lineNo, bytes: this.lineBytes };
    if (this.hasContent) this.lines++;
    if (this.first && this.first.line === this.lineNo) this.first.ended = true;
    this.lineBytes = 0;
    this.hasContent = false;
  }
}

// The ASCII white space Go's strings.TrimSpace drops.
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0b || b === 0x0c;
}

const ONE_OBJECT = 'a manifest has one JSON object per line, like {"key": "images/a.jpg"}';

/**
 * checkFirstLine catches a file that is not JSON Lines at all (a CSV, a JSON
 * array, a pretty-printed object) by its first line. It gives the reason, or "".
 */
export function checkFirstLine(first: FirstLine | undefined): string {
  if (!first) return "The file has only blank lines: nothing to register.";
  const { line, text, complete } = first;
  if (text.startsWith("[")) return `This is a JSON array: ${ONE_OBJECT}.`;
  // A line cut short cannot be parsed here; the server reads it whole.
  if (!complete) return "";
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return `Line ${line} is not a JSON object: ${ONE_OBJECT}.`;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return `Line ${line} is not a JSON object: ${ONE_OBJECT}.`;
  const key = (v as Record<string, unknown>).key;
  if (typeof key !== "string" || key.trim() === "") {
    return `Line ${line} has no "key": each line names an object of the bucket, like {"key": "images/a.jpg"}.`;
  }
  return "";
}

export interface ManifestCheck {
  /** Why the file is refused, or "". */
  error: string;
  /** The lines the server will read (its `seen` when done), when the whole file was read. */
  lines: number | undefined;
}

/**
 * checkScan judges a scan of a manifest: its first line and, when the whole
 * file was read (and finished), its longest line.
 */
export function checkScan(scan: ManifestScan, whole: boolean): ManifestCheck {
  const first = scan.firstLine();
  // Blank lines all through the part read of a large file: the server will tell.
  if (!first && !whole) return { error: "", lines: undefined };
  const error = checkFirstLine(first);
  if (error) return { error, lines: undefined };
  if (whole && scan.longest.bytes >= MAX_MANIFEST_LINE_BYTES) {
    return { error: `Line ${scan.longest.line} is longer than the server reads: 1 MB a line at most.`, lines: undefined };
  }
  return { error: "", lines: whole ? scan.lines : undefined };
}

/** A file as the checks read it: a Blob (File) in the browser. */
export interface Readable {
  readonly size: number;
  slice(start?: number, end?: number): Blob;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * inspectManifest reads a manifest to check it before the upload: the whole
 * of a small one (it then counts its lines, for a progress bar), the first
 * HEAD_BYTES of a large one.
 */
export async function inspectManifest(file: Readable, fullScanBytes = FULL_SCAN_BYTES): Promise<ManifestCheck> {
  const whole = file.size <= fullScanBytes;
  const end = whole ? file.size : Math.min(file.size, HEAD_BYTES);
  const scan = new ManifestScan();
  for (let at = 0; at < end; at += CHUNK_BYTES) {
    scan.push(new Uint8Array(await file.slice(at, Math.min(end, at + CHUNK_BYTES)).arrayBuffer()));
  }
  if (whole) scan.finish();
  return checkScan(scan, whole);
}
