// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { WorkflowBuilder, type People } from "./WorkflowBuilder";
import { connect, disconnect, findStage, outPort, stageRect } from "./model";
import { annotateReview, specExample, unplaced } from "./testGraphs";
import type { Graph } from "./types";

afterEach(cleanup);

const people: People = {
  users: [{ id: "u1", name: "Ada Lovelace", email: "ada@example.com" }],
  groups: [{ id: "g1", name: "Labellers" }],
};

/** Harness holds the graph like a page would, and reports every change. */
function Harness({
  initial,
  onChange,
  errors,
  readOnly,
}: {
  initial: Graph;
  onChange?: (g: Graph) => void;
  errors?: { location?: string; message?: string }[];
  readOnly?: boolean;
}) {
  const [g, setG] = useState(initial);
  return (
    <WorkflowBuilder
      value={g}
      onChange={(next) => {
        setG(next);
        onChange?.(next);
      }}
      errors={errors}
      readOnly={readOnly}
      people={people}
    />
  );
}

function setup(initial: Graph = annotateReview(), extra: { errors?: { location?: string; message?: string }[]; readOnly?: boolean } = {}) {
  const onChange = vi.fn<(g: Graph) => void>();
  const utils = render(<Harness initial={initial} onChange={onChange} {...extra} />);
  const last = () => onChange.mock.lastCall?.[0] as Graph;
  return { ...utils, onChange, last };
}

const stageEl = (c: HTMLElement, id: string) => c.querySelector(`[data-stage-id="${id}"]`) as SVGGElement;
const edgeEl = (c: HTMLElement, key: string) => c.querySelector(`[data-edge="${key}"]`) as SVGGElement | null;
const portEl = (c: HTMLElement, key: string) => c.querySelector(`[data-port="${key}"]`) as SVGGElement | null;

/** click presses and releases the primary button on an element of the canvas, at a canvas point. */
function press(el: Element, x = 0, y = 0) {
  fireEvent.pointerDown(el, { button: 0, pointerId: 1, clientX: x, clientY: y });
  fireEvent.pointerUp(el, { button: 0, pointerId: 1, clientX: x, clientY: y });
}

describe("WorkflowBuilder", () => {
  it("draws a template: stages with their ports, and labelled edges", () => {
    const { container } = setup();
    expect(screen.getByRole("application", { name: "Workflow graph" })).toBeTruthy();
    for (const name of ["Stage Start (start)", "Stage Annotate (annotate)", "Stage Review (review)", "Stage Complete (complete)"]) {
      expect(screen.getByRole("button", { name })).toBeTruthy();
    }
    expect(screen.getByRole("button", { name: "Edge Review rejected → Annotate" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Edge Annotate submitted → Review" })).toBeTruthy();
    expect(portEl(container, "review:approved")).toBeTruthy();
    expect(portEl(container, "review:rejected")).toBeTruthy();
    expect(stageEl(container, "start").querySelector(".wf-port-in")).toBeNull();
    expect(stageEl(container, "review").querySelector(".wf-port-in")).toBeTruthy();
    expect(stageEl(container, "complete").querySelector("[data-port]")).toBeNull();
    expect(container.querySelector(".wf-missing")).toBeNull();
    // start exists, so the palette offers no second one
    expect(screen.queryByRole("button", { name: "Add start stage" })).toBeNull();
  });

  it("adds a stage from the palette, selects it and renames it in the side panel", () => {
    const { container, last } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Add review stage" }));
    const added = findStage(last(), "review-2");
    expect(added).toMatchObject({ kind: "review", name: "Review 2" });
    const node = screen.getByRole("button", { name: "Stage Review 2 (review)" });
    expect(node.getAttribute("aria-pressed")).toBe("true");
    // its outcomes have no edge yet: the ports say so
    expect(portEl(container, "review-2:approved")?.closest(".wf-outcome")?.classList.contains("wf-missing")).toBe(true);

    const name = screen.getByLabelText("Name") as HTMLInputElement;
    expect(name.value).toBe("Review 2");
    fireEvent.change(name, { target: { value: "Second opinion" } });
    expect(findStage(last(), "review-2")?.name).toBe("Second opinion");
    expect(screen.getByRole("button", { name: "Stage Second opinion (review)" })).toBeTruthy();
  });

  it("offers start in the palette when the graph has none", () => {
    const { last } = setup({ stages: [], edges: [] });
    expect(screen.getByText("No stages yet")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add start stage" }));
    expect(last().stages.map((s) => s.kind)).toEqual(["start"]);
    expect(screen.queryByRole("button", { name: "Add start stage" })).toBeNull();
  });

  it("draws an edge made with the model", () => {
    const g = disconnect(annotateReview(), "annotate", "submitted");
    const onChange = vi.fn();
    const { container, rerender } = render(<WorkflowBuilder value={g} onChange={onChange} />);
    expect(edgeEl(container, "annotate:submitted")).toBeNull();
    expect(portEl(container, "annotate:submitted")?.closest(".wf-outcome")?.classList.contains("wf-missing")).toBe(true);
    rerender(<WorkflowBuilder value={connect(g, "annotate", "submitted", "review")} onChange={onChange} />);
    expect(screen.getByRole("button", { name: "Edge Annotate submitted → Review" })).toBeTruthy();
    expect(portEl(container, "annotate:submitted")?.closest(".wf-outcome")?.classList.contains("wf-missing")).toBe(false);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("connects by dragging from an outcome's port onto a stage", () => {
    const g = disconnect(annotateReview(), "annotate", "submitted");
    const { container, last } = setup(g);
    const from = outPort(findStage(g, "annotate")!, "submitted")!;
    const r = stageRect(findStage(g, "review")!);
    const svg = screen.getByRole("application");
    fireEvent.pointerDown(portEl(container, "annotate:submitted")!.querySelector("circle")!, {
      button: 0,
      pointerId: 7,
      clientX: from.x,
      clientY: from.y,
    });
    fireEvent.pointerMove(svg, { pointerId: 7, clientX: r.x + 20, clientY: r.y + 20 });
    expect(container.querySelector(".wf-link-line")).toBeTruthy();
    expect(stageEl(container, "review").classList.contains("wf-target")).toBe(true);
    fireEvent.pointerUp(svg, { pointerId: 7, clientX: r.x + r.w / 2, clientY: r.y + r.h / 2 });
    expect(container.querySelector(".wf-link-line")).toBeNull();
    expect(last().edges).toContainEqual({ from: "annotate", outcome: "submitted", to: "review" });
    expect(edgeEl(container, "annotate:submitted")?.getAttribute("aria-pressed")).toBe("true");
  });

  it("refuses to connect into start", () => {
    const g = disconnect(annotateReview(), "annotate", "submitted");
    const { container, onChange } = setup(g);
    const from = outPort(findStage(g, "annotate")!, "submitted")!;
    const r = stageRect(findStage(g, "start")!);
    const svg = screen.getByRole("application");
    fireEvent.pointerDown(portEl(container, "annotate:submitted")!, { button: 0, pointerId: 1, clientX: from.x, clientY: from.y });
    fireEvent.pointerMove(svg, { pointerId: 1, clientX: r.x + 10, clientY: r.y + 10 });
    expect(stageEl(container, "start").classList.contains("wf-target")).toBe(false);
    fireEvent.pointerUp(svg, { pointerId: 1, clientX: r.x + 10, clientY: r.y + 10 });
    expect(onChange).not.toHaveBeenCalled();
  });

  it("moves a dragged stage on the grid", () => {
    const { container, last } = setup();
    const svg = screen.getByRole("application");
    const node = stageEl(container, "review");
    fireEvent.pointerDown(node.querySelector("rect")!, { button: 0, pointerId: 2, clientX: 600, clientY: 150 });
    fireEvent.pointerMove(svg, { pointerId: 2, clientX: 633, clientY: 194 });
    // drawn at its new place while dragging, reported once dropped
    expect(node.getAttribute("transform")).toBe("translate(590,160)");
    fireEvent.pointerUp(svg, { pointerId: 2, clientX: 633, clientY: 194 });
    expect(findStage(last(), "review")?.position).toEqual({ x: 590, y: 160 });
  });

  it("marks the stages and edges the server names, and lists the graph's problems", () => {
    const { container } = setup(annotateReview(), {
      errors: [
        { location: "body.graph.stages[2].name", message: "'Review' is already the name of stages[1]" },
        { location: "body.graph.edges[3].to", message: "a cycle of routers" },
        { location: "body.graph", message: "no complete is reachable from 'Annotate'" },
      ],
    });
    const review = stageEl(container, "review");
    expect(review.classList.contains("wf-has-error")).toBe(true);
    expect(review.querySelector(".wf-badge")?.textContent).toBe("1");
    expect(review.querySelector("title")?.textContent).toContain("is already the name");
    expect(stageEl(container, "annotate").classList.contains("wf-has-error")).toBe(false);
    expect(edgeEl(container, "review:rejected")?.classList.contains("wf-has-error")).toBe(true);
    expect(screen.getByRole("alert").textContent).toContain("no complete is reachable from 'Annotate'");

    // selecting the stage shows its message next to the field
    press(review.querySelector("rect")!, 600, 150);
    const name = screen.getByLabelText("Name");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(name.nextElementSibling?.textContent).toBe("'Review' is already the name of stages[1]");

    press(edgeEl(container, "review:rejected")!.querySelector("path")!);
    expect(screen.getByRole("list", { name: "Problems with this edge" }).textContent).toContain("to: a cycle of routers");
  });

  it("keeps errors on their stage after an edit moves the indexes", () => {
    const errors = [{ location: "body.graph.stages[2].name", message: "taken" }];
    const { container } = setup(annotateReview(), { errors });
    press(stageEl(container, "annotate").querySelector("rect")!, 320, 150);
    fireEvent.keyDown(screen.getByRole("application"), { key: "Delete" });
    expect(stageEl(container, "annotate")).toBeNull();
    expect(stageEl(container, "review").classList.contains("wf-has-error")).toBe(true);
  });

  it("undoes and redoes with the keyboard", () => {
    const { container, last } = setup();
    press(stageEl(container, "review").querySelector("rect")!, 600, 150);
    const name = screen.getByLabelText("Name") as HTMLInputElement;
    fireEvent.change(name, { target: { value: "Q" } });
    fireEvent.change(name, { target: { value: "QA" } });
    expect(findStage(last(), "review")?.name).toBe("QA");
    const canvas = screen.getByRole("application");
    // one undo takes back the whole run of typing
    fireEvent.keyDown(canvas, { key: "z", ctrlKey: true });
    expect(findStage(last(), "review")?.name).toBe("Review");
    expect(screen.getByRole("button", { name: "Stage Review (review)" })).toBeTruthy();
    fireEvent.keyDown(canvas, { key: "z", ctrlKey: true, shiftKey: true });
    expect(findStage(last(), "review")?.name).toBe("QA");
    fireEvent.keyDown(canvas, { key: "z", metaKey: true });
    fireEvent.keyDown(canvas, { key: "y", ctrlKey: true });
    expect(findStage(last(), "review")?.name).toBe("QA");
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    expect(findStage(last(), "review")?.name).toBe("Review");
    expect((screen.getByRole("button", { name: "Undo" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("leaves undo to a text field that has focus", () => {
    const { container, onChange } = setup();
    press(stageEl(container, "review").querySelector("rect")!, 600, 150);
    const name = screen.getByLabelText("Name");
    fireEvent.change(name, { target: { value: "QA" } });
    const calls = onChange.mock.calls.length;
    fireEvent.keyDown(name, { key: "z", ctrlKey: true });
    fireEvent.keyDown(name, { key: "Backspace" });
    expect(onChange.mock.calls.length).toBe(calls);
  });

  it("removes the selected edge or stage with Delete, and deselects with Escape", () => {
    const { container, last } = setup();
    const canvas = screen.getByRole("application");
    press(edgeEl(container, "review:rejected")!.querySelector("path")!);
    expect(screen.getByRole("complementary", { name: "Edge" })).toBeTruthy();
    fireEvent.keyDown(canvas, { key: "Delete" });
    expect(last().edges.some((e) => e.from === "review" && e.outcome === "rejected")).toBe(false);
    expect(edgeEl(container, "review:rejected")).toBeNull();
    expect(portEl(container, "review:rejected")?.closest(".wf-outcome")?.classList.contains("wf-missing")).toBe(true);

    press(stageEl(container, "review").querySelector("rect")!, 600, 150);
    fireEvent.keyDown(canvas, { key: "Escape" });
    expect(screen.getByRole("complementary", { name: "Workflow" })).toBeTruthy();

    press(stageEl(container, "review").querySelector("rect")!, 600, 150);
    fireEvent.keyDown(canvas, { key: "Backspace" });
    expect(findStage(last(), "review")).toBeUndefined();
    expect(last().edges.every((e) => e.from !== "review" && e.to !== "review")).toBe(true);
  });

  it("connects an outcome from the side panel", () => {
    const g = disconnect(annotateReview(), "review", "approved");
    const { container, last } = setup(g);
    press(stageEl(container, "review").querySelector("rect")!, 600, 150);
    const select = screen.getByLabelText("approved →") as HTMLSelectElement;
    expect(select.value).toBe("");
    expect(within(select).queryByText("Start")).toBeNull();
    fireEvent.change(select, { target: { value: "complete" } });
    expect(last().edges).toContainEqual({ from: "review", outcome: "approved", to: "complete" });
  });

  it("picks assignees from people", () => {
    const { container, last } = setup();
    press(stageEl(container, "annotate").querySelector("rect")!, 320, 150);
    fireEvent.change(screen.getByLabelText("Annotators"), { target: { value: "group:g1" } });
    expect(findStage(last(), "annotate")?.assignees).toEqual([{ type: "group", id: "g1" }]);
    expect(screen.getByText("Labellers")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Remove Labellers" }));
    expect(findStage(last(), "annotate")?.assignees).toEqual([]);
  });

  it("edits a router's routes and keeps their edges", () => {
    const { container, last } = setup(specExample());
    press(stageEl(container, "sample").querySelector("rect")!, 640, 140);
    const total = () => container.querySelector(".wf-total .badge")?.textContent;
    expect(total()).toBe("100%");
    fireEvent.change(screen.getByLabelText("Route 1"), { target: { value: "experts" } });
    expect(last().edges).toContainEqual({ from: "sample", outcome: "experts", to: "consensus" });
    expect(portEl(container, "sample:experts")).toBeTruthy();
    // a name another route has is refused, and said so
    fireEvent.change(screen.getByLabelText("Route 1"), { target: { value: "done" } });
    expect(screen.getByText("another route is named 'done'")).toBeTruthy();
    expect(last().edges).toContainEqual({ from: "sample", outcome: "experts", to: "consensus" });

    fireEvent.click(screen.getByRole("button", { name: "Add route" }));
    expect(portEl(container, "sample:route-3")?.closest(".wf-outcome")?.classList.contains("wf-missing")).toBe(true);
    fireEvent.change(screen.getAllByLabelText("Share (%)")[0], { target: { value: "5" } });
    expect(total()).toBe("95%");
    fireEvent.click(screen.getByRole("button", { name: "Remove route route-3" }));
    expect(portEl(container, "sample:route-3")).toBeNull();

    fireEvent.change(screen.getByLabelText("Route by"), { target: { value: "metadata" } });
    expect(portEl(container, "sample:otherwise")).toBeTruthy();
    expect(screen.getAllByLabelText("Metadata key")).toHaveLength(2);
  });

  it("edits a consensus stage", () => {
    const { container, last } = setup(specExample());
    press(stageEl(container, "consensus").querySelector("rect")!, 240, 320);
    fireEvent.change(screen.getByLabelText("Annotators per task"), { target: { value: "5" } });
    fireEvent.change(screen.getByLabelText("Agreement threshold"), { target: { value: "0.9" } });
    expect(findStage(last(), "consensus")?.consensus).toMatchObject({ annotators: 5, threshold: 0.9 });
    expect(screen.getByText("Ada Lovelace")).toBeTruthy();
  });

  it("is read-only but still selects", () => {
    const { container, onChange } = setup(annotateReview(), { readOnly: true });
    expect(screen.queryByRole("button", { name: "Add review stage" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
    expect(screen.getByRole("button", { name: "Zoom in" })).toBeTruthy();
    const svg = screen.getByRole("application");
    const node = stageEl(container, "review");
    fireEvent.pointerDown(node.querySelector("rect")!, { button: 0, pointerId: 3, clientX: 600, clientY: 150 });
    fireEvent.pointerMove(svg, { pointerId: 3, clientX: 700, clientY: 250 });
    fireEvent.pointerUp(svg, { pointerId: 3, clientX: 700, clientY: 250 });
    expect(node.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByLabelText("Name").matches(":disabled")).toBe(true);
    fireEvent.keyDown(svg, { key: "Delete" });
    expect(stageEl(container, "review")).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
  });

  it("lays out a graph that has no positions", () => {
    const { container } = setup(unplaced(annotateReview()));
    const xs = ["start", "annotate", "review", "complete"].map((id) => {
      const m = /translate\(([-\d.]+),/.exec(stageEl(container, id).getAttribute("transform") ?? "");
      return Number(m?.[1]);
    });
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(4);
  });

  it("zooms with the buttons", () => {
    setup();
    const zoom = screen.getByRole("button", { name: "Zoom to 100%" });
    expect(zoom.textContent).toBe("100%");
    fireEvent.click(screen.getByRole("button", { name: "Zoom in" }));
    expect(zoom.textContent).toBe("120%");
    fireEvent.click(screen.getByRole("button", { name: "Zoom out" }));
    expect(zoom.textContent).toBe("100%");
  });
});
