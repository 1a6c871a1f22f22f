import { describe, expect, it } from "vitest";
import type { Import } from "../api/client";
import {
  formatCount,
  importCounts,
  importDuration,
  importProgress,
  importSourceLabel,
  importStatusLabel,
  importSummary,
  isActive,
  justFinished,
  pollDelay,
  POLL_MS,
  refusedNote,
  upsertImport,
} from "./imports";

const imp = (over: Partial<Import> = {}): Import => ({
  id: "i1",
  source: "prefix",
  prefix: "cams/",
  status: "running",
  seen: 0,
  added: 0,
  existing: 0,
  failed: 0,
  errors: [],
  created_at: "2025-03-01T10:00:00Z",
  finished_at: null,
  ...over,
});

describe("polling", () => {
  it("polls every second while queued or running, and stops when done or failed", () => {
    expect(pollDelay("queued")).toBe(POLL_MS);
    expect(pollDelay("running")).toBe(1000);
    expect(pollDelay("done")).toBe(false);
    expect(pollDelay("failed")).toBe(false);
    expect(pollDelay(undefined)).toBe(false);
    expect(isActive("queued")).toBe(true);
    expect(isActive("done")).toBe(false);
  });

  it("knows when an import has just finished", () => {
    expect(justFinished("running", "done")).toBe(true);
    expect(justFinished("queued", "failed")).toBe(true);
    expect(justFinished("queued", "running")).toBe(false);
    expect(justFinished("done", "done")).toBe(false);
    expect(justFinished(undefined, "done")).toBe(false);
  });
});

describe("upsertImport", () => {
  const a = imp({ id: "a", created_at: "2025-03-01T10:00:00Z" });
  const b = imp({ id: "b", created_at: "2025-03-01T11:00:00Z" });

  it("replaces an import in place", () => {
    const next = upsertImport([b, a], { ...a, status: "done", added: 5 });
    expect(next.map((i) => i.id)).toEqual(["b", "a"]);
    expect(next[1]).toMatchObject({ status: "done", added: 5 });
  });

  it("puts a new import first and keeps the server's length", () => {
    const c = imp({ id: "c", created_at: "2025-03-01T12:00:00Z" });
    expect(upsertImport([b, a], c).map((i) => i.id)).toEqual(["c", "b", "a"]);
    expect(upsertImport([b, a], c, 2).map((i) => i.id)).toEqual(["c", "b"]);
    expect(upsertImport(undefined, c)).toEqual([c]);
  });
});

describe("labels and counts", () => {
  it("names the source and the status", () => {
    expect(importSourceLabel(imp())).toBe("Prefix cams/");
    expect(importSourceLabel(imp({ prefix: "" }))).toBe("Whole bucket");
    expect(importSourceLabel(imp({ source: "manifest", prefix: "" }))).toBe("Manifest");
    expect(importStatusLabel("queued")).toBe("Queued");
    expect(importStatusLabel("failed")).toBe("Failed");
    expect(importStatusLabel("paused")).toBe("paused");
  });

  it("lists the four counts, by what was read", () => {
    const counts = importCounts(imp({ seen: 12345, added: 12000, existing: 300, failed: 45 }));
    expect(counts.map((c) => `${formatCount(c.value)} ${c.label}`)).toEqual([
      "12,345 objects seen",
      "12,000 added",
      "300 already there",
      "45 refused",
    ]);
    expect(importCounts(imp({ source: "manifest" }))[0].label).toBe("lines read");
    expect(formatCount(Number.NaN)).toBe("0");
  });

  it("sums up where an import stands", () => {
    expect(importSummary(imp({ status: "queued" }))).toBe("Waiting to start");
    expect(importSummary(imp({ seen: 0 }))).toBe("Starting…");
    expect(importSummary(imp({ seen: 2000, added: 1990 }))).toBe("2,000 objects read so far, 1,990 added");
    expect(importSummary(imp({ status: "done", seen: 1, added: 1 }))).toBe("Added 1 of 1 object");
    expect(importSummary(imp({ status: "done", source: "manifest", seen: 10, added: 6, existing: 3, failed: 1 }))).toBe(
      "Added 6 of 10 lines; 3 already there; 1 refused",
    );
    expect(importSummary(imp({ status: "done" }))).toBe("Nothing under this prefix");
    expect(importSummary(imp({ status: "done", source: "manifest" }))).toBe("The manifest named nothing");
    expect(importSummary(imp({ status: "failed" }))).toBe("Failed before reading anything");
  });

  it("says how long a finished import took", () => {
    expect(importDuration(imp())).toBe("");
    expect(importDuration(imp({ finished_at: "2025-03-01T10:01:05Z" }))).toBe("1:05");
    expect(importDuration(imp({ finished_at: "2025-03-01T09:00:00Z" }))).toBe("");
  });

  it("says when the refused rows are cut short", () => {
    const errors = [{ line: 3, message: "bad" }];
    expect(refusedNote(imp({ failed: 1, errors }))).toBe("");
    expect(refusedNote(imp({ failed: 250, errors }))).toBe("The first 1 of 250 refused rows are listed.");
  });
});

describe("importProgress", () => {
  it("is indeterminate without a total, and fills with one", () => {
    expect(importProgress(imp({ seen: 500 }), undefined)).toBeNull();
    expect(importProgress(imp({ status: "queued" }), undefined)).toBeNull();
    expect(importProgress(imp({ status: "queued" }), 2000)).toBe(0);
    expect(importProgress(imp({ seen: 500 }), 2000)).toBe(25);
    expect(importProgress(imp({ seen: 2500 }), 2000)).toBe(100);
    expect(importProgress(imp({ seen: 5 }), 0)).toBeNull();
  });

  it("is full once finished", () => {
    expect(importProgress(imp({ status: "done" }), undefined)).toBe(100);
    expect(importProgress(imp({ status: "failed", seen: 3 }), 10)).toBe(100);
  });
});
