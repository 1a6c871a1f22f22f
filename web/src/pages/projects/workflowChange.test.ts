import { describe, expect, it } from "vitest";
import { annotateReview, specExample } from "../../workflow/testGraphs";
import { changeProblems, cleanMapping, mappingTargets, moveRows, sameGraph } from "./workflowChange";

describe("changeProblems", () => {
  it("sorts mapping, workflow and other errors", () => {
    const p = changeProblems([
      { location: "body.mapping.qa", message: "'QA' holds 12 tasks; choose the stage they move to" },
      { location: "body.mapping.expert", message: "no stage 'exprt' in the new workflow" },
      { location: "body.workflow.stages[2]", message: "the outcome 'rejected' of 'Review' has no edge" },
      { location: "body.workflow", message: "is required" },
      { location: "body.revision", message: "must be at least 1" },
      { message: "odd" },
    ]);
    expect(p.mapping).toEqual({
      qa: "'QA' holds 12 tasks; choose the stage they move to",
      expert: "no stage 'exprt' in the new workflow",
    });
    expect(p.workflow.map((e) => e.location)).toEqual(["body.workflow.stages[2]", "body.workflow"]);
    expect(p.other).toEqual(["must be at least 1", "odd"]);
  });

  it("keeps a stage id with dashes and dots after mapping.", () => {
    expect(changeProblems([{ location: "body.mapping.review-2", message: "m" }]).mapping).toEqual({ "review-2": "m" });
  });
});

describe("mapping", () => {
  it("offers the stages where tasks wait", () => {
    expect(mappingTargets(specExample()).map((s) => s.id)).toEqual(["annotate", "review", "consensus", "complete"]);
  });

  it("drops choices of stages the new graph lacks or where tasks cannot wait", () => {
    expect(cleanMapping({ qa: "review", x: "sample", y: "gone", z: "" }, specExample())).toEqual({ qa: "review" });
  });
});

describe("moveRows", () => {
  it("names the stages of a plan", () => {
    const rows = moveRows(
      [
        { from: "annotate", to: "annotate", tasks: 5 },
        { from: "consensus", to: "review", tasks: 12 },
      ],
      specExample(),
      annotateReview(),
    );
    expect(rows).toEqual([
      { from: "annotate", to: "annotate", fromName: "Annotate", toName: "Annotate", tasks: 5, stays: true },
      { from: "consensus", to: "review", fromName: "Consensus", toName: "Review", tasks: 12, stays: false },
    ]);
  });
});

describe("sameGraph", () => {
  it("compares the JSON", () => {
    expect(sameGraph(annotateReview(), annotateReview())).toBe(true);
    expect(sameGraph(annotateReview(), specExample())).toBe(false);
  });
});
