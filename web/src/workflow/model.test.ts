import { describe, expect, it } from "vitest";
import {
  History,
  ID_PATTERN,
  addRoute,
  addStage,
  autoLayout,
  canConnect,
  connect,
  deleteStage,
  disconnect,
  edgeKey,
  errorsByElement,
  findStage,
  graphBounds,
  inPort,
  locate,
  missingOutcomes,
  moveStage,
  needsLayout,
  newStage,
  outPort,
  outcomesOf,
  rateTotal,
  removeRoute,
  renameRoute,
  renameStage,
  setRouterBy,
  stageAt,
  stageFieldErrors,
  stageRect,
  freePosition,
  updateRoute,
  updateStage,
  withAssignee,
  withoutAssignee,
} from "./model";
import { annotateReview, specExample, unplaced } from "./testGraphs";
import type { Graph, Stage, StageKind } from "./types";
import { GRID, NODE_W } from "./geometry";

const empty: Graph = { stages: [], edges: [] };

function stage(g: Graph, id: string): Stage {
  const s = findStage(g, id);
  if (!s) throw new Error(`no stage ${id}`);
  return s;
}

describe("outcomesOf", () => {
  it.each([
    ["start", ["next"]],
    ["annotate", ["submitted"]],
    ["review", ["approved", "rejected"]],
    ["consensus", ["agreed", "disagreed"]],
    ["complete", []],
  ] as const)("%s → %j", (kind, want) => {
    expect(outcomesOf({ kind })).toEqual(want);
  });

  it("gives a router its route names, in order", () => {
    expect(outcomesOf(stage(specExample(), "sample"))).toEqual(["expert", "done"]);
    expect(outcomesOf({ kind: "router" })).toEqual([]);
  });

  it("returns a fresh list each time", () => {
    const a = outcomesOf({ kind: "review" });
    a.push("x");
    expect(outcomesOf({ kind: "review" })).toEqual(["approved", "rejected"]);
  });
});

describe("newStage", () => {
  it("uses the kind as id and its label as name when they are free", () => {
    const s = newStage(empty, "review", { x: 13, y: 27 });
    expect(s).toEqual({ id: "review", kind: "review", name: "Review", position: { x: 10, y: 30 }, assignees: [] });
  });

  it("counts up past the ids and names already taken", () => {
    const g = annotateReview();
    const s = newStage(g, "review", { x: 0, y: 0 });
    expect(s.id).toBe("review-2");
    expect(s.name).toBe("Review 2");
    const g2 = addStage(g, s);
    expect(newStage(g2, "review", { x: 0, y: 0 }).name).toBe("Review 3");
  });

  it("skips a name taken in another case or by another kind's stage", () => {
    const g: Graph = { stages: [{ id: "x", kind: "annotate", name: "review" }], edges: [] };
    const s = newStage(g, "review", { x: 0, y: 0 });
    expect(s).toMatchObject({ id: "review-2", name: "Review 2" });
  });

  it("makes ids the server accepts", () => {
    let g = empty;
    for (let i = 0; i < 30; i++) {
      const s = newStage(g, i % 2 ? "consensus" : "router", { x: 0, y: 0 });
      expect(s.id).toMatch(ID_PATTERN);
      g = addStage(g, s);
    }
    expect(new Set(g.stages.map((s) => s.id)).size).toBe(30);
    expect(new Set(g.stages.map((s) => s.name.toLowerCase())).size).toBe(30);
  });

  it("gives each kind its defaults", () => {
    expect(newStage(empty, "consensus", { x: 0, y: 0 })).toMatchObject({
      assignees: [],
      consensus: { annotators: 3, threshold: 0.8, resolvers: [] },
    });
    const r = newStage(empty, "router", { x: 0, y: 0 });
    expect(r.router?.by).toBe("sample");
    expect(rateTotal(r.router)).toBe(100);
    expect(newStage(empty, "complete", { x: 0, y: 0 })).toEqual({ id: "complete", kind: "complete", name: "Complete", position: { x: 0, y: 0 } });
  });
});

describe("stage edits", () => {
  it("addStage refuses a taken id", () => {
    const g = annotateReview();
    expect(addStage(g, { id: "review", kind: "review", name: "Other" })).toBe(g);
  });

  it("moveStage moves one stage and leaves the input alone", () => {
    const g = annotateReview();
    const next = moveStage(g, "review", { x: 600, y: 200 });
    expect(stage(next, "review").position).toEqual({ x: 600, y: 200 });
    expect(stage(g, "review").position).toEqual({ x: 560, y: 120 });
    expect(next.stages[0]).toBe(g.stages[0]);
    expect(next.edges).toBe(g.edges);
  });

  it("returns the same graph when nothing changes", () => {
    const g = annotateReview();
    expect(moveStage(g, "review", { x: 560, y: 120 })).toBe(g);
    expect(moveStage(g, "nope", { x: 1, y: 1 })).toBe(g);
    expect(renameStage(g, "review", "Review")).toBe(g);
    expect(renameStage(g, "nope", "x")).toBe(g);
    expect(deleteStage(g, "nope")).toBe(g);
  });

  it("renameStage renames", () => {
    expect(stage(renameStage(annotateReview(), "review", "QA"), "review").name).toBe("QA");
  });

  it("updateStage patches the config but never the id or kind", () => {
    const g = updateStage(annotateReview(), "annotate", {
      assignees: [{ type: "group", id: "g1" }],
      ...({ id: "other", kind: "review" } as object),
    });
    expect(stage(g, "annotate")).toMatchObject({ id: "annotate", kind: "annotate", assignees: [{ type: "group", id: "g1" }] });
  });

  it("deleteStage removes the stage and every edge from or to it", () => {
    const g = deleteStage(annotateReview(), "review");
    expect(g.stages.map((s) => s.id)).toEqual(["start", "annotate", "complete"]);
    expect(g.edges).toEqual([{ from: "start", outcome: "next", to: "annotate" }]);
  });
});

describe("connect", () => {
  it("adds an edge for an outcome that has none", () => {
    const g = disconnect(annotateReview(), "review", "approved");
    const next = connect(g, "review", "approved", "complete");
    expect(next.edges.at(-1)).toEqual({ from: "review", outcome: "approved", to: "complete" });
  });

  it("replaces the outcome's edge in its place", () => {
    const g = annotateReview();
    const next = connect(g, "review", "rejected", "complete");
    expect(next.edges).toHaveLength(4);
    expect(next.edges[3]).toEqual({ from: "review", outcome: "rejected", to: "complete" });
    expect(g.edges[3].to).toBe("annotate");
  });

  it("drops duplicate edges of the outcome", () => {
    const g: Graph = {
      ...annotateReview(),
      edges: [...annotateReview().edges, { from: "review", outcome: "approved", to: "annotate" }],
    };
    const next = connect(g, "review", "approved", "complete");
    expect(next.edges.filter((e) => edgeKey(e) === "review:approved")).toEqual([{ from: "review", outcome: "approved", to: "complete" }]);
  });

  it("returns the same graph for the edge that is there", () => {
    const g = annotateReview();
    expect(connect(g, "review", "approved", "complete")).toBe(g);
  });

  it.each([
    ["into start", "annotate", "submitted", "start"],
    ["from complete", "complete", "next", "annotate"],
    ["of an outcome the stage does not produce", "annotate", "approved", "review"],
    ["from an unknown stage", "nope", "next", "review"],
    ["to an unknown stage", "annotate", "submitted", "nope"],
  ])("refuses an edge %s", (_, from, outcome, to) => {
    const g = annotateReview();
    expect(canConnect(g, from, outcome, to)).toBe(false);
    expect(connect(g, from, outcome, to)).toBe(g);
  });

  it("allows a loop back to the same stage", () => {
    const g = connect(annotateReview(), "review", "rejected", "review");
    expect(g.edges[3]).toEqual({ from: "review", outcome: "rejected", to: "review" });
  });

  it("disconnect removes the edge, or returns the same graph", () => {
    const g = annotateReview();
    expect(disconnect(g, "review", "rejected").edges).toHaveLength(3);
    expect(disconnect(g, "review", "nope")).toBe(g);
  });
});

describe("missingOutcomes", () => {
  it("is empty for a template", () => {
    expect(missingOutcomes(annotateReview())).toEqual({});
    expect(missingOutcomes(specExample())).toEqual({ consensus: ["agreed", "disagreed"] });
  });

  it("lists each stage's outcomes without an edge", () => {
    let g = disconnect(annotateReview(), "review", "rejected");
    g = addStage(g, newStage(g, "router", { x: 0, y: 0 }));
    expect(missingOutcomes(g)).toEqual({ review: ["rejected"], router: ["sampled", "rest"] });
  });

  it("does not count an edge of another stage", () => {
    const g: Graph = {
      stages: [
        { id: "a", kind: "annotate", name: "A" },
        { id: "b", kind: "annotate", name: "B" },
      ],
      edges: [{ from: "a", outcome: "submitted", to: "b" }],
    };
    expect(missingOutcomes(g)).toEqual({ b: ["submitted"] });
  });
});

describe("routes", () => {
  const g = specExample();

  it("addRoute adds a fresh route of the router's rule", () => {
    const next = addRoute(g, "sample");
    expect(stage(next, "sample").router?.routes.at(-1)).toEqual({ name: "route-3", rate: 0 });
    expect(addRoute(g, "review")).toBe(g);
  });

  it("addRoute keeps otherwise last", () => {
    const byAnnotator = setRouterBy(g, "sample", "annotator");
    const next = addRoute(byAnnotator, "sample");
    expect(outcomesOf(stage(next, "sample"))).toEqual(["expert", "done", "route-4", "otherwise"]);
    expect(stage(next, "sample").router?.routes[2]).toEqual({ name: "route-4", users: [], groups: [] });
  });

  it("renameRoute renames the route's edge with it", () => {
    const next = renameRoute(g, "sample", 0, "experts");
    expect(outcomesOf(stage(next, "sample"))).toEqual(["experts", "done"]);
    expect(next.edges.find((e) => e.from === "sample" && e.to === "consensus")?.outcome).toBe("experts");
    expect(next.edges.filter((e) => e.outcome === "expert")).toHaveLength(0);
    expect(next.edges.find((e) => e.from === "review")?.outcome).toBe("approved");
  });

  it("renameRoute refuses a name another route has, and a missing route", () => {
    expect(renameRoute(g, "sample", 0, "done")).toBe(g);
    expect(renameRoute(g, "sample", 5, "x")).toBe(g);
    expect(renameRoute(g, "review", 0, "x")).toBe(g);
    expect(renameRoute(g, "sample", 0, "expert")).toBe(g);
  });

  it("renameRoute lets a name be emptied while it is typed", () => {
    const next = renameRoute(g, "sample", 0, "");
    expect(next.edges.some((e) => e.from === "sample" && e.outcome === "" && e.to === "consensus")).toBe(true);
    expect(renameRoute(next, "sample", 0, "e").edges.some((e) => e.outcome === "e")).toBe(true);
  });

  it("updateRoute patches a route but not its name", () => {
    const next = updateRoute(g, "sample", 1, { rate: 80, ...({ name: "x" } as object) });
    expect(stage(next, "sample").router?.routes[1]).toEqual({ name: "done", rate: 80 });
    expect(rateTotal(stage(next, "sample").router)).toBe(90);
    expect(updateRoute(g, "sample", 9, { rate: 1 })).toBe(g);
  });

  it("removeRoute removes the route and its edge", () => {
    const next = removeRoute(g, "sample", 0);
    expect(outcomesOf(stage(next, "sample"))).toEqual(["done"]);
    expect(next.edges.some((e) => e.from === "sample" && e.outcome === "expert")).toBe(false);
    expect(next.edges).toHaveLength(5);
    expect(removeRoute(g, "sample", 7)).toBe(g);
  });

  it("setRouterBy keeps the names and edges, keeps only the new rule's fields and adds otherwise", () => {
    const byMeta = setRouterBy(g, "sample", "metadata");
    expect(stage(byMeta, "sample").router).toEqual({
      by: "metadata",
      routes: [
        { name: "expert", key: "", values: [] },
        { name: "done", key: "", values: [] },
        { name: "otherwise" },
      ],
    });
    expect(byMeta.edges.filter((e) => e.from === "sample")).toHaveLength(2);
    const back = setRouterBy(byMeta, "sample", "sample");
    expect(stage(back, "sample").router?.routes).toEqual([
      { name: "expert", rate: 0 },
      { name: "done", rate: 0 },
      { name: "otherwise", rate: 0 },
    ]);
    expect(setRouterBy(g, "sample", "sample")).toBe(g);
  });

  it("rateTotal counts missing rates as 0", () => {
    expect(rateTotal(undefined)).toBe(0);
    expect(rateTotal({ by: "sample", routes: [{ name: "a", rate: 30 }, { name: "b" }] })).toBe(30);
  });
});

describe("assignees", () => {
  it("adds once and removes", () => {
    const a = withAssignee(undefined, { type: "user", id: "u1" });
    expect(withAssignee(a, { type: "user", id: "u1" })).toEqual(a);
    const b = withAssignee(a, { type: "group", id: "u1" });
    expect(b).toHaveLength(2);
    expect(withoutAssignee(b, { type: "user", id: "u1" })).toEqual([{ type: "group", id: "u1" }]);
  });
});

describe("locate", () => {
  it.each([
    ["body.graph.stages[2].router.routes", { element: "stage", index: 2, path: "router.routes" }],
    ["body.workflow.edges[3].from", { element: "edge", index: 3, path: "from" }],
    ["stages[0]", { element: "stage", index: 0, path: "" }],
    ["body.stages[1].router.routes[0].rate", { element: "stage", index: 1, path: "router.routes[0].rate" }],
    ["body.graph.stages[4].edges[1]", { element: "stage", index: 4, path: "edges[1]" }],
    ["body.graph.stages", null],
    ["body.graph", null],
    ["body.mystages[1]", null],
    [undefined, null],
  ] as const)("%s → %j", (location, want) => {
    expect(locate(location)).toEqual(want);
  });
});

describe("errorsByElement", () => {
  it("maps stages and edges by id and key, and keeps the rest for the graph", () => {
    const g = specExample();
    const got = errorsByElement(g, [
      { location: "body.graph.stages[3].router.routes", message: "rates sum to 90, not 100" },
      { location: "body.graph.stages[3]", message: "cannot reach a complete" },
      { location: "body.workflow.edges[3].to", message: "unknown stage 'x'" },
      { location: "body.graph.stages", message: "exactly one start" },
      { location: "body.graph.stages[42].name", message: "out of range" },
      { location: "body.graph.edges[9]", message: "gone" },
      { message: "graph too large" },
      { location: "body.graph.stages[1].name" },
    ]);
    expect(got).toEqual({
      stages: {
        sample: ["router.routes: rates sum to 90, not 100", "cannot reach a complete"],
        annotate: ["name: invalid"],
      },
      edges: { "review:rejected": ["to: unknown stage 'x'"] },
      graph: ["exactly one start", "out of range", "gone", "graph too large"],
    });
  });

  it("does not repeat a path the message already names", () => {
    const got = errorsByElement(specExample(), [{ location: "body.graph.stages[0].name", message: "name: required" }]);
    expect(got.stages.start).toEqual(["name: required"]);
  });

  it("is empty without errors", () => {
    expect(errorsByElement(specExample(), undefined)).toEqual({ stages: {}, edges: {}, graph: [] });
  });

  it("stageFieldErrors lists one stage's messages by field", () => {
    const errs = [
      { location: "body.graph.stages[3].router.routes[1].rate", message: "must be 0..100" },
      { location: "body.graph.stages[3]", message: "unreachable" },
      { location: "body.graph.stages[2].name", message: "other" },
    ];
    expect(stageFieldErrors(specExample(), errs, "sample")).toEqual([
      { path: "router.routes[1].rate", message: "must be 0..100" },
      { path: "", message: "unreachable" },
    ]);
    expect(stageFieldErrors(specExample(), errs, "nope")).toEqual([]);
  });
});

describe("History", () => {
  it("undoes and redoes", () => {
    const h = new History(1);
    expect(h.canUndo).toBe(false);
    h.push(2);
    h.push(3);
    expect(h.present).toBe(3);
    expect(h.undo()).toBe(2);
    expect(h.undo()).toBe(1);
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBe(1);
    expect(h.canRedo).toBe(true);
    expect(h.redo()).toBe(2);
    expect(h.redo()).toBe(3);
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBe(3);
  });

  it("forgets what was undone on a new push", () => {
    const h = new History("a");
    h.push("b");
    h.undo();
    h.push("c");
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe("a");
  });

  it("records nothing for the present itself", () => {
    const g = annotateReview();
    const h = new History(g);
    h.push(g);
    expect(h.canUndo).toBe(false);
  });

  it("keeps at most 100 steps", () => {
    const h = new History(0);
    for (let i = 1; i <= 150; i++) h.push(i);
    let steps = 0;
    while (h.canUndo) {
      h.undo();
      steps++;
    }
    expect(steps).toBe(100);
    expect(h.present).toBe(50);
  });

  it("replace changes the present without a step", () => {
    const h = new History("a");
    h.push("b");
    h.replace("bc");
    expect(h.present).toBe("bc");
    expect(h.undo()).toBe("a");
    expect(h.redo()).toBe("bc");
  });

  it("reset starts again", () => {
    const h = new History(0);
    h.push(1);
    h.reset(5);
    expect(h.present).toBe(5);
    expect(h.canUndo || h.canRedo).toBe(false);
  });
});

describe("geometry", () => {
  it("puts output ports on the right edge, one per outcome, and the input on the left", () => {
    const r = stage(annotateReview(), "review");
    const rect = stageRect(r);
    const a = outPort(r, "approved")!;
    const b = outPort(r, "rejected")!;
    expect(a.x).toBe(rect.x + NODE_W);
    expect(b.y).toBeGreaterThan(a.y);
    expect(b.y).toBeLessThan(rect.y + rect.h);
    expect(outPort(r, "next")).toBeNull();
    const i = inPort(r);
    expect(i.x).toBe(rect.x);
    expect(i.y).toBeGreaterThan(rect.y);
    expect(i.y).toBeLessThan(rect.y + rect.h);
  });

  it("stageAt finds the topmost stage under a point", () => {
    const g = annotateReview();
    expect(stageAt(g, { x: 570, y: 130 })?.id).toBe("review");
    expect(stageAt(g, { x: 0, y: 0 })).toBeUndefined();
    const over = moveStage(g, "complete", { x: 560, y: 120 });
    expect(stageAt(over, { x: 570, y: 130 })?.id).toBe("complete");
  });

  it("graphBounds surrounds every stage", () => {
    expect(graphBounds(empty)).toBeNull();
    const b = graphBounds(annotateReview())!;
    expect(b.x).toBe(40);
    expect(b.y).toBe(120);
    expect(b.w).toBe(820 + NODE_W - 40);
  });
});

describe("autoLayout", () => {
  it("places stages left to right by their distance from start", () => {
    const g = autoLayout(unplaced(specExample()));
    const x = (id: string) => stage(g, id).position!.x;
    expect(x("start")).toBeLessThan(x("annotate"));
    expect(x("annotate")).toBeLessThan(x("review"));
    expect(x("review")).toBeLessThan(x("sample"));
    expect(x("sample")).toBeLessThan(x("complete"));
    expect(x("consensus")).toBe(x("complete"));
    expect(g.edges).toEqual(specExample().edges);
  });

  it("snaps to the grid, never overlaps and needs no more layout", () => {
    const g = autoLayout(unplaced(specExample()));
    expect(needsLayout(unplaced(specExample()))).toBe(true);
    expect(needsLayout(g)).toBe(false);
    for (const s of g.stages) {
      expect(s.position!.x % GRID).toBe(0);
      expect(s.position!.y % GRID).toBe(0);
    }
    const rects = g.stages.map(stageRect);
    for (let i = 0; i < rects.length; i++)
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i];
        const b = rects[j];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${g.stages[i].id} and ${g.stages[j].id}`).toBe(false);
      }
  });

  it("puts stages the start does not reach in a last column", () => {
    const g = autoLayout({
      stages: [
        { id: "lost", kind: "annotate", name: "Lost" },
        { id: "start", kind: "start", name: "Start" },
        { id: "done", kind: "complete", name: "Done" },
      ],
      edges: [{ from: "start", outcome: "next", to: "done" }],
    });
    expect(stage(g, "lost").position!.x).toBeGreaterThan(stage(g, "done").position!.x);
  });

  it("copes with a graph without a start and edges to unknown stages", () => {
    const g = autoLayout({
      stages: [{ id: "a", kind: "annotate", name: "A" }],
      edges: [{ from: "a", outcome: "submitted", to: "ghost" }],
    });
    expect(stage(g, "a").position).toEqual({ x: 40, y: 40 });
  });
});

describe("freePosition", () => {
  const overlaps = (g: Graph, kind: StageKind, p: { x: number; y: number }) => {
    const a = stageRect({ id: "new", kind, name: "", position: p });
    return g.stages.some((s) => {
      const b = stageRect(s);
      return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    });
  };

  it("keeps the preferred spot when it is free", () => {
    const g: Graph = { stages: [{ id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 } }], edges: [] };
    expect(freePosition(g, "review", { x: 600, y: 400 })).toEqual({ x: 600, y: 400 });
  });

  it("steps aside from a stage that covers the spot, even partly", () => {
    const g: Graph = {
      stages: [
        { id: "annotate", kind: "annotate", name: "Annotate", position: { x: 200, y: 100 } },
        { id: "complete", kind: "complete", name: "Complete", position: { x: 380, y: 100 } },
      ],
      edges: [],
    };
    const p = freePosition(g, "review", { x: 350, y: 120 });
    expect(overlaps(g, "review", p)).toBe(false);
    expect(Math.abs(p.x - 350) + Math.abs(p.y - 120)).toBeLessThan(600);
  });
});
