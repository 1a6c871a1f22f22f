import { describe, expect, it } from "vitest";
import { imageItem, imageLabel, sampleOntology, SAMPLE_TEXT, textItem, textLabel, videoItem, videoLabel } from "../fixtures";
import { sequentialIds } from "./ids";
import {
  addKeyframe,
  canRedo,
  canUndo,
  cancelDraft,
  changeClass,
  commit,
  copyFrom,
  createObject,
  createSpan,
  createState,
  currentKeypoint,
  deleteObject,
  deleteTrack,
  deleteVertex,
  duplicateObject,
  endGroup,
  finishDraft,
  findObject,
  frameObjects,
  frameValues,
  hitTest,
  insertVertex,
  isHidden,
  moveBy,
  moveKeypoint,
  moveVertex,
  nudge,
  pointerDown,
  pointerMove,
  pointerUp,
  raise,
  redo,
  removeKeypoint,
  removeLastPoint,
  reorderObject,
  replaceLabel,
  resizeBox,
  rotateTo,
  select,
  selectNext,
  setActiveClass,
  setAllHidden,
  setAttribute,
  setClassification,
  setContext,
  setFrame,
  setGeometry,
  setKeypointVisible,
  setReadOnly,
  setSize,
  setSpan,
  skipKeypoint,
  stepFrame,
  toggleAttributeOption,
  toggleClassificationOption,
  toggleHidden,
  toggleLocked,
  undo,
  usableClasses,
  type EditorState,
} from "./state";
import type { BoxGeometry, Item, Label, LabelObject, RotatedBoxGeometry } from "./types";
import { validateLocal } from "./validate";

function image(label: Label = { objects: [] }, item: Item = imageItem(), extra: { historyLimit?: number } = {}): EditorState {
  return createState({ ontology: sampleOntology(), item, label, newId: sequentialIds("n"), ...extra });
}

function video(label: Label = videoLabel()): EditorState {
  return createState({ ontology: sampleOntology(), item: videoItem(), label, newId: sequentialIds("n") });
}

const drag = (s: EditorState, a: [number, number], b: [number, number]) =>
  pointerUp(pointerMove(pointerDown(s, { x: a[0], y: a[1] }), { x: b[0], y: b[1] }), { x: b[0], y: b[1] });

const clicks = (s: EditorState, pts: [number, number][], tolerance = 6) => pts.reduce((st, [x, y]) => pointerDown(st, { x, y }, { tolerance }), s);

const obj = (s: EditorState, id: string): LabelObject => s.label.objects.find((o) => o.id === id)!;
const last = (s: EditorState): LabelObject => s.label.objects[s.label.objects.length - 1];

describe("drawing a bounding box", () => {
  it("a drag with a class picked draws a box of that class, selected, with a new id", () => {
    let s = setActiveClass(image(), "car");
    expect(s.tool).toBe("draw");
    s = drag(s, [50.123, 60], [10, 20]);
    expect(s.label.objects).toEqual([{ id: "n1", class: "car", geometry: { x: 10, y: 20, w: 40.12, h: 40 } }]);
    expect(s.selected).toBe("n1");
    expect(s.draft).toBeNull();
    expect(s.tool).toBe("draw");
    expect(canUndo(s)).toBe(true);
  });

  it("shows the box while dragging, clamped to the image", () => {
    let s = pointerDown(setActiveClass(image(), "car"), { x: 600, y: 400 });
    s = pointerMove(s, { x: 900, y: 900 });
    expect(s.draft).toMatchObject({ kind: "box", start: { x: 600, y: 400 }, end: { x: 640, y: 480 } });
    s = pointerUp(s, { x: 900, y: 900 });
    expect(s.label.objects[0].geometry).toEqual({ x: 600, y: 400, w: 40, h: 80 });
  });

  it("a click without a drag draws nothing", () => {
    const s = drag(setActiveClass(image(), "car"), [10, 10], [11, 30]);
    expect(s.label.objects).toEqual([]);
    expect(s.draft).toBeNull();
    expect(canUndo(s)).toBe(false);
  });

  it("does nothing with the select tool, or read-only", () => {
    expect(drag(image(), [0, 0], [50, 50]).label.objects).toEqual([]);
    const ro = setActiveClass(createState({ ontology: sampleOntology(), item: imageItem(), label: { objects: [] }, readOnly: true }), "car");
    expect(ro.tool).toBe("select");
    expect(drag(ro, [0, 0], [50, 50]).label.objects).toEqual([]);
  });

  it("on a video the box lands on the current frame and starts a track", () => {
    let s = setActiveClass(setFrame(video({ objects: [] }), 7), "car");
    s = drag(s, [0, 0], [20, 20]);
    expect(last(s)).toEqual({ id: "n1", class: "car", frame: 7, track: "n2", geometry: { x: 0, y: 0, w: 20, h: 20 } });
  });
});

describe("drawing a rotated box", () => {
  it("a drag sizes it, moving turns it by its handle, a click fixes it", () => {
    let s = setActiveClass(image(), "sign");
    s = drag(s, [100, 100], [140, 120]);
    expect(s.draft).toMatchObject({ kind: "rotated", phase: "angle", angle: 0 });
    expect(s.label.objects).toEqual([]);
    s = pointerMove(s, { x: 200, y: 110 }); // straight right of the centre (120, 110): a quarter turn
    s = pointerDown(s, { x: 200, y: 110 });
    expect(s.label.objects[0].geometry).toEqual({ cx: 120, cy: 110, w: 40, h: 20, angle: 90 });
    expect(s.draft).toBeNull();
  });

  it("Enter fixes the angle too; a tiny drag draws nothing", () => {
    let s = drag(setActiveClass(image(), "sign"), [100, 100], [140, 120]);
    s = finishDraft(pointerMove(s, { x: 120, y: 0 }));
    expect((s.label.objects[0].geometry as RotatedBoxGeometry).angle).toBe(0);
    expect(drag(setActiveClass(image(), "sign"), [100, 100], [101, 120]).draft).toBeNull();
  });

  it("a turned box is slid back inside the image", () => {
    let s = drag(setActiveClass(image(), "sign"), [0, 0], [40, 40]);
    s = finishDraft(pointerMove(s, { x: 60, y: -20 })); // 45°, from outside the image
    const g = s.label.objects[0].geometry as RotatedBoxGeometry;
    expect(g.angle).toBe(45);
    expect(g.cx).toBeCloseTo(Math.SQRT2 * 20, 1);
    // Rounded to hundredths towards the inside: the server finds no corner outside.
    expect(validateLocal(s.label, s.ontology, s.item).filter((i) => i.location.includes("geometry"))).toEqual([]);
  });
});

describe("drawing polygons and polylines", () => {
  it("clicks add points and a click on the first point closes the polygon", () => {
    let s = clicks(setActiveClass(image(), "road"), [[0, 0], [100, 0], [100, 100]]);
    expect(s.draft).toMatchObject({ kind: "path", closed: true, points: [[0, 0], [100, 0], [100, 100]] });
    s = pointerDown(s, { x: 3, y: 2 }, { tolerance: 6 });
    expect(s.label.objects[0]).toEqual({ id: "n1", class: "road", geometry: { points: [[0, 0], [100, 0], [100, 100]] } });
  });

  it("Enter closes a polygon of three points or more, and not before", () => {
    let s = clicks(setActiveClass(image(), "road"), [[0, 0], [100, 0]]);
    s = finishDraft(s);
    expect(s.draft?.kind).toBe("path");
    s = finishDraft(clicks(s, [[50, 80]]));
    expect(s.label.objects).toHaveLength(1);
  });

  it("the first point does not close a polygon of fewer than three points", () => {
    const s = clicks(setActiveClass(image(), "road"), [[0, 0], [100, 0], [1, 1]]);
    expect(s.draft).toMatchObject({ points: [[0, 0], [100, 0]] });
  });

  it("a polyline ends on Enter, or on a second click on its last point", () => {
    let s = finishDraft(clicks(setActiveClass(image(), "lane"), [[0, 0], [50, 50]]));
    expect(s.label.objects[0].geometry).toEqual({ points: [[0, 0], [50, 50]] });
    s = clicks(setActiveClass(image(), "lane"), [[0, 0], [50, 50], [51, 50]]);
    expect(s.label.objects[0].geometry).toEqual({ points: [[0, 0], [50, 50]] });
  });

  it("Backspace takes back the last point, Escape drops the drawing", () => {
    let s = clicks(setActiveClass(image(), "road"), [[0, 0], [100, 0], [100, 100]]);
    s = removeLastPoint(s);
    expect(s.draft).toMatchObject({ points: [[0, 0], [100, 0]] });
    expect(cancelDraft(s).draft).toBeNull();
    expect(removeLastPoint(removeLastPoint(s)).draft).toBeNull();
  });

  it("the cursor follows the pointer for the next edge", () => {
    const s = pointerMove(clicks(setActiveClass(image(), "road"), [[0, 0]]), { x: 30, y: 40 });
    expect(s.draft).toMatchObject({ cursor: { x: 30, y: 40 } });
  });
});

describe("drawing points and skeletons", () => {
  it("a click places a point", () => {
    const s = clicks(setActiveClass(image(), "light"), [[402.5, 88]]);
    expect(s.label.objects).toEqual([{ id: "n1", class: "light", geometry: { x: 402.5, y: 88 } }]);
  });

  it("a skeleton's points are placed in order and it is done after the last", () => {
    let s = setActiveClass(image(), "person");
    expect(currentKeypoint(s)).toEqual({ id: "head", name: "Head", index: 0, count: 4 });
    s = clicks(s, [[500, 200], [500, 230]]);
    expect(currentKeypoint(s)?.name).toBe("Left hand");
    s = clicks(s, [[470, 300], [530, 300]]);
    expect(s.label.objects[0].geometry).toEqual({
      points: { head: { x: 500, y: 200 }, neck: { x: 500, y: 230 }, left_hand: { x: 470, y: 300 }, right_hand: { x: 530, y: 300 } },
    });
    expect(s.draft).toBeNull();
  });

  it("a skeleton point can be skipped, or placed hidden", () => {
    let s = clicks(setActiveClass(image(), "person"), [[500, 200]]);
    s = skipKeypoint(s);
    s = pointerDown(s, { x: 470, y: 300 }, { hidden: true });
    s = skipKeypoint(s);
    expect(s.label.objects[0].geometry).toEqual({ points: { head: { x: 500, y: 200 }, left_hand: { x: 470, y: 300, visible: false } } });
  });

  it("Enter ends a skeleton early; skipping every point draws nothing", () => {
    const s = finishDraft(clicks(setActiveClass(image(), "person"), [[1, 1]]));
    expect(s.label.objects[0].geometry).toEqual({ points: { head: { x: 1, y: 1 } } });
    let t = setActiveClass(image(), "person");
    for (let i = 0; i < 4; i++) t = skipKeypoint(t);
    expect(t.label.objects).toEqual([]);
    expect(t.draft).toBeNull();
  });

  it("Backspace steps back a skeleton point", () => {
    let s = clicks(setActiveClass(image(), "person"), [[1, 1], [2, 2]]);
    s = removeLastPoint(s);
    expect(s.draft).toMatchObject({ index: 1, points: { head: { x: 1, y: 1 } } });
  });
});

describe("text spans", () => {
  const text = () => createState({ ontology: sampleOntology(), item: textItem(), label: { objects: [] }, newId: sequentialIds("s") });

  it("a span is made from code-point offsets, either way round", () => {
    const s = createSpan(text(), "place", 13, 8);
    expect(s.label.objects).toEqual([{ id: "s1", class: "place", geometry: { start: 8, end: 13 } }]);
    expect(s.selected).toBe("s1");
  });

  it("a span is cut to the text's length in code points, and an empty one is refused", () => {
    expect(createSpan(text(), "place", 20, 99).label.objects[0].geometry).toEqual({ start: 20, end: 26 });
    expect(SAMPLE_TEXT.length).toBe(28);
    expect(createSpan(text(), "place", 5, 5).label.objects).toEqual([]);
    expect(createSpan(text(), "car", 1, 5).label.objects).toEqual([]);
  });

  it("a text-span class is picked without a draw tool", () => {
    expect(setActiveClass(text(), "place")).toMatchObject({ activeClass: "place", tool: "select" });
  });

  it("setSpan moves a span's ends", () => {
    const s = createState({ ontology: sampleOntology(), item: textItem(), label: textLabel() });
    expect(setSpan(s, "s1", 0, 2).label.objects[0].geometry).toEqual({ start: 0, end: 2 });
    expect(setSpan(s, "s1", 2, 2)).toBe(s);
  });
});

describe("the active class", () => {
  it("picking the class being drawn again goes back to select", () => {
    let s = setActiveClass(image(), "car");
    s = setActiveClass(s, "car");
    expect(s).toMatchObject({ activeClass: "car", tool: "select" });
    expect(setActiveClass(s, null)).toMatchObject({ activeClass: null, tool: "select" });
  });

  it("picking another class drops the drawing in progress", () => {
    const s = clicks(setActiveClass(image(), "road"), [[0, 0]]);
    expect(setActiveClass(s, "car").draft).toBeNull();
  });

  it("a mask class is picked but not drawn", () => {
    expect(setActiveClass(image(), "sky").tool).toBe("select");
  });
});

describe("moving, resizing, rotating", () => {
  it("moveBy moves an object as far as the image lets it", () => {
    const s = moveBy(image(imageLabel()), "o1", 1000, -5);
    expect(obj(s, "o1").geometry).toEqual({ x: 540, y: 15, w: 100, h: 50 });
  });

  it("moving keeps the id and the attributes", () => {
    const s = moveBy(image(imageLabel()), "o1", 5, 5);
    expect(obj(s, "o1").attributes).toEqual(imageLabel().objects[0].attributes);
  });

  it("moves polygons, polylines, points and skeletons whole", () => {
    let s = image(imageLabel());
    s = moveBy(s, "o5", 5, 0);
    expect(obj(s, "o5").geometry).toEqual({ points: [[305, 470], [315, 400], [323, 320]] });
    s = moveBy(s, "o4", 0, 10); // already touching the bottom: does not move down
    expect(obj(s, "o4").geometry).toEqual(imageLabel().objects.find((o) => o.id === "o4")!.geometry);
    s = moveBy(s, "o7", -10, 0);
    expect(obj(s, "o7").geometry).toMatchObject({ points: { head: { x: 490, y: 200 }, left_hand: { x: 460, y: 300, visible: false } } });
  });

  it("a locked object does not move, and read-only changes nothing", () => {
    const s = toggleLocked(image(imageLabel()), "o1");
    expect(moveBy(s, "o1", 5, 5)).toBe(s);
    const ro = setReadOnly(image(imageLabel()), true);
    expect(moveBy(ro, "o1", 5, 5)).toBe(ro);
    expect(deleteObject(ro, "o1")).toBe(ro);
    expect(setAttribute(ro, "o1", "plate", "x")).toBe(ro);
  });

  it("setGeometry rounds and cuts to the image", () => {
    const s = setGeometry(image(imageLabel()), "o1", { x: -10.555, y: 10, w: 100, h: 50 });
    expect(obj(s, "o1").geometry).toEqual({ x: 0, y: 10, w: 89.45, h: 50 });
  });

  it("resizeBox takes any two opposite corners", () => {
    const s = resizeBox(image(imageLabel()), "o1", { x: 200, y: 100 }, { x: 100, y: 700 });
    expect(obj(s, "o1").geometry).toEqual({ x: 100, y: 100, w: 100, h: 380 });
    const t = image(imageLabel());
    expect(resizeBox(t, "o1", { x: 5, y: 5 }, { x: 5, y: 50 })).toBe(t);
  });

  it("a rotated box moved against the edge stays inside after rounding", () => {
    let s = image({ objects: [{ id: "r", class: "sign", geometry: { cx: 100, cy: 100, w: 40, h: 40, angle: 30 }, attributes: { kind: "stop" } }] });
    s = moveBy(s, "r", -1000, 0);
    s = rotateTo(s, "r", 44.444);
    expect(validateLocal(s.label, s.ontology, s.item)).toEqual([]);
    expect((obj(s, "r").geometry as RotatedBoxGeometry).angle).toBe(44.44);
  });

  it("rotateTo normalises the angle, and only rotated boxes turn", () => {
    const s = rotateTo(image(imageLabel()), "o3", 200);
    expect((obj(s, "o3").geometry as RotatedBoxGeometry).angle).toBe(-160);
    const t = image(imageLabel());
    expect(rotateTo(t, "o1", 30)).toBe(t);
  });
});

describe("editing vertices", () => {
  it("moves a vertex, clamped", () => {
    const s = moveVertex(image(imageLabel()), "o4", 1, { x: 270, y: -5 });
    expect((obj(s, "o4").geometry as { points: number[][] }).points[1]).toEqual([270, 0]);
  });

  it("inserts a vertex on an edge, the closing edge included", () => {
    let s = insertVertex(image(imageLabel()), "o4", 0, { x: 130, y: 390 });
    expect((obj(s, "o4").geometry as { points: number[][] }).points).toEqual([[0, 480], [130, 390], [260, 300], [380, 300], [640, 480]]);
    s = insertVertex(image(imageLabel()), "o4", 3, { x: 320, y: 480 });
    expect((obj(s, "o4").geometry as { points: number[][] }).points.at(-1)).toEqual([320, 480]);
    const t = image(imageLabel());
    expect(insertVertex(t, "o5", 2, { x: 1, y: 1 })).toBe(t); // a polyline has no closing edge
  });

  it("deletes a vertex but keeps 3 for a polygon and 2 for a polyline", () => {
    let s = deleteVertex(image(imageLabel()), "o4", 0);
    expect((obj(s, "o4").geometry as { points: number[][] }).points).toHaveLength(3);
    const before = s;
    s = deleteVertex(s, "o4", 0);
    expect(s).toBe(before);
    s = deleteVertex(s, "o5", 0);
    expect((obj(s, "o5").geometry as { points: number[][] }).points).toHaveLength(2);
    expect(deleteVertex(s, "o5", 0)).toBe(s);
  });

  it("moves, hides and removes skeleton points, and places a missing one", () => {
    let s = moveKeypoint(image(imageLabel()), "o7", "right_hand", { x: 530, y: 300 });
    expect((obj(s, "o7").geometry as { points: object }).points).toHaveProperty("right_hand", { x: 530, y: 300 });
    s = setKeypointVisible(s, "o7", "left_hand", true);
    expect((obj(s, "o7").geometry as { points: Record<string, object> }).points.left_hand).toEqual({ x: 470, y: 300 });
    s = setKeypointVisible(s, "o7", "head", false);
    expect((obj(s, "o7").geometry as { points: Record<string, object> }).points.head).toEqual({ x: 500, y: 200, visible: false });
    s = removeKeypoint(s, "o7", "neck");
    expect(Object.keys((obj(s, "o7").geometry as { points: object }).points)).toEqual(["head", "left_hand", "right_hand"]);
    const t = moveKeypoint(s, "o7", "tail", { x: 1, y: 1 });
    expect(t).toBe(s);
  });

  it("the last skeleton point cannot be removed", () => {
    const s = image({ objects: [{ id: "p", class: "person", geometry: { points: { head: { x: 1, y: 1 } } } }] });
    expect(removeKeypoint(s, "p", "head")).toBe(s);
  });
});

describe("attributes", () => {
  it("setting Occlusion to None clears Occluded %", () => {
    const s = setAttribute(image(imageLabel()), "o1", "occlusion", "none");
    expect(obj(s, "o1").attributes).toEqual({ occlusion: "none", tags: ["parked"], plate: "AB-123" });
  });

  it("a nested value under an option not chosen is not set", () => {
    const s = setAttribute(image(imageLabel()), "o3", "limit", 80);
    expect(obj(s, "o3").attributes).toEqual({ kind: "speed_limit", limit: 80 });
    const t = setAttribute(setAttribute(s, "o3", "kind", "stop"), "o3", "limit", 30);
    expect(obj(t, "o3").attributes).toEqual({ kind: "stop" });
  });

  it("checklist options toggle; clearing the last value drops attributes", () => {
    let s = toggleAttributeOption(image(imageLabel()), "o1", "tags", "damaged");
    expect(obj(s, "o1").attributes?.tags).toEqual(["parked", "damaged"]);
    s = setAttribute(image(imageLabel()), "o6", "state", undefined);
    expect(obj(s, "o6")).not.toHaveProperty("attributes");
  });

  it("setting the same value again is no step", () => {
    const s = image(imageLabel());
    expect(setAttribute(s, "o1", "plate", "AB-123")).toBe(s);
  });

  it("a run of typing in one field undoes as one step", () => {
    let s = image(imageLabel());
    for (const v of ["A", "AB", "ABC"]) s = setAttribute(s, "o1", "plate", v, "attr:o1:plate");
    expect(s.past).toHaveLength(1);
    s = undo(s);
    expect(obj(s, "o1").attributes?.plate).toBe("AB-123");
  });

  it("changeClass keeps the values the new class has, and refuses another shape", () => {
    const onto = sampleOntology();
    onto.objects.push({ id: "truck", name: "Truck", shape: "bounding_box", color: "#000000", attributes: [{ id: "plate", name: "Plate", type: "text" }] });
    const s = createState({ ontology: onto, item: imageItem(), label: imageLabel() });
    const t = changeClass(s, "o1", "truck");
    expect(obj(t, "o1")).toMatchObject({ class: "truck", attributes: { plate: "AB-123" } });
    expect(changeClass(s, "o1", "road")).toBe(s);
  });
});

describe("classifications", () => {
  it("sets item classifications with nesting", () => {
    let s = setClassification(image(imageLabel()), "weather", "rain");
    expect(s.label.classifications).toEqual({ weather: "rain", issues: ["glare", "other"], issue_notes: "sun low over the road" });
    s = toggleClassificationOption(s, "issues", "other");
    expect(s.label.classifications).toEqual({ weather: "rain", issues: ["glare"] });
  });

  it("clearing every item classification drops the field", () => {
    const s = setClassification(image(), "weather", "rain");
    expect(setClassification(s, "weather", undefined).label).not.toHaveProperty("classifications");
  });

  it("frame classifications go on the current frame, and an emptied frame leaves the list", () => {
    let s = setFrame(video(), 12);
    s = setClassification(s, "daylight", "dusk");
    expect(s.label.frames).toEqual([
      { frame: 0, classifications: { daylight: "day" } },
      { frame: 12, classifications: { daylight: "dusk" } },
    ]);
    expect(frameValues(s.label, 12)).toEqual({ daylight: "dusk" });
    s = setClassification(setFrame(s, 0), "daylight", undefined);
    expect(s.label.frames).toEqual([{ frame: 12, classifications: { daylight: "dusk" } }]);
  });

  it("frame classifications do nothing on an image; unknown ids do nothing", () => {
    const s = image();
    expect(setClassification(s, "daylight", "day")).toBe(s);
    expect(setClassification(s, "nope", "x")).toBe(s);
  });
});

describe("deleting, duplicating, ordering", () => {
  it("delete removes the object and its selection", () => {
    let s = select(image(imageLabel()), "o2");
    s = deleteObject(s, "o2");
    expect(s.label.objects.map((o) => o.id)).not.toContain("o2");
    expect(s.selected).toBeNull();
    expect(deleteObject(s, "nope")).toBe(s);
  });

  it("a locked object cannot be deleted", () => {
    const s = toggleLocked(image(imageLabel()), "o1");
    expect(deleteObject(s, "o1")).toBe(s);
  });

  it("duplicate copies an object with its attributes, offset, right after it, selected", () => {
    const s = duplicateObject(image(imageLabel()), "o1");
    expect(s.label.objects[1]).toEqual({ id: "n1", class: "car", geometry: { x: 20, y: 30, w: 100, h: 50 }, attributes: imageLabel().objects[0].attributes });
    expect(s.selected).toBe("n1");
    (s.label.objects[1].attributes!.tags as string[]).push("x");
    expect(s.label.objects[0].attributes!.tags).toEqual(["parked"]);
  });

  it("duplicate near the edge stays inside", () => {
    const s = duplicateObject(image({ objects: [{ id: "a", class: "light", geometry: { x: 640, y: 480 } }] }), "a");
    expect(last(s).geometry).toEqual({ x: 640, y: 480 });
  });

  it("new ids never repeat one in the label", () => {
    const s = createState({ ontology: sampleOntology(), item: imageItem(), label: { objects: [{ id: "n1", class: "light", geometry: { x: 1, y: 1 } }] }, newId: sequentialIds("n") });
    expect(last(duplicateObject(s, "n1")).id).toBe("n2");
  });

  it("reorder and raise move an object in the list (the drawing order)", () => {
    let s = reorderObject(image(imageLabel()), "o1", 99);
    expect(s.label.objects.map((o) => o.id)).toEqual(["o3", "o4", "o5", "o6", "o7", "o8", "o1"]);
    s = raise(s, "o1", -2);
    expect(s.label.objects.map((o) => o.id).indexOf("o1")).toBe(4);
    expect(raise(s, "nope", 1)).toBe(s);
  });
});

describe("selection, hiding, locking", () => {
  it("Tab order goes through the objects and wraps; Shift+Tab goes back", () => {
    let s = image(imageLabel());
    s = selectNext(s, 1);
    expect(s.selected).toBe("o1");
    s = selectNext(s, -1);
    expect(s.selected).toBe("o8");
    s = selectNext(s, 1);
    expect(s.selected).toBe("o1");
    expect(selectNext(image(), 1).selected).toBeNull();
  });

  it("Tab skips hidden objects", () => {
    let s = toggleHidden(image(imageLabel()), "o3");
    expect(isHidden(s, obj(s, "o3"))).toBe(true);
    s = selectNext(select(s, "o1"), 1);
    expect(s.selected).toBe("o4");
  });

  it("select refuses an unknown id", () => {
    const s = image(imageLabel());
    expect(select(s, "zz")).toBe(s);
    expect(select(select(s, "o1"), null).selected).toBeNull();
  });

  it("hiding and locking toggle; hiding all and showing all", () => {
    let s = toggleHidden(toggleHidden(image(imageLabel()), "o1"), "o1");
    expect(s.hidden).toEqual([]);
    s = setAllHidden(s, true);
    expect(s.hidden).toHaveLength(7);
    expect(setAllHidden(s, false).hidden).toEqual([]);
    expect(toggleLocked(toggleLocked(s, "o1"), "o1").locked).toEqual([]);
  });

  it("hitTest picks the smallest area under the pointer, and skips hidden and locked objects", () => {
    const s = image(imageLabel());
    // (300, 470) is inside the road polygon and on the lane polyline.
    expect(hitTest(s, { x: 300, y: 470 }, 3)).toBe("o5");
    expect(hitTest(s, { x: 200, y: 460 }, 3)).toBe("o4");
    expect(hitTest(toggleHidden(s, "o5"), { x: 300, y: 470 }, 3)).toBe("o4");
    expect(hitTest(toggleLocked(s, "o1"), { x: 50, y: 40 }, 3)).toBe("o8"); // through the locked car to the sky behind
    expect(hitTest(s, { x: 50, y: 40 }, 3)).toBe("o1");
    // The docs' sky mask covers most of the image: it is picked where nothing smaller is.
    expect(hitTest(s, { x: 600, y: 10 }, 3)).toBe("o8");
    expect(hitTest(toggleHidden(s, "o8"), { x: 600, y: 10 }, 3)).toBeNull();
  });
});

describe("undo and redo", () => {
  it("undo steps back and redo forward, with the selection", () => {
    let s = drag(setActiveClass(image(), "car"), [0, 0], [20, 20]);
    s = drag(s, [30, 30], [60, 60]);
    expect(s.label.objects).toHaveLength(2);
    s = undo(s);
    expect(s.label.objects).toHaveLength(1);
    expect(s.selected).toBe("n1");
    s = undo(s);
    expect(s.label.objects).toHaveLength(0);
    expect(s.selected).toBeNull();
    expect(canUndo(s)).toBe(false);
    s = redo(redo(s));
    expect(s.label.objects.map((o) => o.id)).toEqual(["n1", "n2"]);
    expect(canRedo(s)).toBe(false);
  });

  it("a new step after undo forgets the redo", () => {
    let s = moveBy(image(imageLabel()), "o1", 1, 0);
    s = undo(s);
    expect(canRedo(s)).toBe(true);
    s = moveBy(s, "o1", 0, 1);
    expect(canRedo(s)).toBe(false);
  });

  it("a drag's moves group into one step until the group ends", () => {
    let s = image(imageLabel());
    for (let i = 0; i < 10; i++) s = moveBy(s, "o1", 1, 0, "drag:o1");
    s = endGroup(s);
    for (let i = 0; i < 3; i++) s = moveBy(s, "o1", 0, 1, "drag:o1");
    expect(s.past).toHaveLength(2);
    expect(obj(s, "o1").geometry).toMatchObject({ x: 20, y: 23 });
    s = undo(s);
    expect(obj(s, "o1").geometry).toMatchObject({ x: 20, y: 20 });
    s = undo(s);
    expect(obj(s, "o1").geometry).toMatchObject({ x: 10, y: 20 });
  });

  it("nudges in a row undo as one; another step in between splits them", () => {
    let s = nudge(nudge(nudge(image(imageLabel()), "o1", 1, 0), "o1", 1, 0), "o1", 0, 10);
    expect(s.past).toHaveLength(1);
    s = nudge(setAttribute(s, "o1", "plate", "Z"), "o1", 1, 0);
    expect(s.past).toHaveLength(3);
  });

  it("the history is bounded", () => {
    let s = image(imageLabel(), imageItem(), { historyLimit: 5 });
    for (let i = 0; i < 12; i++) s = moveBy(s, "o1", 1, 0);
    expect(s.past).toHaveLength(5);
    for (let i = 0; i < 10; i++) s = undo(s);
    expect(obj(s, "o1").geometry).toMatchObject({ x: 17 });
  });

  it("undo while drawing drops the drawing first", () => {
    let s = moveBy(image(imageLabel()), "o1", 1, 0);
    s = clicks(setActiveClass(s, "road"), [[0, 0]]);
    s = undo(s);
    expect(s.draft).toBeNull();
    expect(obj(s, "o1").geometry).toMatchObject({ x: 11 });
  });

  it("undo goes back to the frame the change was made on", () => {
    let s = setFrame(video(), 3);
    s = setClassification(s, "daylight", "night");
    s = setFrame(s, 40);
    s = undo(s);
    expect(s.frame).toBe(3);
  });

  it("commit without a change records nothing", () => {
    const s = image(imageLabel());
    expect(commit(s, s.label)).toBe(s);
  });

  it("replaceLabel starts the history again and forgets objects that are gone", () => {
    let s = toggleHidden(select(moveBy(image(imageLabel()), "o1", 1, 0), "o1"), "o1");
    s = toggleHidden(s, "o3");
    s = replaceLabel(s, { objects: [imageLabel().objects[1]] });
    expect(s).toMatchObject({ selected: null, hidden: ["id:o3"], past: [], future: [] });
  });
});

describe("video", () => {
  it("frameObjects shows keyframes and interpolated boxes", () => {
    const s = setFrame(video(), 5);
    expect(frameObjects(s).map((f) => [f.object.id, f.interpolated])).toEqual([
      ["~t1@5", true],
      ["p5", false],
    ]);
  });

  it("setFrame is clamped to the video, and steps", () => {
    expect(setFrame(video(), 500).frame).toBe(99);
    expect(setFrame(video(), -4).frame).toBe(0);
    expect(stepFrame(stepFrame(video(), 1), 1).frame).toBe(2);
  });

  it("the selection follows its track from frame to frame", () => {
    let s = select(video(), "k0");
    s = setFrame(s, 4);
    expect(s.selected).toBe("~t1@4");
    s = setFrame(s, 10);
    expect(s.selected).toBe("k10");
    s = setFrame(s, 50); // past the track's end: the selection stays
    expect(s.selected).toBe("k10");
  });

  it("editing an interpolated box adds a keyframe there, with the edit", () => {
    let s = select(setFrame(video(), 5), "~t1@5");
    s = moveBy(s, "~t1@5", 10, 0);
    const k = s.label.objects.find((o) => o.frame === 5 && o.track === "t1")!;
    expect(k).toMatchObject({ id: "n1", class: "car", geometry: { x: 60, y: 25, w: 150, h: 75 }, attributes: { occlusion: "none" } });
    expect(s.label.objects.map((o) => o.id)).toEqual(["k0", "n1", "k10", "p5"]);
    expect(s.selected).toBe("n1");
    expect(s.past).toHaveLength(1);
    s = undo(s);
    expect(s.label.objects).toHaveLength(3);
  });

  it("a drag of an interpolated box continues on its new keyframe under the same id and group", () => {
    let s = setFrame(video(), 5);
    s = moveBy(s, "~t1@5", 1, 0, "drag");
    s = moveBy(s, "~t1@5", 1, 0, "drag");
    expect(s.label.objects).toHaveLength(4);
    expect(findObject(s, "~t1@5")?.object.geometry).toMatchObject({ x: 52 });
    expect(s.past).toHaveLength(1);
  });

  it("setting an attribute of an interpolated object adds a keyframe", () => {
    const s = setAttribute(setFrame(video(), 5), "~t1@5", "plate", "X1");
    expect(s.label.objects.find((o) => o.frame === 5 && o.track === "t1")?.attributes).toEqual({ occlusion: "none", plate: "X1" });
  });

  it("an interpolated object has nothing to delete; Shift+Delete removes its track", () => {
    const s = setFrame(video(), 5);
    expect(deleteObject(s, "~t1@5")).toBe(s);
    expect(deleteTrack(s, "t1").label.objects.map((o) => o.id)).toEqual(["p5"]);
    expect(deleteTrack(s, "zz")).toBe(s);
  });

  it("addKeyframe makes a keyframe of an interpolated object, or extends a track to this frame", () => {
    let s = addKeyframe(setFrame(video(), 5), "~t1@5");
    expect(s.label.objects.some((o) => o.track === "t1" && o.frame === 5)).toBe(true);
    s = setFrame(select(s, "k10"), 20);
    s = addKeyframe(s, "k10");
    const k20 = s.label.objects.find((o) => o.frame === 20)!;
    expect(k20).toMatchObject({ track: "t1", geometry: { x: 100, y: 50, w: 200, h: 100 } });
    expect(s.label.objects.map((o) => o.id).indexOf(k20.id)).toBe(3); // after k10, its keyframe before
    expect(s.selected).toBe(k20.id);
    expect(addKeyframe(s, k20.id)).toBe(s);
  });

  it("hiding hides the whole track on every frame", () => {
    let s = toggleHidden(video(), "k0");
    s = setFrame(s, 5);
    expect(isHidden(s, findObject(s, "~t1@5")!.object)).toBe(true);
    expect(selectNext(s, 1).selected).toBe("p5");
  });

  it("duplicate on a video starts a new track on this frame", () => {
    const s = duplicateObject(setFrame(video(), 5), "~t1@5");
    const copy = s.label.objects.find((o) => o.id === s.selected)!;
    expect(copy).toMatchObject({ frame: 5, class: "car" });
    expect(copy.track).not.toBe("t1");
  });
});

describe("copying the previous task's labels", () => {
  it("appends the objects under new ids, keeping what is here, as one step", () => {
    const s = image({ objects: [{ id: "mine", class: "light", geometry: { x: 1, y: 1 } }], classifications: { weather: "rain" } });
    const { state, copied, skipped } = copyFrom(s, imageLabel());
    expect(copied).toBe(7);
    expect(skipped).toBe(0);
    expect(state.label.objects[0].id).toBe("mine");
    expect(state.label.objects.slice(1).map((o) => o.id)).toEqual(["n1", "n2", "n3", "n4", "n5", "n6", "n7"]);
    expect(state.label.objects[1]).toMatchObject({ class: "car", geometry: { x: 10, y: 20, w: 100, h: 50 } });
    expect(state.label.classifications).toEqual({ weather: "rain", issues: ["glare", "other"], issue_notes: "sun low over the road" });
    expect(state.past).toHaveLength(1);
  });

  it("replace starts from the copy", () => {
    const s = image({ objects: [{ id: "mine", class: "light", geometry: { x: 1, y: 1 } }] });
    expect(copyFrom(s, imageLabel(), "replace").state.label.objects).toHaveLength(7);
  });

  it("leaves out classes this ontology lacks, and frames on an image", () => {
    const src: Label = { objects: [{ id: "a", class: "truck", geometry: { x: 1, y: 1, w: 1, h: 1 } }, { id: "b", class: "light", frame: 3, track: "t", geometry: { x: 1, y: 1 } }] };
    const { state, copied, skipped } = copyFrom(image(), src);
    expect([copied, skipped]).toEqual([1, 1]);
    expect(state.label.objects[0]).toEqual({ id: "n1", class: "light", geometry: { x: 1, y: 1 } });
  });

  it("on a video, tracks are renumbered together and frame values merged", () => {
    const { state } = copyFrom(video({ objects: [], frames: [{ frame: 0, classifications: { daylight: "night" } }] }), videoLabel());
    const t = state.label.objects.filter((o) => o.class === "car").map((o) => o.track);
    expect(t[0]).toBe(t[1]);
    expect(t[0]).not.toBe("t1");
    expect(state.label.frames).toEqual([{ frame: 0, classifications: { daylight: "night" } }]);
  });
});

describe("state plumbing", () => {
  it("operations never change the state they are given", () => {
    const s = image(imageLabel());
    const snapshot = JSON.stringify(s.label);
    moveBy(s, "o1", 5, 5);
    setAttribute(s, "o1", "occlusion", "none");
    deleteVertex(s, "o4", 0);
    duplicateObject(s, "o7");
    expect(JSON.stringify(s.label)).toBe(snapshot);
  });

  it("setSize gives an image its measured size for clamping", () => {
    let s = image({ objects: [] }, { kind: "image" });
    expect(s.size).toBeNull();
    s = setSize(s, { width: 100, height: 100 });
    expect(setSize(s, { width: 100, height: 100 })).toBe(s);
    s = drag(setActiveClass(s, "car"), [50, 50], [500, 500]);
    expect(s.label.objects[0].geometry as BoxGeometry).toEqual({ x: 50, y: 50, w: 50, h: 50 });
  });

  it("createObject adds any geometry of a known class, tidied", () => {
    const s = createObject(image(), "light", { x: 700.123, y: 1 });
    expect(s.label.objects[0].geometry).toEqual({ x: 640, y: 1 });
    expect(createObject(image(), "zz", { x: 1, y: 1 }).label.objects).toEqual([]);
  });
});

describe("setContext", () => {
  it("keeps the label and history, and forgets a measured size when the item changes", () => {
    let s = setSize(moveBy(image(imageLabel(), { kind: "image", url: "/a.jpg" }), "o1", 1, 0), { width: 10, height: 10 });
    const same = setContext(s, s.ontology, s.item);
    expect(same).toBe(s);
    s = setContext(s, s.ontology, { kind: "image", url: "/a.jpg" });
    expect(s.size).toEqual({ width: 10, height: 10 });
    s = setContext(s, s.ontology, { kind: "image", url: "/b.jpg" });
    expect(s.size).toBeNull();
    expect(s.past).toHaveLength(1);
  });

  it("drops an active class the new ontology lacks", () => {
    const s = setContext(setActiveClass(image(), "car"), { objects: [], classifications: [] }, imageItem());
    expect(s).toMatchObject({ activeClass: null, tool: "select" });
  });
});

describe("usableClasses", () => {
  it("offers the shapes drawn on an image, and only text spans on a text", () => {
    expect(usableClasses(image())).toEqual(["car", "sign", "road", "lane", "light", "person"]);
    expect(usableClasses(createState({ ontology: sampleOntology(), item: textItem(), label: { objects: [] } }))).toEqual(["place"]);
  });
});
