import { describe, expect, it } from "vitest";
import { sampleOntology } from "../fixtures";
import { keyCommand, shortcuts, type KeyContext } from "./keys";

const ctx = (extra: Partial<KeyContext> = {}): KeyContext => ({ ontology: sampleOntology(), canSubmit: true, canSkip: true, ...extra });
const k = (key: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}, c = ctx()) =>
  keyCommand({ key, ctrlKey: mods.ctrl, metaKey: mods.meta, shiftKey: mods.shift, altKey: mods.alt }, c);

describe("keyCommand", () => {
  it("the ontology's hotkeys pick classes, in either case", () => {
    expect(k("c")).toEqual({ type: "class", classId: "car" });
    expect(k("R")).toEqual({ type: "class", classId: "road" });
    expect(k("w")).toEqual({ type: "classification", classificationId: "weather" });
  });

  it("the editor's letters answer where the ontology leaves them free, and to Shift always", () => {
    expect(k("h")).toEqual({ type: "hide" });
    expect(k("l")).toEqual({ type: "class", classId: "lane" });
    expect(k("L", { shift: true })).toEqual({ type: "lock" });
    expect(k("H", { shift: true })).toEqual({ type: "hide" });
    expect(k("f")).toEqual({ type: "fit" });
    expect(k("x")).toBeNull();
  });

  it("undo, redo and duplicate with Ctrl or Cmd", () => {
    expect(k("z", { ctrl: true })).toEqual({ type: "undo" });
    expect(k("Z", { meta: true, shift: true })).toEqual({ type: "redo" });
    expect(k("y", { ctrl: true })).toEqual({ type: "redo" });
    expect(k("d", { meta: true })).toEqual({ type: "duplicate" });
    expect(k("c", { ctrl: true })).toBeNull(); // copy stays the browser's
  });

  it("Tab and Shift+Tab step through objects; while placing a skeleton Tab skips a point", () => {
    expect(k("Tab")).toEqual({ type: "next" });
    expect(k("Tab", { shift: true })).toEqual({ type: "prev" });
    expect(k("Tab", {}, ctx({ drafting: "skeleton" }))).toEqual({ type: "skipKeypoint" });
  });

  it("Enter submits, finishes a drawing first; Shift+Enter skips", () => {
    expect(k("Enter")).toEqual({ type: "submit" });
    expect(k("Enter", {}, ctx({ drafting: "path" }))).toEqual({ type: "finishDraft" });
    expect(k("Enter", { shift: true })).toEqual({ type: "skip" });
    expect(k("Enter", {}, ctx({ canSubmit: false }))).toBeNull();
  });

  it("Delete removes; Backspace takes back a point while drawing; Shift+Delete a track on video", () => {
    expect(k("Delete")).toEqual({ type: "delete" });
    expect(k("Backspace")).toEqual({ type: "delete" });
    expect(k("Backspace", {}, ctx({ drafting: "path" }))).toEqual({ type: "removeLastPoint" });
    expect(k("Delete", { shift: true }, ctx({ video: true }))).toEqual({ type: "deleteTrack" });
    expect(k("Delete", { shift: true })).toEqual({ type: "delete" });
  });

  it("arrows nudge by 1, with Shift by 10", () => {
    expect(k("ArrowLeft")).toEqual({ type: "nudge", dx: -1, dy: 0 });
    expect(k("ArrowDown", { shift: true })).toEqual({ type: "nudge", dx: 0, dy: 10 });
  });

  it("view, frames and help keys", () => {
    expect(k("+")).toEqual({ type: "zoomIn" });
    expect(k("=")).toEqual({ type: "zoomIn" });
    expect(k("-")).toEqual({ type: "zoomOut" });
    expect(k("?", { shift: true })).toEqual({ type: "help" });
    expect(k("Escape")).toEqual({ type: "escape" });
    expect(k(".", {}, ctx({ video: true }))).toEqual({ type: "frame", delta: 1 });
    expect(k(",", {}, ctx({ video: true }))).toEqual({ type: "frame", delta: -1 });
    expect(k(">", { shift: true }, ctx({ video: true }))).toEqual({ type: "frame", delta: 10 });
    expect(k(".")).toBeNull();
    expect(k("K", { shift: true }, ctx({ video: true }))).toEqual({ type: "keyframe" });
    expect(k("K", { shift: true })).toBeNull();
  });

  it("read-only keeps looking around and drops every edit", () => {
    const ro = ctx({ readOnly: true });
    expect(k("Tab", {}, ro)).toEqual({ type: "next" });
    expect(k("h", {}, ro)).toEqual({ type: "hide" });
    expect(k("+", {}, ro)).toEqual({ type: "zoomIn" });
    for (const key of ["Delete", "c", "Enter", "ArrowUp"]) expect(k(key, {}, ro)).toBeNull();
    expect(k("z", { ctrl: true }, ro)).toBeNull();
    expect(k("L", { shift: true }, ro)).toBeNull();
  });

  it("hotkeys of classes this item cannot have are left to the editor", () => {
    const image = ctx({ classes: ["car", "sign", "road", "lane", "light", "person"] });
    expect(k("v", {}, image)).toEqual({ type: "selectTool" }); // Speech's hotkey: a time segment is not drawn on an image
    expect(k("n", {}, image)).toBeNull(); // Place name: a text span
    expect(k("c", {}, image)).toEqual({ type: "class", classId: "car" });
    expect(shortcuts(sampleOntology(), { classes: ["car"] }).flatMap((g) => g.items)).toContainEqual({ keys: "V or Shift+V", action: "Select tool" });
  });

  it("Alt combinations are left alone", () => {
    expect(k("c", { alt: true })).toBeNull();
  });
});

describe("shortcuts", () => {
  it("lists the ontology's hotkeys and writes taken letters with Shift", () => {
    const groups = shortcuts(sampleOntology(), { video: true, mod: "⌘" });
    const all = groups.flatMap((g) => g.items);
    expect(all).toContainEqual({ keys: "C", action: "Draw Car" });
    expect(all).toContainEqual({ keys: "W", action: "Go to Weather" });
    expect(all).toContainEqual({ keys: "Shift+L", action: "Lock or unlock" });
    expect(all).toContainEqual({ keys: "H or Shift+H", action: "Hide or show" });
    expect(all).toContainEqual({ keys: "⌘+D", action: "Duplicate" });
    expect(groups.map((g) => g.group)).toContain("Video");
    expect(shortcuts({ objects: [], classifications: [] }).map((g) => g.group)).not.toContain("Ontology");
  });
});
