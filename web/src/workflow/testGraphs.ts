// Graphs the workflow tests share: the server's templates as the spec draws them.
import type { Graph } from "./types";

/** annotateReview is the "annotate-review" template: rejected work goes back to the queue. */
export function annotateReview(): Graph {
  return {
    stages: [
      { id: "start", kind: "start", name: "Start", position: { x: 40, y: 120 } },
      { id: "annotate", kind: "annotate", name: "Annotate", position: { x: 300, y: 120 }, assignees: [] },
      { id: "review", kind: "review", name: "Review", position: { x: 560, y: 120 }, assignees: [] },
      { id: "complete", kind: "complete", name: "Complete", position: { x: 820, y: 120 } },
    ],
    edges: [
      { from: "start", outcome: "next", to: "annotate" },
      { from: "annotate", outcome: "submitted", to: "review" },
      { from: "review", outcome: "approved", to: "complete" },
      { from: "review", outcome: "rejected", to: "annotate" },
    ],
  };
}

/** specExample is the spec's example graph, with a sample router and a loose consensus stage. */
export function specExample(): Graph {
  return {
    stages: [
      { id: "start", kind: "start", name: "Start", position: { x: 40, y: 120 } },
      { id: "annotate", kind: "annotate", name: "Annotate", position: { x: 220, y: 120 }, assignees: [{ type: "group", id: "g1" }] },
      { id: "review", kind: "review", name: "Review", position: { x: 420, y: 120 } },
      {
        id: "sample",
        kind: "router",
        name: "10% to expert review",
        position: { x: 620, y: 120 },
        router: { by: "sample", routes: [{ name: "expert", rate: 10 }, { name: "done", rate: 90 }] },
      },
      {
        id: "consensus",
        kind: "consensus",
        name: "Consensus",
        position: { x: 220, y: 300 },
        consensus: { annotators: 3, threshold: 0.8, resolvers: [{ type: "user", id: "u1" }] },
      },
      { id: "complete", kind: "complete", name: "Complete", position: { x: 820, y: 120 } },
    ],
    edges: [
      { from: "start", outcome: "next", to: "annotate" },
      { from: "annotate", outcome: "submitted", to: "review" },
      { from: "review", outcome: "approved", to: "sample" },
      { from: "review", outcome: "rejected", to: "annotate" },
      { from: "sample", outcome: "expert", to: "consensus" },
      { from: "sample", outcome: "done", to: "complete" },
    ],
  };
}

/** unplaced drops every position (as an imported graph may come). */
export function unplaced(g: Graph): Graph {
  return { ...g, stages: g.stages.map(({ position: _, ...s }) => s) };
}
