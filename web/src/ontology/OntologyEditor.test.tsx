// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { OntologyEditor } from "./OntologyEditor";
import type { FieldError } from "./model";
import type { Ontology } from "./types";

afterEach(cleanup);

function Harness({ initial, errors, spy, readOnly }: { initial: Ontology; errors?: FieldError[]; spy?: (o: Ontology) => void; readOnly?: boolean }) {
  const [value, setValue] = useState(initial);
  return (
    <OntologyEditor
      value={value}
      errors={errors}
      readOnly={readOnly}
      onChange={(o) => {
        setValue(o);
        spy?.(o);
      }}
    />
  );
}

const empty = (): Ontology => ({ objects: [], classifications: [] });

function car(): Ontology {
  return {
    objects: [
      {
        id: "car",
        name: "Car",
        shape: "bounding_box",
        color: "#e11d48",
        hotkey: "c",
        attributes: [
          {
            id: "occlusion",
            name: "Occlusion",
            type: "radio",
            options: [
              { id: "none", label: "None" },
              { id: "partial", label: "Partial", attributes: [{ id: "pct", name: "Percent", type: "number" }] },
            ],
          },
        ],
      },
      { id: "person", name: "Person", shape: "point", color: "#2563eb" },
    ],
    classifications: [{ id: "weather", name: "Weather", type: "radio", scope: "item", options: [{ id: "sunny", label: "Sunny" }] }],
  };
}

const node = (key: string) => {
  const el = document.querySelector<HTMLElement>(`[data-node="${key}"]`);
  if (!el) throw new Error(`no tree item ${key}`);
  return el;
};
/** The row of a tree item, without its children. */
const row = (key: string) => node(key).querySelector<HTMLElement>(":scope > .onto-row")!;
const preview = () => JSON.parse(screen.getByTestId("ontology-json").textContent!);
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const errorOf = (input: HTMLElement) => {
  const ids = input.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains("field-error"))?.textContent;
};

// Role queries walk the whole accessibility tree: on a busy machine a long
// test can pass five seconds.
describe("OntologyEditor", { timeout: 20_000 }, () => {
  it("builds an object class with a radio attribute and a nested attribute under one option, the JSON following", () => {
    const spy = vi.fn();
    render(<Harness initial={empty()} spy={spy} />);
    expect(preview()).toEqual({ objects: [], classifications: [] });

    fireEvent.click(screen.getByRole("button", { name: "Add object" }));
    expect(node("objects/0").getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(screen.getByLabelText("Name"));
    type("Name", "Car");
    expect((screen.getByLabelText("Id") as HTMLInputElement).value).toBe("car");
    fireEvent.change(screen.getByLabelText("Shape"), { target: { value: "polygon" } });
    fireEvent.click(screen.getByRole("button", { name: "Use #16a34a" }));
    type("Hotkey", "c");
    expect(preview().objects).toEqual([{ id: "car", name: "Car", shape: "polygon", color: "#16a34a", hotkey: "c" }]);

    fireEvent.click(within(row("objects/0")).getByRole("button", { name: "Add attribute" }));
    expect(node("objects/0/attributes/0").getAttribute("aria-level")).toBe("2");
    expect(node("objects/0").getAttribute("aria-expanded")).toBe("true");
    type("Name", "Occlusion");
    expect((screen.getByLabelText("Type") as HTMLSelectElement).value).toBe("radio");
    fireEvent.click(screen.getByLabelText("Required"));

    // A new radio comes with one option; add a second and name them.
    fireEvent.click(within(row("objects/0/attributes/0")).getByRole("button", { name: "Add option" }));
    type("Label", "Partial");
    fireEvent.click(row("objects/0/attributes/0/options/0"));
    type("Label", "None");

    fireEvent.click(within(row("objects/0/attributes/0/options/1")).getByRole("button", { name: "Add nested attribute" }));
    expect(node("objects/0/attributes/0/options/1/attributes/0").getAttribute("aria-level")).toBe("4");
    type("Name", "Occluded %");
    type("Id", "occluded_pct");
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "number" } });
    type("Min", "0");
    type("Max", "100");
    fireEvent.click(screen.getByLabelText("Integer"));

    expect(preview()).toEqual({
      objects: [
        {
          id: "car",
          name: "Car",
          shape: "polygon",
          color: "#16a34a",
          hotkey: "c",
          attributes: [
            {
              id: "occlusion",
              name: "Occlusion",
              type: "radio",
              required: true,
              options: [
                { id: "none", label: "None" },
                {
                  id: "partial",
                  label: "Partial",
                  attributes: [{ id: "occluded_pct", name: "Occluded %", type: "number", min: 0, max: 100, integer: true }],
                },
              ],
            },
          ],
        },
      ],
      classifications: [],
    });
    expect(spy).toHaveBeenLastCalledWith(expect.objectContaining({ objects: [expect.objectContaining({ id: "car" })] }));
    // The tree shows what was built.
    expect(row("objects/0").textContent).toContain("Car");
    expect(within(row("objects/0")).getByText("c").tagName).toBe("KBD");
    expect(row("objects/0/attributes/0/options/1/attributes/0").textContent).toContain("Occluded %");
  });

  it("adds a classification with its scope and hotkey", () => {
    render(<Harness initial={empty()} />);
    fireEvent.click(screen.getByRole("button", { name: "Add classification" }));
    type("Name", "Weather");
    fireEvent.change(screen.getByLabelText("Scope"), { target: { value: "frame" } });
    type("Hotkey", "w");
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "text" } });
    type("Max length", "20");
    expect(preview().classifications).toEqual([{ id: "weather", name: "Weather", type: "text", scope: "frame", hotkey: "w", max_length: 20 }]);
    expect(document.querySelector('[data-node="classifications/0/options/0"]')).toBeNull();
  });

  it("refuses a hotkey another node has, saying whose it is", () => {
    const spy = vi.fn();
    render(<Harness initial={car()} spy={spy} />);
    fireEvent.click(row("objects/1"));
    const hotkey = screen.getByLabelText("Hotkey") as HTMLInputElement;
    fireEvent.change(hotkey, { target: { value: "c" } });
    expect(spy).not.toHaveBeenCalled();
    expect(hotkey.value).toBe("");
    expect(errorOf(hotkey)).toBe("'c' is already the hotkey of 'Car'");
    expect(hotkey.getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(hotkey, { target: { value: "p" } });
    expect(errorOf(hotkey)).toBeUndefined();
    expect(preview().objects[1].hotkey).toBe("p");
  });

  it("shows a duplicate hotkey already in the document on the field and on the tree node", () => {
    const o = car();
    o.classifications[0].hotkey = "c";
    render(<Harness initial={o} />);
    expect(row("classifications/0").querySelector(".onto-marker")).not.toBeNull();
    expect(row("objects/0").querySelector(".onto-marker")).toBeNull();
    expect(screen.getByText("1 problem")).toBeTruthy();
    fireEvent.click(row("classifications/0"));
    expect(errorOf(screen.getByLabelText("Hotkey"))).toBe("'c' is already the hotkey of 'Car'");
  });

  it("places a server error on its node and next to its field", () => {
    const errors = [
      { location: "body.schema.objects[0].attributes[0].options[1].id", message: "objects[0].attributes[0].options[1].id: 'partial' is taken" },
      { location: "body.schema.objects[1].shape", message: "not allowed for video items" },
      { location: "body.schema.objects[1].attributes", message: "at most 100 attributes" },
      { location: "body.schema.objects", message: "at most 1000 objects" },
      { location: "body.name", message: "required" },
    ];
    render(<Harness initial={car()} errors={errors} />);
    const marked = [...document.querySelectorAll("[data-node]")].filter((li) => li.querySelector(":scope > .onto-row .onto-marker")).map((li) => li.getAttribute("data-node"));
    expect(marked).toEqual(["objects/0/attributes/0/options/1", "objects/1"]);

    fireEvent.click(row("objects/0/attributes/0/options/1"));
    const id = screen.getByLabelText("Id");
    expect(errorOf(id)).toBe("'partial' is taken");
    expect(errorOf(screen.getByLabelText("Label"))).toBeUndefined();

    fireEvent.click(row("objects/1"));
    expect(errorOf(screen.getByLabelText("Shape"))).toBe("not allowed for video items");
    expect(within(document.querySelector(".onto-form")!).getByRole("alert").textContent).toBe("attributes: at most 100 attributes");
    // The document's own error is over the tree; the page's field is not the editor's.
    expect(document.querySelector(".onto-doc-errors")!.textContent).toBe("objects: at most 1000 objects");

    // A collapsed parent says there are errors inside.
    fireEvent.click(node("objects/0").querySelector(":scope > .onto-row .onto-toggle")!);
    expect(node("objects/0").getAttribute("aria-expanded")).toBe("false");
    expect(document.querySelector('[data-node="objects/0/attributes/0"]')).toBeNull();
    expect(row("objects/0").querySelector(".onto-marker")!.getAttribute("aria-label")).toBe("Has errors inside");
  });

  it("moves through the tree with the keyboard", () => {
    render(<Harness initial={car()} />);
    expect(screen.getByRole("tree", { name: "Object classes" })).toBeTruthy();
    expect(node("objects/0").tabIndex).toBe(0);
    expect(node("objects/1").tabIndex).toBe(-1);
    node("objects/0").focus();
    fireEvent.keyDown(node("objects/0"), { key: "ArrowDown" });
    expect(document.activeElement).toBe(node("objects/0/attributes/0"));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(node("objects/0/attributes/0").getAttribute("aria-expanded")).toBe("false");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(document.activeElement).toBe(node("objects/1"));
    fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(node("objects/0/attributes/0").getAttribute("aria-expanded")).toBe("true");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(node("objects/0/attributes/0/options/0"));
    fireEvent.keyDown(document.activeElement!, { key: "End" });
    expect(document.activeElement).toBe(node("objects/1"));
    fireEvent.keyDown(document.activeElement!, { key: "Home" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(node("objects/0"));
    // Focus alone does not select; Enter does.
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    expect(screen.getByRole("heading", { name: "Car" })).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: "Enter" });
    expect(node("objects/0/attributes/0").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("heading", { name: "Occlusion" })).toBeTruthy();
  });

  it("keeps the ids of saved nodes when they are renamed, and moves and deletes", () => {
    const spy = vi.fn();
    render(<Harness initial={car()} spy={spy} />);
    type("Name", "Automobile");
    expect((screen.getByLabelText("Id") as HTMLInputElement).value).toBe("car");

    fireEvent.click(screen.getByRole("button", { name: "Move down" }));
    expect(preview().objects.map((o: { id: string }) => o.id)).toEqual(["person", "car"]);
    expect(node("objects/1").getAttribute("aria-selected")).toBe("true");
    expect((screen.getByRole("button", { name: "Move down" }) as HTMLButtonElement).disabled).toBe(true);

    // Deleting a node with children asks first.
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain("Everything under it goes too: 2 attributes and 2 options.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(preview().objects.map((o: { id: string }) => o.id)).toEqual(["person"]);
    expect(node("objects/0").getAttribute("aria-selected")).toBe("true");

    // A leaf goes at once.
    fireEvent.click(row("classifications/0/options/0"));
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(preview().classifications[0].options).toEqual([]);
    expect(node("classifications/0").getAttribute("aria-selected")).toBe("true");
    expect(errorOf(screen.getByLabelText("Type"))).toBe("a radio attribute needs at least 1 option");
  });

  it("treats a document given from outside as saved, even after an empty start", () => {
    function Loader() {
      const [value, setValue] = useState<Ontology>(empty());
      return (
        <>
          <button onClick={() => setValue(car())}>Load</button>
          <OntologyEditor value={value} onChange={setValue} />
        </>
      );
    }
    render(<Loader />);
    expect(screen.getByText("An empty ontology")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Load" }));
    expect(node("objects/0").getAttribute("aria-selected")).toBe("true");
    type("Name", "Automobile");
    expect((screen.getByLabelText("Id") as HTMLInputElement).value).toBe("car");
    // A node made in the editor still takes its id from its name.
    fireEvent.click(screen.getByRole("button", { name: "Add object" }));
    type("Name", "Bus");
    expect((screen.getByLabelText("Id") as HTMLInputElement).value).toBe("bus");
    type("Name", "Coach");
    expect((screen.getByLabelText("Id") as HTMLInputElement).value).toBe("coach");
  });

  it("edits a skeleton's points and edges", () => {
    render(<Harness initial={car()} />);
    fireEvent.click(row("objects/1"));
    fireEvent.change(screen.getByLabelText("Shape"), { target: { value: "skeleton" } });
    fireEvent.change(screen.getByLabelText("Point 1 name"), { target: { value: "Head" } });
    fireEvent.click(screen.getByRole("button", { name: "Add point" }));
    fireEvent.change(screen.getByLabelText("Point 2 name"), { target: { value: "Neck" } });
    fireEvent.click(screen.getByRole("button", { name: "Add edge" }));
    expect(preview().objects[1].skeleton).toEqual({ points: [{ id: "head", name: "Head" }, { id: "neck", name: "Neck" }], edges: [["head", "neck"]] });
    expect((screen.getByRole("button", { name: "Add edge" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Remove point Neck" }));
    expect(preview().objects[1].skeleton).toEqual({ points: [{ id: "head", name: "Head" }] });
  });

  it("imports pasted JSON after a confirm, and says what is wrong with bad JSON", () => {
    const spy = vi.fn();
    render(<Harness initial={car()} spy={spy} />);
    fireEvent.click(screen.getByRole("button", { name: "Import JSON" }));
    const text = screen.getByLabelText("Ontology JSON");
    fireEvent.change(text, { target: { value: '{"objects": [' } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect(errorOf(text)).toMatch(/^Not valid JSON at line 1/);
    expect(spy).not.toHaveBeenCalled();

    fireEvent.change(text, { target: { value: '{"objects": [{"id": "bus", "name": "Bus", "shape": "polygon", "color": "#000000"}]}' } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect(screen.getByRole("dialog").textContent).toContain("2 object classes and 1 classification will be replaced by the imported 1 object class and 0 classifications");
    fireEvent.click(screen.getByRole("button", { name: "Replace" }));
    expect(spy).toHaveBeenCalledWith({ objects: [{ id: "bus", name: "Bus", shape: "polygon", color: "#000000" }], classifications: [] });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(node("objects/0").getAttribute("aria-selected")).toBe("true");
    expect(preview().objects[0].id).toBe("bus");
  });

  it("shows a shape or type it does not know as it is", () => {
    const o = car();
    o.objects[1].shape = "cuboid";
    o.objects[0].attributes![0].type = "slider";
    render(<Harness initial={o} />);
    fireEvent.click(row("objects/1"));
    const shape = screen.getByLabelText("Shape") as HTMLSelectElement;
    expect(shape.value).toBe("cuboid");
    expect(shape.selectedOptions[0].textContent).toBe("cuboid (unknown)");
    fireEvent.click(row("objects/0/attributes/0"));
    expect((screen.getByLabelText("Type") as HTMLSelectElement).value).toBe("slider");
    fireEvent.change(screen.getByLabelText("Type"), { target: { value: "checklist" } });
    expect(preview().objects[0].attributes[0].type).toBe("checklist");
  });

  it("hides and shows the JSON", () => {
    render(<Harness initial={car()} />);
    fireEvent.click(screen.getByRole("button", { name: "Hide JSON" }));
    expect(screen.queryByTestId("ontology-json")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show JSON" }));
    expect(preview().objects).toHaveLength(2);
    expect(screen.getByRole("button", { name: "Copy JSON" })).toBeTruthy();
  });

  it("shows everything and no edit control when read-only", () => {
    render(<Harness initial={car()} readOnly />);
    for (const name of ["Add object", "Add classification", "Add attribute", "Add option", "Delete", "Move up", "Import JSON"]) {
      expect(screen.queryByRole("button", { name })).toBeNull();
    }
    expect((screen.getByLabelText("Name") as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("Car");
    expect((screen.getByLabelText("Colour") as HTMLInputElement).disabled).toBe(true);
    expect(screen.getAllByRole("treeitem")).toHaveLength(8);
    expect(preview().objects[0].id).toBe("car");
  });
});
