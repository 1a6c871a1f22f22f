// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/react";
import { ApiError, type Import } from "../../api/client";
import { ImportList } from "./ImportList";

afterEach(cleanup);

const imp = (id: string, over: Partial<Import> = {}): Import => ({
  id,
  source: "prefix",
  prefix: "",
  status: "done",
  seen: 0,
  added: 0,
  existing: 0,
  failed: 0,
  errors: [],
  created_at: "2025-03-01T10:00:00Z",
  finished_at: "2025-03-01T10:00:30Z",
  ...over,
});

function renderList(imports: Import[], props: { totals?: Record<string, number>; pollErrors?: Record<string, unknown> } = {}) {
  const { container } = render(<ImportList imports={imports} now={new Date("2025-03-01T10:05:00Z")} {...props} />);
  const row = (id: string) => container.querySelector(`[data-testid="import-row"][data-id="${id}"]`) as HTMLElement;
  const count = (id: string, key: string) => row(id).querySelector(`[data-count="${key}"] dd`)?.textContent;
  return { container, row, count };
}

describe("ImportList", () => {
  it("shows each import's source, start, status and counts, newest first as given", () => {
    const { container, row, count } = renderList([
      imp("a", { status: "running", prefix: "cams/", seen: 2000, added: 1990, existing: 10, finished_at: null }),
      imp("b", { source: "manifest", seen: 3, added: 1, existing: 1, failed: 1, errors: [{ line: 2, key: "x.zip", message: "not a file type" }] }),
      imp("c", { status: "queued", finished_at: null }),
    ]);
    const rows = [...container.querySelectorAll<HTMLElement>('[data-testid="import-row"]')];
    expect(rows.map((r) => r.dataset.status)).toEqual(["running", "done", "queued"]);
    expect(row("a").textContent).toContain("Prefix cams/");
    expect(row("a").textContent).toContain("Started 5 minutes ago");
    expect(row("a").textContent).toContain("Running");
    expect([count("a", "seen"), count("a", "added"), count("a", "existing"), count("a", "failed")]).toEqual(["2,000", "1,990", "10", "0"]);
    expect(row("b").textContent).toContain("Manifest");
    expect(row("b").textContent).toContain("took 0:30");
    expect(row("c").textContent).toContain("Whole bucket");
  });

  it("shows a bar while queued or running: indeterminate without a total, filling with one", () => {
    const { row } = renderList(
      [
        imp("a", { status: "running", seen: 500, finished_at: null }),
        imp("b", { status: "running", source: "manifest", seen: 500, finished_at: null }),
        imp("c", { status: "queued", finished_at: null }),
        imp("d"),
      ],
      { totals: { b: 2000 } },
    );
    const bar = (id: string) => row(id).querySelector('[role="progressbar"]');
    expect(bar("a")?.classList.contains("progress-indeterminate")).toBe(true);
    expect(bar("a")?.hasAttribute("aria-valuenow")).toBe(false);
    expect(bar("a")?.getAttribute("aria-valuetext")).toBe("500 objects read so far, 0 added");
    expect(bar("b")?.getAttribute("aria-valuenow")).toBe("25");
    expect(bar("c")?.classList.contains("progress-indeterminate")).toBe(true);
    expect(bar("d")).toBeNull();
  });

  it("lists the refused rows of a finished import, and why a failed one stopped", () => {
    const errors = [
      { line: 2, key: "x.zip", message: "not a file type Loupe takes" },
      { line: 5, message: "not a JSON object" },
    ];
    const { row } = renderList([
      imp("a", { source: "manifest", seen: 300, added: 10, failed: 290, errors }),
      imp("b", { status: "failed", seen: 0, error: 'list "cams/": access denied' }),
      imp("c", { status: "running", failed: 4, errors, finished_at: null }),
    ]);
    const details = row("a").querySelector("details")!;
    expect(details.querySelector("summary")?.textContent).toBe("Show 290 refused rows");
    const cells = [...details.querySelectorAll('[data-testid="refused-row"]')].map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent));
    expect(cells).toEqual([
      ["2", "x.zip", "not a file type Loupe takes"],
      ["5", "—", "not a JSON object"],
    ]);
    expect(details.textContent).toContain("The first 2 of 290 refused rows are listed.");
    expect(row("a").querySelector('[data-count="failed"]')?.classList.contains("import-count-bad")).toBe(true);
    expect(row("b").querySelector('[data-testid="import-error"]')?.textContent).toBe('list "cams/": access denied');
    expect(row("b").querySelector("details")).toBeNull();
    expect(row("c").querySelector("details")).toBeNull();
  });

  it("says when progress could not be fetched", () => {
    const { row } = renderList([imp("a", { status: "running", finished_at: null })], {
      pollErrors: { a: new ApiError(0, undefined) },
    });
    expect(row("a").textContent).toContain("Could not check its progress: Could not reach the server.");
  });
});
