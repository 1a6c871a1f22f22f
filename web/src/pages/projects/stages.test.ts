import { describe, expect, it } from "vitest";
import { annotateReview, specExample } from "../../workflow/testGraphs";
import type { Graph } from "../../workflow/types";
import { share, stagePath, stageRows, totalTasks, workflowOrder } from "./stages";

describe("workflowOrder", () => {
  it("follows the edges from the start, complete stages last", () => {
    expect(workflowOrder(annotateReview()).map((s) => s.id)).toEqual(["start", "annotate", "review", "complete"]);
  });

  it("puts stages the start does not reach after those it does", () => {
    const g: Graph = {
      stages: [
        { id: "complete", kind: "complete", name: "Complete" },
        { id: "orphan", kind: "review", name: "Orphan" },
        { id: "qa", kind: "review", name: "QA" },
        { id: "start", kind: "start", name: "Start" },
        { id: "annotate", kind: "annotate", name: "Annotate" },
      ],
      edges: [
        { from: "start", outcome: "next", to: "annotate" },
        { from: "annotate", outcome: "submitted", to: "qa" },
        { from: "qa", outcome: "approved", to: "complete" },
        { from: "qa", outcome: "rejected", to: "annotate" },
        { from: "orphan", outcome: "approved", to: "nowhere" },
      ],
    };
    expect(workflowOrder(g).map((s) => s.id)).toEqual(["start", "annotate", "qa", "orphan", "complete"]);
  });
});

describe("stageRows", () => {
  it("gives a row per stage where tasks wait, in workflow order, with counts by status", () => {
    const rows = stageRows(specExample(), [
      { stage: "complete", status: "completed", count: 4 },
      { stage: "annotate", status: "new", count: 10 },
      { stage: "annotate", status: "in_progress", count: 2 },
      { stage: "review", status: "new", count: 3 },
    ]);
    const ids = rows.map((r) => r.id);
    expect(ids[0]).toBe("annotate");
    expect(ids[ids.length - 1]).toBe("complete");
    expect(ids).not.toContain("start");
    expect(rows.some((r) => r.kind === "router")).toBe(false);
    const annotate = rows[0];
    expect(annotate.total).toBe(12);
    expect(annotate.counts).toEqual({ new: 10, in_progress: 2, reopened: 0, skipped: 0, completed: 0 });
    expect(totalTasks(rows)).toBe(19);
  });

  it("keeps counts of a stage the workflow no longer has, at the end", () => {
    const rows = stageRows(annotateReview(), [{ stage: "gone", status: "new", count: 1 }]);
    expect(rows.map((r) => r.id)).toEqual(["annotate", "review", "complete", "gone"]);
    expect(rows[3]).toMatchObject({ name: "gone", kind: undefined, total: 1 });
  });
});

describe("share", () => {
  it("is a percentage with one decimal, 0 of nothing", () => {
    expect(share(1, 3)).toBe(33.3);
    expect(share(0, 0)).toBe(0);
    expect(share(5, 5)).toBe(100);
  });
});

describe("stagePath", () => {
  it("names the stages after the start in workflow order", () => {
    expect(stagePath(annotateReview())).toBe("Annotate → Review → Complete");
    expect(stagePath({ stages: [], edges: [] })).toBe("");
  });
});
