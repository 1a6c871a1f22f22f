// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { AttributePanel } from "./AttributePanel";
import { ClassificationPanel } from "./ClassificationPanel";
import { ObjectList } from "./ObjectList";
import { imageItem, imageLabel, sampleOntology, videoItem, videoLabel } from "./fixtures";
import { bindErrors, createState, select, setFrame, type BoundErrors, type EditorState, type Label } from "./model";
import type { Act } from "./act";

afterEach(cleanup);

let latest: EditorState;

function Harness({ initial, panel, errors, readOnly }: { initial: EditorState; panel: "attributes" | "objects" | "classifications"; errors?: BoundErrors; readOnly?: boolean }) {
  const [s, setS] = useState(initial);
  latest = s;
  const act: Act = (fn) => setS(fn);
  if (panel === "attributes") return <AttributePanel state={s} act={act} errors={errors} readOnly={readOnly} />;
  if (panel === "objects") return <ObjectList state={s} act={act} errors={errors} readOnly={readOnly} />;
  return <ClassificationPanel state={s} act={act} errors={errors} readOnly={readOnly} />;
}

const imageState = (label: Label = imageLabel()) => createState({ ontology: sampleOntology(), item: imageItem(), label });
const attrs = (id: string) => latest.label.objects.find((o) => o.id === id)?.attributes;

describe("AttributePanel", () => {
  it("asks to select an object when none is", () => {
    render(<Harness initial={imageState()} panel="attributes" />);
    expect(screen.getByText(/Select an object/)).toBeTruthy();
  });

  it("shows the selected object's attributes, each labelled by its name, nested ones under their chosen option", () => {
    render(<Harness initial={select(imageState(), "o1")} panel="attributes" />);
    const occ = screen.getByRole("radiogroup", { name: "Occlusion" });
    expect(within(occ).getByLabelText("Partial")).toHaveProperty("checked", true);
    expect(screen.getByLabelText("Occluded %")).toHaveProperty("value", "30");
    expect(screen.getByLabelText("Plate")).toHaveProperty("value", "AB-123");
    expect(screen.getByRole("group", { name: "Tags" })).toBeTruthy();
  });

  it("choosing another option hides the nested field and clears its value", () => {
    render(<Harness initial={select(imageState(), "o1")} panel="attributes" />);
    fireEvent.click(within(screen.getByRole("radiogroup", { name: "Occlusion" })).getByLabelText("None"));
    expect(screen.queryByLabelText("Occluded %")).toBeNull();
    expect(attrs("o1")).toEqual({ occlusion: "none", tags: ["parked"], plate: "AB-123" });
    fireEvent.click(within(screen.getByRole("radiogroup", { name: "Occlusion" })).getByLabelText("Partial"));
    expect(screen.getByLabelText("Occluded %")).toHaveProperty("value", "");
  });

  it("sets text, numbers and checklists", () => {
    render(<Harness initial={select(imageState(), "o1")} panel="attributes" />);
    fireEvent.change(screen.getByLabelText("Plate"), { target: { value: "XY-1" } });
    fireEvent.change(screen.getByLabelText("Occluded %"), { target: { value: "55" } });
    fireEvent.click(within(screen.getByRole("group", { name: "Tags" })).getByLabelText("Damaged"));
    expect(attrs("o1")).toEqual({ occlusion: "partial", occluded_pct: 55, tags: ["parked", "damaged"], plate: "XY-1" });
    fireEvent.change(screen.getByLabelText("Occluded %"), { target: { value: "" } });
    expect(attrs("o1")).not.toHaveProperty("occluded_pct");
  });

  it("a number field has the attribute's range and step", () => {
    render(<Harness initial={select(imageState(), "o3")} panel="attributes" />);
    const limit = screen.getByLabelText("Limit (km/h)") as HTMLInputElement;
    expect([limit.min, limit.max, limit.step]).toEqual(["5", "130", "1"]);
    expect(screen.getByText("5–130")).toBeTruthy();
  });

  it("clears a radio with its Clear button", () => {
    render(<Harness initial={select(imageState(), "o6")} panel="attributes" />);
    fireEvent.click(screen.getByRole("button", { name: "Clear State" }));
    expect(attrs("o6")).toBeUndefined();
  });

  it("shows a server error right after the field it names", () => {
    const s = select(imageState(), "o1");
    const errors = bindErrors([{ location: "body.label.objects[0].attributes.plate", message: "longer than 20 characters" }, { location: "body.label.objects[0].geometry.w", message: "x + w = 700 lies outside the item's width 640" }], s.label);
    render(<Harness initial={s} panel="attributes" errors={errors} />);
    const plate = screen.getByLabelText("Plate");
    expect(plate.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(plate.getAttribute("aria-describedby")!)?.textContent).toBe("longer than 20 characters");
    expect(within(screen.getByRole("list", { name: "Problems with this object" })).getByText(/lies outside/)).toBeTruthy();
  });

  it("read-only shows the values with every field disabled", () => {
    render(<Harness initial={select(imageState(), "o1")} panel="attributes" readOnly />);
    expect(within(screen.getByRole("radiogroup", { name: "Occlusion" })).getByLabelText("None")).toHaveProperty("disabled", true);
    expect(screen.getByLabelText("Plate")).toHaveProperty("readOnly", true);
    expect(screen.queryByRole("button", { name: "Clear Occlusion" })).toBeNull();
  });

  it("lists a skeleton's points and marks one hidden or visible", () => {
    render(<Harness initial={select(imageState(), "o7")} panel="attributes" />);
    const row = document.querySelector('[data-point-id="left_hand"]') as HTMLElement;
    expect(within(row).getByText("hidden")).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: "Mark visible" }));
    expect((latest.label.objects.find((o) => o.id === "o7")!.geometry as { points: Record<string, object> }).points.left_hand).toEqual({ x: 470, y: 300 });
    expect(within(document.querySelector('[data-point-id="right_hand"]') as HTMLElement).getByText("not placed")).toBeTruthy();
  });

  it("says when an object is interpolated, and an edit there makes a keyframe", () => {
    const s = select(setFrame(createState({ ontology: sampleOntology(), item: videoItem(), label: videoLabel() }), 5), "~t1@5");
    render(<Harness initial={s} panel="attributes" />);
    expect(screen.getByText(/Interpolated between keyframes/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Plate"), { target: { value: "K" } });
    expect(latest.label.objects.filter((o) => o.track === "t1").map((o) => o.frame)).toEqual([0, 5, 10]);
  });
});

describe("ObjectList", () => {
  it("lists every object with a data-object-id row, and a click selects", () => {
    render(<Harness initial={imageState()} panel="objects" />);
    const rows = document.querySelectorAll("[data-object-id]");
    expect([...rows].map((r) => r.getAttribute("data-object-id"))).toEqual(["o1", "o3", "o4", "o5", "o6", "o7", "o8"]);
    fireEvent.click(within(rows[1] as HTMLElement).getByText("Traffic sign 2"));
    expect(latest.selected).toBe("o3");
    expect(rows[1].getAttribute("aria-selected")).toBe("true");
  });

  it("hides, locks and deletes from a row", () => {
    render(<Harness initial={imageState()} panel="objects" />);
    const row = () => document.querySelector('[data-object-id="o1"]') as HTMLElement;
    fireEvent.click(within(row()).getByRole("button", { name: "Hide" }));
    expect(latest.hidden).toEqual(["id:o1"]);
    expect(within(row()).getByRole("button", { name: "Show" })).toBeTruthy();
    fireEvent.click(within(row()).getByRole("button", { name: "Lock" }));
    expect(within(row()).getByRole("button", { name: "Delete" })).toHaveProperty("disabled", true);
    fireEvent.click(within(row()).getByRole("button", { name: "Unlock" }));
    fireEvent.click(within(row()).getByRole("button", { name: "Delete" }));
    expect(document.querySelector('[data-object-id="o1"]')).toBeNull();
    expect(latest.label.objects.map((o) => o.id)).not.toContain("o1");
  });

  it("marks rows with problems", () => {
    const s = imageState();
    const errors = bindErrors([{ location: "body.label.objects[1].attributes.kind", message: "'Kind' is required" }], s.label);
    render(<Harness initial={s} panel="objects" errors={errors} />);
    const row = document.querySelector('[data-object-id="o3"]') as HTMLElement;
    expect(row.className).toContain("has-errors");
    expect(within(row).getByLabelText("1 problem").getAttribute("title")).toBe("'Kind' is required");
  });

  it("read-only keeps visibility and drops lock and delete", () => {
    render(<Harness initial={imageState()} panel="objects" readOnly />);
    const row = document.querySelector('[data-object-id="o1"]') as HTMLElement;
    expect(within(row).getByRole("button", { name: "Hide" })).toBeTruthy();
    expect(within(row).queryByRole("button", { name: "Lock" })).toBeNull();
    expect(within(row).queryByRole("button", { name: "Delete" })).toBeNull();
  });

  it("on a video lists the frame's keyframes and interpolated objects", () => {
    const s = setFrame(createState({ ontology: sampleOntology(), item: videoItem(), label: videoLabel() }), 5);
    render(<Harness initial={s} panel="objects" />);
    const row = document.querySelector('[data-object-id="~t1@5"]') as HTMLElement;
    expect(within(row).getByText("interpolated")).toBeTruthy();
    expect(within(document.querySelector('[data-object-id="p5"]') as HTMLElement).getByText("keyframe")).toBeTruthy();
  });

  it("says so when there is nothing", () => {
    render(<Harness initial={imageState({ objects: [] })} panel="objects" />);
    expect(screen.getByText(/No objects yet/)).toBeTruthy();
  });
});

describe("ClassificationPanel", () => {
  it("sets item classifications and opens nested ones", () => {
    render(<Harness initial={imageState({ objects: [] })} panel="classifications" />);
    fireEvent.click(within(screen.getByRole("radiogroup", { name: "Weather" })).getByLabelText("Rain"));
    fireEvent.click(within(screen.getByRole("group", { name: "Image issues" })).getByLabelText("Other"));
    fireEvent.change(screen.getByLabelText("Notes"), { target: { value: "lens flare" } });
    expect(latest.label.classifications).toEqual({ weather: "rain", issues: ["other"], issue_notes: "lens flare" });
    fireEvent.click(within(screen.getByRole("group", { name: "Image issues" })).getByLabelText("Other"));
    expect(screen.queryByLabelText("Notes")).toBeNull();
    expect(latest.label.classifications).toEqual({ weather: "rain" });
  });

  it("shows frame classifications on a video, for the current frame", () => {
    const s = setFrame(createState({ ontology: sampleOntology(), item: videoItem(), label: videoLabel() }), 3);
    render(<Harness initial={s} panel="classifications" />);
    expect(screen.getByText("Frame 3")).toBeTruthy();
    fireEvent.click(within(screen.getByRole("radiogroup", { name: "Daylight" })).getByLabelText("Night"));
    expect(latest.label.frames).toEqual([
      { frame: 0, classifications: { daylight: "day" } },
      { frame: 3, classifications: { daylight: "night" } },
    ]);
  });

  it("has no frame section on an image", () => {
    render(<Harness initial={imageState()} panel="classifications" />);
    expect(screen.queryByRole("radiogroup", { name: "Daylight" })).toBeNull();
  });
});
