// @vitest-environment jsdom
// The whole editor in jsdom, for what needs no canvas: jsdom gives the stage
// no size, so the Konva canvas is never loaded and these tests drive the
// keyboard, the panels, the text view and the timeline.
import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { Editor, type EditorProps } from "./Editor";
import { imageItem, imageLabel, sampleOntology, SAMPLE_TEXT, textItem, textLabel, videoItem, videoLabel } from "./fixtures";
import type { Label } from "./model";

afterEach(cleanup);

function Harness(p: Partial<EditorProps> & { initial: Label; spy?: (l: Label) => void }) {
  const [value, setValue] = useState(p.initial);
  return (
    <Editor
      ontology={p.ontology ?? sampleOntology()}
      item={p.item ?? imageItem()}
      value={value}
      onChange={(l) => {
        setValue(l);
        p.spy?.(l);
      }}
      readOnly={p.readOnly}
      errors={p.errors}
      onSubmit={p.onSubmit}
      onSkip={p.onSkip}
      previous={p.previous}
    />
  );
}

const key = (k: string, mods: { ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean } = {}) => fireEvent.keyDown(document.body, { key: k, ...mods });
const row = (id: string) => document.querySelector(`[data-object-id="${id}"]`) as HTMLElement | null;
const classButton = (id: string) => document.querySelector(`[data-class-id="${id}"]`) as HTMLButtonElement | null;

describe("Editor on an image", () => {
  it("has its test hooks: the canvas, class buttons, object rows and the named buttons", () => {
    render(<Harness initial={imageLabel()} onSubmit={() => {}} onSkip={() => {}} />);
    expect(screen.getByTestId("editor-canvas")).toBeTruthy();
    expect([...document.querySelectorAll("[data-class-id]")].map((b) => b.getAttribute("data-class-id"))).toEqual(["car", "sign", "road", "lane", "light", "person"]);
    expect(document.querySelectorAll("[data-object-id]")).toHaveLength(7);
    for (const name of ["Submit", "Skip", "Undo", "Redo", "Fit"]) expect(screen.getByRole("button", { name: new RegExp(`^${name}$`) })).toBeTruthy();
  });

  it("a class's hotkey picks it, Escape goes back to select", () => {
    render(<Harness initial={imageLabel()} />);
    key("c");
    expect(classButton("car")!.getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByText(/Car: drag a box/)).toBeTruthy();
    key("Escape");
    expect(classButton("car")!.getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByText(/Pick a class/)).toBeTruthy();
  });

  it("Tab and Shift+Tab go through the objects and show the selected one's attributes", () => {
    render(<Harness initial={imageLabel()} />);
    key("Tab");
    expect(row("o1")!.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByLabelText("Occlusion").getAttribute("role")).toBe("radiogroup");
    key("Tab");
    expect(row("o3")!.getAttribute("aria-selected")).toBe("true");
    key("Tab", { shiftKey: true });
    key("Tab", { shiftKey: true });
    expect(row("o8")!.getAttribute("aria-selected")).toBe("true");
  });

  it("Delete removes the selected object, Ctrl+Z brings it back, Shift+Ctrl+Z removes it again", () => {
    const spy = vi.fn();
    render(<Harness initial={imageLabel()} spy={spy} />);
    key("Tab");
    key("Delete");
    expect(row("o1")).toBeNull();
    expect(spy.mock.lastCall![0].objects).toHaveLength(6);
    key("z", { ctrlKey: true });
    expect(row("o1")).toBeTruthy();
    expect(spy.mock.lastCall![0]).toEqual(imageLabel());
    key("z", { ctrlKey: true, shiftKey: true });
    expect(row("o1")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: /^Undo$/ }));
    expect(row("o1")).toBeTruthy();
  });

  it("Ctrl+D duplicates, arrows nudge, H hides and Shift+L locks (l is Lane marking's)", () => {
    const spy = vi.fn();
    render(<Harness initial={imageLabel()} spy={spy} />);
    key("Tab");
    key("ArrowRight", { shiftKey: true });
    expect(spy.mock.lastCall![0].objects[0].geometry).toEqual({ x: 20, y: 20, w: 100, h: 50 });
    key("d", { ctrlKey: true });
    expect(spy.mock.lastCall![0].objects).toHaveLength(8);
    key("h");
    const copyId = spy.mock.lastCall![0].objects[1].id;
    expect(within(row(copyId)!).getByRole("button", { name: "Show" })).toBeTruthy();
    key("L", { shiftKey: true });
    expect(within(row(copyId)!).getByRole("button", { name: "Unlock" })).toBeTruthy();
    key("l");
    expect(classButton("lane")!.getAttribute("aria-pressed")).toBe("true");
  });

  it("Enter submits a valid label at once", () => {
    const onSubmit = vi.fn();
    render(<Harness initial={imageLabel()} onSubmit={onSubmit} />);
    key("Enter");
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("Submit with problems shows them first, then submits on Submit anyway", () => {
    const onSubmit = vi.fn();
    const bad: Label = { objects: [{ id: "b", class: "car", geometry: { x: 10, y: 10, w: 20, h: 20 } }] };
    render(<Harness initial={bad} onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole("button", { name: /^Submit$/ }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toMatch(/1 problem found/);
    // The object is selected and its missing field says so.
    expect(row("b")!.getAttribute("aria-selected")).toBe("true");
    const occ = screen.getByLabelText("Occlusion");
    expect(document.getElementById(occ.getAttribute("aria-describedby")!)?.textContent).toBe("'Occlusion' is required");
    fireEvent.click(screen.getByRole("button", { name: "Submit anyway" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("fixing the problem lifts the warning", () => {
    const bad: Label = { objects: [{ id: "b", class: "car", geometry: { x: 10, y: 10, w: 20, h: 20 } }] };
    render(<Harness initial={bad} onSubmit={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: /^Submit$/ }));
    fireEvent.click(within(screen.getByLabelText("Occlusion")).getByLabelText("None"));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("Shift+Enter skips", () => {
    const onSkip = vi.fn();
    render(<Harness initial={imageLabel()} onSkip={onSkip} />);
    key("Enter", { shiftKey: true });
    expect(onSkip).toHaveBeenCalledTimes(1);
  });

  it("shows the server's errors on the object and the field they name", () => {
    const errors = [
      { location: "body.label.objects[3].attributes.style", message: "not an option of radio 'Style'" },
      { location: "body.label", message: "revision 4 is stale" },
    ];
    render(<Harness initial={imageLabel()} errors={errors} />);
    expect(row("o5")!.className).toContain("has-errors");
    fireEvent.click(within(row("o5")!).getByText(/Lane marking/));
    const style = screen.getByLabelText("Style");
    expect(document.getElementById(style.getAttribute("aria-describedby")!)?.textContent).toBe("not an option of radio 'Style'");
    expect(within(screen.getByRole("region", { name: "Problems" })).getByText(/revision 4 is stale/)).toBeTruthy();
  });

  it("server errors stay on their object when the list changes, even given inline on every render", () => {
    function Inline() {
      const [value, setValue] = useState(imageLabel());
      return <Editor ontology={sampleOntology()} item={imageItem()} value={value} onChange={setValue} errors={[{ location: "body.label.objects[1].attributes.kind", message: "bad kind" }]} />;
    }
    render(<Inline />);
    expect(row("o3")!.className).toContain("has-errors");
    key("Tab");
    key("Delete"); // o1 goes: o3 is objects[0] now
    expect(row("o3")!.className).toContain("has-errors");
    expect(row("o4")!.className).not.toContain("has-errors");
  });

  it("keys typed in a field are the field's", () => {
    const spy = vi.fn();
    render(<Harness initial={imageLabel()} spy={spy} />);
    key("Tab");
    const plate = screen.getByLabelText("Plate");
    fireEvent.keyDown(plate, { key: "Delete" });
    fireEvent.keyDown(plate, { key: "c" });
    expect(row("o1")).toBeTruthy();
    expect(classButton("car")!.getAttribute("aria-pressed")).toBe("false");
  });

  it("? shows the shortcut sheet with the ontology's hotkeys", () => {
    render(<Harness initial={imageLabel()} />);
    key("?", { shiftKey: true });
    const sheet = screen.getByRole("dialog", { hidden: true });
    expect(within(sheet).getByText("Draw Car")).toBeTruthy();
    expect(within(sheet).getByText("Shift+L")).toBeTruthy();
  });

  it("read-only shows everything and changes nothing", () => {
    const spy = vi.fn();
    render(<Harness initial={imageLabel()} readOnly spy={spy} onSubmit={() => {}} />);
    expect(screen.queryByRole("button", { name: /^Submit$/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Undo$/ })).toBeNull();
    expect(document.querySelector("[data-class-id]")).toBeNull();
    key("Tab");
    expect(row("o1")!.getAttribute("aria-selected")).toBe("true");
    key("Delete");
    key("d", { ctrlKey: true });
    key("Enter");
    expect(row("o1")).toBeTruthy();
    expect(spy).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Plate")).toHaveProperty("readOnly", true);
    key("h");
    expect(within(row("o1")!).getByRole("button", { name: "Show" })).toBeTruthy();
  });

  it("a new value from outside replaces the label without reporting it back", () => {
    const spy = vi.fn();
    const { rerender } = render(<Editor ontology={sampleOntology()} item={imageItem()} value={imageLabel()} onChange={spy} />);
    rerender(<Editor ontology={sampleOntology()} item={imageItem()} value={{ objects: [] }} onChange={spy} />);
    expect(document.querySelectorAll("[data-object-id]")).toHaveLength(0);
    expect(spy).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: /^Undo$/ })).toHaveProperty("disabled", true);
  });

  it("Copy previous adds the previous task's objects", () => {
    const spy = vi.fn();
    render(<Harness initial={{ objects: [] }} previous={imageLabel()} spy={spy} />);
    fireEvent.click(screen.getByRole("button", { name: "Copy previous" }));
    expect(spy.mock.lastCall![0].objects).toHaveLength(7);
    expect(screen.getByRole("status").textContent).toMatch(/Copied 7 objects/);
  });

  it("the item classifications' hotkey goes to their field", () => {
    render(<Harness initial={imageLabel()} />);
    key("w");
    expect(document.activeElement?.getAttribute("value")).toBe("sunny");
  });
});

describe("Editor on a text", () => {
  function selectText(startUtf16: number, endUtf16: number) {
    // The selection lies in the first run of text, which holds the text up to the span.
    const runs = [...document.querySelectorAll<HTMLElement>(".ed-text [data-start]")];
    const at = (u: number) => {
      let seen = 0;
      for (const r of runs) {
        const t = r.firstChild as Text;
        if (u <= seen + t.length) return { node: t, offset: u - seen };
        seen += t.length;
      }
      throw new Error("beyond the text");
    };
    const a = at(startUtf16);
    const b = at(endUtf16);
    const range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
  }

  it("shows the text with its spans highlighted", () => {
    render(<Harness initial={textLabel()} item={textItem()} />);
    const mark = document.querySelector("mark.ed-span") as HTMLElement;
    expect(mark.textContent).toBe("Tokyo");
    expect(mark.dataset.spanIds).toBe("s1");
    expect(document.querySelector(".ed-text")!.textContent).toBe(SAMPLE_TEXT);
    expect([...document.querySelectorAll("[data-class-id]")].map((b) => b.getAttribute("data-class-id"))).toEqual(["place"]);
  });

  it("a selection and a class's hotkey make a span at code-point offsets", () => {
    const spy = vi.fn();
    render(<Harness initial={{ objects: [] }} item={textItem()} spy={spy} />);
    // "🗼 Tokyo" is UTF-16 indexes 7 to 15 (after "𝔾o to ", 𝔾 being two units): code points 6 to 13.
    expect(SAMPLE_TEXT.slice(7, 15)).toBe("🗼 Tokyo");
    selectText(7, 15);
    key("n");
    expect(spy.mock.lastCall![0].objects).toEqual([{ id: expect.any(String), class: "place", geometry: { start: 6, end: 13 } }]);
    expect(document.querySelector("mark.ed-span")!.textContent).toBe("🗼 Tokyo");
  });

  it("a click on the class makes a span too, trimmed of white space", () => {
    const spy = vi.fn();
    render(<Harness initial={{ objects: [] }} item={textItem()} spy={spy} />);
    selectText(SAMPLE_TEXT.indexOf("Kyoto") - 1, SAMPLE_TEXT.indexOf("Kyoto") + 5);
    fireEvent.click(classButton("place")!);
    const g = spy.mock.lastCall![0].objects[0].geometry;
    expect([...SAMPLE_TEXT].slice(g.start, g.end).join("")).toBe("Kyoto");
    expect(g).toEqual({ start: 20, end: 25 });
  });

  it("with a text-span class picked, finishing a selection makes a span", () => {
    const spy = vi.fn();
    render(<Harness initial={{ objects: [] }} item={textItem()} spy={spy} />);
    key("n");
    expect(classButton("place")!.getAttribute("aria-pressed")).toBe("true");
    selectText(0, 2);
    fireEvent.mouseUp(document.querySelector(".ed-text")!);
    expect(spy.mock.lastCall![0].objects[0].geometry).toEqual({ start: 0, end: 1 });
  });

  it("a click on a span selects it", () => {
    render(<Harness initial={textLabel()} item={textItem()} />);
    fireEvent.click(document.querySelector("mark.ed-span")!);
    expect(row("s1")!.getAttribute("aria-selected")).toBe("true");
  });
});

describe("Editor on a video", () => {
  it(", and . step through frames; the timeline shows the tracks' keyframes", () => {
    render(<Harness initial={videoLabel()} item={videoItem()} />);
    expect(screen.getByText(/Frame 0 \/ 99/)).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /^Keyframe \d+ of Car$/ }).map((b) => b.getAttribute("aria-label"))).toEqual(["Keyframe 0 of Car", "Keyframe 10 of Car"]);
    key(".");
    key(".");
    expect(screen.getByText(/Frame 2 \/ 99/)).toBeTruthy();
    key(",");
    expect(screen.getByText(/Frame 1 \/ 99/)).toBeTruthy();
    expect(within(row("~t1@1")!).getByText("interpolated")).toBeTruthy();
  });

  it("the scrubber and the keyframe markers move the frame", () => {
    render(<Harness initial={videoLabel()} item={videoItem()} />);
    fireEvent.change(screen.getByRole("slider", { name: "Frame" }), { target: { value: "5" } });
    expect(row("~t1@5")).toBeTruthy();
    expect(row("p5")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Keyframe 10 of Car" }));
    expect(screen.getByText(/Frame 10 \/ 99/)).toBeTruthy();
    expect(row("k10")!.getAttribute("aria-selected")).toBe("true");
  });

  it("K on an interpolated object makes it a keyframe", () => {
    const spy = vi.fn();
    render(<Harness initial={videoLabel()} item={videoItem()} spy={spy} />);
    fireEvent.change(screen.getByRole("slider", { name: "Frame" }), { target: { value: "5" } });
    fireEvent.click(within(row("~t1@5")!).getByText(/Car/));
    act(() => {
      key("K", { shiftKey: true });
    });
    const k = spy.mock.lastCall![0].objects.find((o: { frame?: number; track?: string }) => o.frame === 5 && o.track === "t1");
    expect(k.geometry).toEqual({ x: 50, y: 25, w: 150, h: 75 });
  });
});
