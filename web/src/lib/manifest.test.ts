import { describe, expect, it } from "vitest";
import {
  checkFirstLine,
  checkManifestFile,
  checkScan,
  HEAD_BYTES,
  inspectManifest,
  ManifestScan,
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_LINE_BYTES,
} from "./manifest";

const enc = new TextEncoder();

function scan(...chunks: string[]) {
  const s = new ManifestScan();
  for (const c of chunks) s.push(enc.encode(c));
  return s.finish();
}

describe("checkManifestFile", () => {
  it("takes JSON Lines files by their extension", () => {
    expect(checkManifestFile({ name: "items.jsonl", size: 10 })).toBe("");
    expect(checkManifestFile({ name: "ITEMS.JSON", size: 10 })).toBe("");
    expect(checkManifestFile({ name: "list.txt", size: 10 })).toBe("");
    expect(checkManifestFile({ name: "items.csv", size: 10 })).toBe("Choose a JSON Lines file (.jsonl, .json, .txt); “items.csv” is not one.");
    expect(checkManifestFile({ name: "jsonl", size: 10 })).toContain("is not one");
  });

  it("refuses empty files and files over the limit", () => {
    expect(checkManifestFile({ name: "a.jsonl", size: 0 })).toBe("The file is empty.");
    expect(checkManifestFile({ name: "a.jsonl", size: MAX_MANIFEST_BYTES })).toBe("");
    expect(checkManifestFile({ name: "a.jsonl", size: MAX_MANIFEST_BYTES + 1 })).toBe("The file is larger than the limit of 5 GB.");
    expect(checkManifestFile({ name: "a.jsonl", size: 3 << 20 }, 2 << 20)).toBe("The file is larger than the limit of 2 MB.");
  });
});

describe("ManifestScan", () => {
  it("counts the lines with something on them, as the server does", () => {
    const s = scan('{"key": "a.jpg"}\n', "\n  \r\n", '{"key": "b.jpg"}\r\n{"key": "c.jpg"}');
    expect(s.lines).toBe(3);
    expect(s.firstLine()).toEqual({ line: 1, text: '{"key": "a.jpg"}', complete: true });
  });

  it("reads lines split across chunks", () => {
    const s = scan("\n\n", '{"ke', 'y": "a', '.jpg"}', "\n", '{"key":"b"}\n');
    expect(s.lines).toBe(2);
    expect(s.firstLine()).toEqual({ line: 3, text: '{"key": "a.jpg"}', complete: true });
    expect(s.longest).toEqual({ line: 3, bytes: 16 });
  });

  it("reads UTF-8 split across chunks", () => {
    const bytes = enc.encode('{"key": "café.jpg"}\n');
    const s = new ManifestScan();
    s.push(bytes.slice(0, 13));
    s.push(bytes.slice(13));
    expect(s.finish().firstLine()?.text).toBe('{"key": "café.jpg"}');
  });

  it("has no first line in a blank file", () => {
    const s = scan("\n \n\t\n");
    expect(s.lines).toBe(0);
    expect(s.firstLine()).toBeUndefined();
  });

  it("says when the first line was not read whole", () => {
    const s = new ManifestScan();
    s.push(enc.encode('{"key": "a.jpg"'));
    expect(s.firstLine()?.complete).toBe(false);
    const long = new ManifestScan();
    long.push(enc.encode(`{"key": "${"x".repeat(HEAD_BYTES)}"}\n`));
    expect(long.firstLine()?.complete).toBe(false);
    expect(long.firstLine()?.text.length).toBe(HEAD_BYTES);
  });
});

describe("checkFirstLine", () => {
  const first = (text: string, complete = true) => ({ line: 2, text, complete });

  it("takes an object with a key", () => {
    expect(checkFirstLine(first('{"key": "a.jpg", "metadata": {"split": "train"}}'))).toBe("");
  });

  it("refuses what is not JSON Lines", () => {
    expect(checkFirstLine(undefined)).toBe("The file has only blank lines: nothing to register.");
    expect(checkFirstLine(first('[{"key": "a.jpg"}]'))).toBe(
      'This is a JSON array: a manifest has one JSON object per line, like {"key": "images/a.jpg"}.',
    );
    expect(checkFirstLine(first("key,split"))).toBe('Line 2 is not a JSON object: a manifest has one JSON object per line, like {"key": "images/a.jpg"}.');
    expect(checkFirstLine(first("{"))).toContain("Line 2 is not a JSON object");
    expect(checkFirstLine(first('"a.jpg"'))).toContain("Line 2 is not a JSON object");
    expect(checkFirstLine(first('{"name": "a.jpg"}'))).toBe(
      'Line 2 has no "key": each line names an object of the bucket, like {"key": "images/a.jpg"}.',
    );
    expect(checkFirstLine(first('{"key": " "}'))).toContain('has no "key"');
  });

  it("leaves a line it could not read whole to the server", () => {
    expect(checkFirstLine(first('{"key": "a.jp', false))).toBe("");
    expect(checkFirstLine(first("[", false))).toContain("JSON array");
  });
});

describe("checkScan", () => {
  it("gives the line count of a file read whole", () => {
    expect(checkScan(scan('{"key":"a"}\n{"key":"b"}\n'), true)).toEqual({ error: "", lines: 2 });
  });

  it("has no count from the head of a large file", () => {
    const s = new ManifestScan();
    s.push(enc.encode('{"key":"a"}\n{"key":"b'));
    expect(checkScan(s, false)).toEqual({ error: "", lines: undefined });
    const blank = new ManifestScan();
    blank.push(enc.encode("\n\n"));
    expect(checkScan(blank, false)).toEqual({ error: "", lines: undefined });
  });

  it("refuses a line longer than the server reads", () => {
    const s = scan('{"key":"a"}\n', `{"key":"b","metadata":{"x":"${"y".repeat(MAX_MANIFEST_LINE_BYTES)}"}}\n`);
    expect(checkScan(s, true)).toEqual({ error: "Line 2 is longer than the server reads: 1 MB a line at most.", lines: undefined });
  });
});

describe("inspectManifest", () => {
  const file = (text: string) => new Blob([text]);

  it("reads a small file through", async () => {
    await expect(inspectManifest(file('{"key":"a"}\n\n{"key":"b"}'))).resolves.toEqual({ error: "", lines: 2 });
    await expect(inspectManifest(file("a,b\n1,2\n"))).resolves.toMatchObject({ error: expect.stringContaining("Line 1") });
  });

  it("reads only the head of a large file", async () => {
    const text = '{"key":"a"}\n'.repeat(10);
    await expect(inspectManifest(file(text), 20)).resolves.toEqual({ error: "", lines: undefined });
    await expect(inspectManifest(file("[\n" + text), 20)).resolves.toMatchObject({ error: expect.stringContaining("JSON array") });
  });
});
