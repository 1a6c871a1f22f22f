import { describe, expect, it } from "vitest";
import { annotateReview } from "../../workflow/testGraphs";
import {
  checkCollaborator,
  checkStep,
  createRequest,
  emptyDraft,
  firstErrorStep,
  pickTemplate,
  placeErrors,
  rowProblems,
  stepsWithErrors,
  type CollaboratorDraft,
  type Draft,
} from "./wizard";

const row = (key: string, over: Partial<CollaboratorDraft> = {}): CollaboratorDraft => ({
  key,
  kind: "email",
  email: `${key}@example.com`,
  groupId: "",
  role: "annotator",
  ...over,
});

function draft(over: Partial<Draft> = {}): Draft {
  return {
    ...emptyDraft(),
    name: "Street scenes",
    ontologyId: "o1",
    workflow: annotateReview(),
    datasetIds: ["d1", "d2"],
    collaborators: [row("a"), row("b", { kind: "group", email: "", groupId: "g1", role: "reviewer" })],
    tagIds: ["t1"],
    ...over,
  };
}

describe("checkStep", () => {
  it("wants a name, at most 100 characters", () => {
    expect(checkStep("details", draft({ name: "  " }))).toEqual({ name: "Give the project a name" });
    expect(checkStep("details", draft({ name: "x".repeat(101) })).name).toMatch(/100/);
    expect(checkStep("details", draft())).toEqual({});
    expect(checkStep("details", draft({ description: "x".repeat(2001) })).description).toMatch(/2000/);
  });

  it("takes no datasets as well as some", () => {
    expect(checkStep("data", draft({ datasetIds: [] }))).toEqual({});
  });

  it("requires an ontology", () => {
    expect(checkStep("ontology", draft({ ontologyId: "" }))).toHaveProperty("ontology_id");
    expect(checkStep("ontology", draft())).toEqual({});
  });

  it("requires a workflow the server did not refuse", () => {
    expect(checkStep("workflow", draft({ workflow: null }))[""]).toMatch(/template/);
    expect(checkStep("workflow", draft(), { workflowValid: false })[""]).toMatch(/problems/);
    expect(checkStep("workflow", draft(), { workflowValid: true })).toEqual({});
    // Not yet checked: the server will say so on Create.
    expect(checkStep("workflow", draft())).toEqual({});
  });

  it("checks every person and group row, keyed by row", () => {
    const d = draft({
      collaborators: [
        row("a", { email: "nope" }),
        row("b", { kind: "group", groupId: "" }),
        row("c", { kind: "group", groupId: "g1", role: "team_manager" }),
        row("d", { email: "A@example.com" }),
        row("e", { email: "a@example.com " }),
      ],
    });
    expect(checkStep("people", d)).toEqual({
      "a.email": "Not an email address",
      "b.group_id": "Choose a group",
      "c.role": expect.stringMatching(/group may annotate/),
      "e.email": "Is listed already",
    });
  });
});

describe("checkCollaborator", () => {
  it("wants an address or a group", () => {
    expect(checkCollaborator(row("a", { email: "" }), [])).toEqual({ email: "Enter an email address" });
    expect(checkCollaborator(row("a"), [])).toEqual({});
    expect(checkCollaborator(row("b", { kind: "group", groupId: "g1" }), [row("a", { kind: "group", groupId: "g1" })])).toEqual({
      group_id: "Is listed already",
    });
  });
});

describe("createRequest", () => {
  it("sends one body with everything, trimmed, and remembers the order", () => {
    const { body, sent } = createRequest(draft({ name: "  Street scenes ", description: "  " }));
    expect(body).toEqual({
      name: "Street scenes",
      description: undefined,
      ontology_id: "o1",
      workflow: annotateReview(),
      dataset_ids: ["d1", "d2"],
      collaborators: [
        { email: "a@example.com", role: "annotator" },
        { group_id: "g1", role: "reviewer" },
      ],
      tag_ids: ["t1"],
    });
    expect(sent).toEqual({ datasetIds: ["d1", "d2"], collaboratorKeys: ["a", "b"] });
  });

  it("leaves out empty lists", () => {
    const { body } = createRequest(draft({ datasetIds: [], collaborators: [], tagIds: [] }));
    expect(body.dataset_ids).toBeUndefined();
    expect(body.collaborators).toBeUndefined();
    expect(body.tag_ids).toBeUndefined();
  });
});

describe("placeErrors", () => {
  const sent = { datasetIds: ["d1", "d2"], collaboratorKeys: ["a", "b"] };

  it("puts each location on its step and field", () => {
    const e = placeErrors(
      "validation failed",
      [
        { location: "body.name", message: "is required" },
        { location: "body.tag_ids", message: "no such tag" },
        { location: "body.dataset_ids[1]", message: "dataset not found" },
        { location: "body.ontology_id", message: "no such ontology in this workspace" },
        { location: "body.workflow.stages[2].name", message: "'REVIEW' is already the name of another stage" },
        { location: "body.workflow", message: "give either a workflow graph or a template_id" },
        { location: "body.collaborators[1].role", message: "a group may annotate and review" },
        { location: "body.collaborators[0].user_id", message: "is not a member of this workspace" },
        { location: "body.collaborators[0].email", message: "no account has this address" },
        { location: "body.collaborators[7].role", message: "out of range" },
        { location: "body.somewhere", message: "odd" },
        { message: "no location" },
      ],
      sent,
    );
    expect(e.message).toBe("validation failed");
    expect(e.details).toEqual({ name: "is required", tag_ids: "no such tag" });
    expect(e.data).toEqual({ d2: "dataset not found" });
    expect(e.ontology).toEqual({ ontology_id: "no such ontology in this workspace" });
    expect(e.workflow.map((w) => w.location)).toEqual(["body.workflow.stages[2].name", "body.workflow"]);
    expect(e.people).toEqual({
      "b.role": "a group may annotate and review",
      "a.email": "is not a member of this workspace; no account has this address",
      "": "out of range",
    });
    expect(e.general).toEqual(["odd", "no location"]);
    expect(stepsWithErrors(e)).toEqual(["details", "data", "ontology", "workflow", "people"]);
    expect(firstErrorStep(e)).toBe("details");
  });

  it("jumps to the first step named", () => {
    expect(firstErrorStep(placeErrors("x", [{ location: "body.collaborators[1].role", message: "m" }], sent))).toBe("people");
    expect(firstErrorStep(placeErrors("x", [{ location: "body.workflow.edges[0].to", message: "m" }], sent))).toBe("workflow");
    expect(firstErrorStep(placeErrors("x", [{ location: "body.template_id", message: "m" }], sent))).toBe("workflow");
    expect(firstErrorStep(placeErrors("x", [{ location: "body.ontology_version", message: "m" }], sent))).toBe("ontology");
    expect(firstErrorStep(placeErrors("Forbidden", [], sent))).toBeNull();
  });

  it("reads a row's problems back by field", () => {
    const e = placeErrors("x", [{ location: "body.collaborators[1].group_id", message: "group not found" }], sent);
    expect(rowProblems(e.people, "b")).toEqual({ group_id: "group not found" });
    expect(rowProblems(e.people, "a")).toEqual({});
  });
});

describe("pickTemplate", () => {
  it("prefers annotate-review", () => {
    expect(pickTemplate([{ id: "annotate" }, { id: "annotate-review" }])?.id).toBe("annotate-review");
    expect(pickTemplate([{ id: "x" }])?.id).toBe("x");
    expect(pickTemplate([])).toBeUndefined();
  });
});
