import { describe, expect, it } from "vitest";
import {
  addAttribute,
  addClassification,
  addObject,
  addOption,
  addSkeletonEdge,
  addSkeletonPoint,
  attributeDepth,
  canAddAttribute,
  canAddEdge,
  canAddOption,
  childPaths,
  classificationPath,
  emptyOntology,
  errorsByPath,
  freeHotkeys,
  getNode,
  hotkeyOwner,
  idPath,
  isAutoId,
  locate,
  MAX_DEPTH,
  mergeErrors,
  moveNode,
  nodeKind,
  objectPath,
  PALETTE,
  parseOntologyJSON,
  parsePathKey,
  pathKey,
  pathLocation,
  removeNode,
  removeSkeletonEdge,
  removeSkeletonPoint,
  savedIds,
  scopeIds,
  setAttributeType,
  slugify,
  toJSON,
  toJSONText,
  uniqueId,
  updateNode,
  updateSkeletonPoint,
  validateLocal,
  walk,
  type NodePath,
} from "./model";
import type { components } from "../api/schema";
import type { Attribute, AttributeType, Classification, ObjectClass, Ontology, Scope, Shape } from "./types";

type Schemas = components["schemas"];

/** The spec's example document, verbatim. */
const SPEC_TEXT = `{
  "objects": [
    {
      "id": "car", "name": "Car", "shape": "bounding_box", "color": "#e11d48", "hotkey": "c",
      "attributes": [
        {"id": "occlusion", "name": "Occlusion", "type": "radio", "required": true,
         "options": [
           {"id": "none", "label": "None"},
           {"id": "partial", "label": "Partial",
            "attributes": [{"id": "occluded_pct", "name": "Occluded %", "type": "number", "min": 0, "max": 100, "integer": true}]}
         ]},
        {"id": "tags", "name": "Tags", "type": "checklist", "options": [{"id": "parked", "label": "Parked"}, {"id": "damaged", "label": "Damaged"}]},
        {"id": "plate", "name": "Plate", "type": "text", "max_length": 20}
      ]
    },
    {"id": "person", "name": "Person", "shape": "skeleton", "color": "#2563eb", "hotkey": "p",
     "skeleton": {"points": [{"id": "head", "name": "Head"}, {"id": "neck", "name": "Neck"}], "edges": [["head", "neck"]]}}
  ],
  "classifications": [
    {"id": "weather", "name": "Weather", "type": "radio", "scope": "item", "hotkey": "w", "required": false,
     "options": [{"id": "sunny", "label": "Sunny"}, {"id": "rain", "label": "Rain"}]}
  ]
}`;

function spec(): Ontology {
  const r = parseOntologyJSON(SPEC_TEXT);
  if (!r.ok) throw new Error(r.error);
  return r.ontology;
}

const p = (key: string): NodePath => {
  const path = parsePathKey(key);
  if (!path) throw new Error(`bad key ${key}`);
  return path;
};

/** deepFreeze makes any mutation of an input throw, so the tests prove the operations are immutable. */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object") {
    Object.values(v).forEach(deepFreeze);
    Object.freeze(v);
  }
  return v;
}

describe("the spec's example", () => {
  it("is an Ontology as typed, literal and parsed alike", () => {
    const literal: Ontology = {
      objects: [
        {
          id: "person",
          name: "Person",
          shape: "skeleton",
          color: "#2563eb",
          hotkey: "p",
          skeleton: { points: [{ id: "head", name: "Head" }], edges: [["head", "head"]] },
        },
      ],
      classifications: [{ id: "weather", name: "Weather", type: "radio", scope: "item", options: [{ id: "sunny", label: "Sunny" }] }],
    };
    expect(literal.objects).toHaveLength(1);
    expect(spec()).toEqual(JSON.parse(SPEC_TEXT));
  });

  it("takes the types openapi-typescript generates for the API, and gives them back", () => {
    // The API's own generated type: shape, type and scope are plain strings there.
    const generated: Schemas["Ontology"] = JSON.parse(SPEC_TEXT);
    const ours: Ontology = generated;
    const back: Schemas["Ontology"] = ours;
    expect(back).toBe(generated);
    // Should the Go types gain enum tags, the unions the generator would write fit too.
    interface WithEnums {
      objects: (Omit<Schemas["Object"], "shape"> & { shape: Shape })[];
      classifications: (Omit<Schemas["Classification"], "type" | "scope"> & { type: AttributeType; scope: Scope })[];
    }
    const enums: WithEnums = { objects: [], classifications: [] };
    const fromEnums: Ontology = enums;
    expect(fromEnums).toBe(enums);
  });

  it("comes back from toJSON in the same order, less the empty optional fields", () => {
    const out = toJSONText(spec());
    const expected = JSON.parse(SPEC_TEXT);
    delete expected.classifications[0].required;
    expect(out).toBe(JSON.stringify(expected, null, 2));
  });
});

describe("paths", () => {
  it("round-trip through pathKey and parsePathKey", () => {
    for (const key of ["objects/0", "classifications/2", "objects/0/attributes/1/options/0", "classifications/0/options/1/attributes/0"]) {
      expect(pathKey(p(key))).toBe(key);
    }
    expect(p("objects/0/attributes/1/options/0")).toEqual({ root: "objects", index: 0, rest: [{ attr: 1 }, { option: 0 }] });
  });

  it("refuse keys pathKey would not write", () => {
    for (const key of ["", "objects", "objects/x", "labels/0", "objects/0/options/1", "classifications/0/attributes/0", "objects/0/attributes"]) {
      expect(parsePathKey(key)).toBeNull();
    }
  });

  it("name nodes as the server does", () => {
    expect(pathLocation(p("objects/3/attributes/0/options/1"))).toBe("objects[3].attributes[0].options[1]");
    expect(pathLocation(p("classifications/0/options/1/attributes/2"))).toBe("classifications[0].options[1].attributes[2]");
  });

  it("tell the kind of node and its depth", () => {
    expect(nodeKind(p("objects/0"))).toBe("object");
    expect(nodeKind(p("classifications/0"))).toBe("classification");
    expect(nodeKind(p("objects/0/attributes/0"))).toBe("attribute");
    expect(nodeKind(p("objects/0/attributes/0/options/1"))).toBe("option");
    expect(attributeDepth(p("objects/0/attributes/0"))).toBe(1);
    expect(attributeDepth(p("objects/0/attributes/0/options/1/attributes/0"))).toBe(2);
    expect(attributeDepth(p("classifications/0"))).toBe(1);
    expect(attributeDepth(p("classifications/0/options/0/attributes/0"))).toBe(2);
  });

  it("find nodes, and nothing where there is none", () => {
    const o = spec();
    expect((getNode(o, p("objects/0/attributes/0/options/1/attributes/0")) as Attribute).id).toBe("occluded_pct");
    expect(getNode(o, p("objects/0/attributes/9"))).toBeUndefined();
    expect(getNode(o, p("objects/7/attributes/0/options/0"))).toBeUndefined();
    expect(childPaths(o, p("objects/0")).map(pathKey)).toEqual(["objects/0/attributes/0", "objects/0/attributes/1", "objects/0/attributes/2"]);
    expect(childPaths(o, p("classifications/0")).map(pathKey)).toEqual(["classifications/0/options/0", "classifications/0/options/1"]);
  });

  it("idPath names a node by its ids, which do not change when it moves", () => {
    const o = spec();
    expect(idPath(o, p("objects/0/attributes/0/options/1"))).toBe("objects:car/occlusion/partial");
    expect(idPath(o, p("classifications/0/options/0"))).toBe("classifications:weather/sunny");
    expect(idPath(o, p("objects/0/attributes/7"))).toBeUndefined();
    const moved = moveNode(o, p("objects/0/attributes/0"), 1);
    expect(idPath(moved.ontology, p("objects/0/attributes/1/options/1"))).toBe("objects:car/occlusion/partial");
    const ids = savedIds(o);
    expect(ids.size).toBe(13 + 2);
    expect(ids.has("objects:person#neck")).toBe(true);
    expect(ids.has("objects:car/occlusion/partial/occluded_pct")).toBe(true);
  });

  it("walk visits every node in document order", () => {
    const keys: string[] = [];
    walk(spec(), (e) => keys.push(pathKey(e.path)));
    expect(keys).toEqual([
      "objects/0",
      "objects/0/attributes/0",
      "objects/0/attributes/0/options/0",
      "objects/0/attributes/0/options/1",
      "objects/0/attributes/0/options/1/attributes/0",
      "objects/0/attributes/1",
      "objects/0/attributes/1/options/0",
      "objects/0/attributes/1/options/1",
      "objects/0/attributes/2",
      "objects/1",
      "classifications/0",
      "classifications/0/options/0",
      "classifications/0/options/1",
    ]);
  });
});

describe("names and ids", () => {
  it("slugify makes ids that match the id pattern", () => {
    expect(slugify("Object 2")).toBe("object_2");
    expect(slugify("  Car (parked)  ")).toBe("car_parked");
    expect(slugify("Occluded %")).toBe("occluded");
    expect(slugify("Café Crème")).toBe("cafe_creme");
    expect(slugify("%%%", "option")).toBe("option");
    expect(slugify("x".repeat(80))).toHaveLength(64);
  });

  it("uniqueId adds a number until the id is free, within 64 characters", () => {
    expect(uniqueId("car", new Set())).toBe("car");
    expect(uniqueId("car", new Set(["car", "car_2"]))).toBe("car_3");
    const long = "a".repeat(64);
    expect(uniqueId(long, new Set([long]))).toBe(`${"a".repeat(62)}_2`);
  });

  it("isAutoId knows an id made from a name", () => {
    expect(isAutoId("object_2", "Object 2")).toBe(true);
    expect(isAutoId("car_2", "Car")).toBe(true);
    expect(isAutoId("vehicle", "Car")).toBe(false);
    expect(isAutoId("car_1", "Car")).toBe(false);
    expect(isAutoId("option", "", "option")).toBe(true);
  });

  it("scopeIds: one object's attributes (nested too); all classifications with their attributes; one attribute's options", () => {
    const o = spec();
    expect([...scopeIds(o, p("objects/0"))]).toEqual(["person"]);
    expect([...scopeIds(o, p("objects/0/attributes/1"))].sort()).toEqual(["occluded_pct", "occlusion", "plate"]);
    expect([...scopeIds(o, p("objects/0/attributes/0/options/0"))]).toEqual(["partial"]);
    expect([...scopeIds(o, p("classifications/1"))]).toEqual(["weather"]);
  });
});

describe("adding", () => {
  it("adds object classes with distinct names, ids and colours, as bounding boxes", () => {
    const start = deepFreeze(emptyOntology());
    const a = addObject(start);
    expect(pathKey(a.path)).toBe("objects/0");
    expect(a.ontology.objects[0]).toEqual({ id: "object_1", name: "Object 1", shape: "bounding_box", color: PALETTE[0] });
    const b = addObject(deepFreeze(a.ontology));
    expect(b.ontology.objects[1]).toMatchObject({ id: "object_2", name: "Object 2", color: PALETTE[1] });
    expect(start.objects).toHaveLength(0);
  });

  it("skips names, ids and colours already taken", () => {
    const o: Ontology = {
      objects: [
        { id: "object_2", name: "Car", shape: "polygon", color: PALETTE[0].toUpperCase() },
        { id: "truck", name: "object 3", shape: "polygon", color: PALETTE[2] },
      ],
      classifications: [],
    };
    const { ontology } = addObject(deepFreeze(o));
    expect(ontology.objects[2]).toMatchObject({ name: "Object 4", id: "object_4", color: PALETTE[1] });
    const o2 = { ...o, objects: [o.objects[0], { ...o.objects[1], name: "Bus" }] };
    expect(addObject(o2).ontology.objects[2]).toMatchObject({ name: "Object 3", id: "object_3" });
    const renamed = { ...o, objects: [{ ...o.objects[0], name: "Object 3", id: "object_3" }] };
    expect(addObject(renamed).ontology.objects[1]).toMatchObject({ name: "Object 2", id: "object_2" });
  });

  it("cycles the palette once every colour is used", () => {
    let o = emptyOntology();
    for (let i = 0; i < PALETTE.length + 2; i++) o = addObject(o).ontology;
    expect(o.objects.map((ob) => ob.color)).toEqual([...PALETTE, PALETTE[PALETTE.length % PALETTE.length], PALETTE[(PALETTE.length + 1) % PALETTE.length]]);
    expect(new Set(o.objects.map((ob) => ob.id)).size).toBe(o.objects.length);
  });

  it("adds a classification: an item-scope radio with one option", () => {
    const { ontology, path } = addClassification(deepFreeze(spec()));
    expect(pathKey(path)).toBe("classifications/1");
    expect(ontology.classifications[1]).toEqual({
      id: "classification_2",
      name: "Classification 2",
      type: "radio",
      scope: "item",
      options: [{ id: "option_1", label: "Option 1" }],
    });
  });

  it("adds attributes under an object and under an option, with ids unique in the object class", () => {
    const o = deepFreeze(spec());
    const top = addAttribute(o, p("objects/1"));
    expect(pathKey(top.path)).toBe("objects/1/attributes/0");
    expect(top.ontology.objects[1].attributes).toEqual([{ id: "attribute_1", name: "Attribute 1", type: "radio", options: [{ id: "option_1", label: "Option 1" }] }]);

    const nested = addAttribute(o, p("objects/0/attributes/0/options/0"));
    expect(pathKey(nested.path)).toBe("objects/0/attributes/0/options/0/attributes/0");
    expect(getNode(nested.ontology, nested.path)).toMatchObject({ id: "attribute_1", name: "Attribute 1" });
    // The untouched branches are shared, not copied.
    expect(nested.ontology.objects[1]).toBe(o.objects[1]);
    expect(nested.ontology.objects[0].attributes![1]).toBe(o.objects[0].attributes![1]);

    // An id already used deeper in the same object class is not reused.
    const taken = updateNode(o, p("objects/0/attributes/0/options/1/attributes/0"), { id: "attribute_4" });
    const fourth = addAttribute(taken, p("objects/0"));
    expect(getNode(fourth.ontology, fourth.path)).toMatchObject({ name: "Attribute 4", id: "attribute_4_2" });
  });

  it("adds attributes under a classification's option, sharing the classifications' id scope", () => {
    let o = spec();
    o = updateNode(o, p("classifications/0"), { id: "attribute_1" });
    const { ontology, path } = addAttribute(o, p("classifications/0/options/0"));
    expect(getNode(ontology, path)).toMatchObject({ id: "attribute_1_2" });
  });

  it("refuses attributes where they cannot go, and beyond the depth limit", () => {
    const o = spec();
    expect(canAddAttribute(o, p("objects/0/attributes/0"))).toBe(false);
    expect(canAddAttribute(o, p("classifications/0"))).toBe(false);
    expect(canAddAttribute(o, p("objects/5"))).toBe(false);
    expect(() => addAttribute(o, p("objects/0/attributes/0"))).toThrow(RangeError);

    let deep = o;
    let at = p("objects/0/attributes/0/options/0");
    for (let depth = 2; depth <= MAX_DEPTH; depth++) {
      const added = addAttribute(deep, at);
      deep = added.ontology;
      at = { ...added.path, rest: [...added.path.rest, { option: 0 }] };
    }
    expect(attributeDepth(at)).toBe(MAX_DEPTH);
    expect(canAddAttribute(deep, at)).toBe(false);
    expect(() => addAttribute(deep, at)).toThrow(RangeError);

    let c = o;
    let cat = p("classifications/0/options/0");
    for (let depth = 2; depth <= MAX_DEPTH; depth++) {
      const added = addAttribute(c, cat);
      c = added.ontology;
      cat = { ...added.path, rest: [...added.path.rest, { option: 0 }] };
    }
    expect(canAddAttribute(c, cat)).toBe(false);
  });

  it("adds options under radios, checklists and classifications only", () => {
    const o = deepFreeze(spec());
    const r = addOption(o, p("objects/0/attributes/0"));
    expect(pathKey(r.path)).toBe("objects/0/attributes/0/options/2");
    expect(getNode(r.ontology, r.path)).toEqual({ id: "option_3", label: "Option 3" });
    expect(pathKey(addOption(o, p("objects/0/attributes/1")).path)).toBe("objects/0/attributes/1/options/2");
    expect(pathKey(addOption(o, p("classifications/0")).path)).toBe("classifications/0/options/2");
    expect(canAddOption(o, p("objects/0/attributes/2"))).toBe(false);
    expect(canAddOption(o, p("objects/0"))).toBe(false);
    expect(() => addOption(o, p("objects/0/attributes/2"))).toThrow(RangeError);
  });
});

describe("removing and moving", () => {
  it("removes any node with everything under it", () => {
    const o = deepFreeze(spec());
    expect(removeNode(o, p("objects/0")).objects.map((ob) => ob.id)).toEqual(["person"]);
    expect(removeNode(o, p("classifications/0")).classifications).toEqual([]);
    const r = removeNode(o, p("objects/0/attributes/0/options/1"));
    expect((getNode(r, p("objects/0/attributes/0")) as Attribute).options!.map((x) => x.id)).toEqual(["none"]);
    const r2 = removeNode(o, p("objects/0/attributes/0/options/1/attributes/0"));
    expect(getNode(r2, p("objects/0/attributes/0/options/1"))).toEqual({ id: "partial", label: "Partial", attributes: [] });
    expect(() => removeNode(o, p("objects/4"))).toThrow(RangeError);
  });

  it("moves a node among its siblings and says where it went", () => {
    const o = deepFreeze(spec());
    const down = moveNode(o, p("objects/0/attributes/0"), 1);
    expect(pathKey(down.path)).toBe("objects/0/attributes/1");
    expect(down.ontology.objects[0].attributes!.map((a) => a.id)).toEqual(["tags", "occlusion", "plate"]);
    const up = moveNode(o, p("objects/1"), -1);
    expect(up.ontology.objects.map((ob) => ob.id)).toEqual(["person", "car"]);
    expect(pathKey(up.path)).toBe("objects/0");
    const opt = moveNode(o, p("classifications/0/options/1"), -1);
    expect(opt.ontology.classifications[0].options!.map((x) => x.id)).toEqual(["rain", "sunny"]);
  });

  it("leaves the document as it was at either end", () => {
    const o = spec();
    expect(moveNode(o, p("objects/0"), -1)).toEqual({ ontology: o, path: p("objects/0") });
    expect(moveNode(o, p("objects/0/attributes/2"), 1).ontology).toBe(o);
  });
});

describe("updating", () => {
  it("keeps the id when a node is renamed, unless the id was made from the old name", () => {
    const o = deepFreeze(spec());
    // "car" is slugify("Car"): it follows the name…
    expect(updateNode(o, p("objects/0"), { name: "Sports car" }).objects[0]).toMatchObject({ name: "Sports car", id: "sports_car" });
    // …unless told ids are in use.
    expect(updateNode(o, p("objects/0"), { name: "Sports car" }, { autoId: false }).objects[0].id).toBe("car");
    // An id the user chose stays.
    const chosen = updateNode(o, p("objects/0"), { id: "vehicle" });
    expect(updateNode(chosen, p("objects/0"), { name: "Automobile" }).objects[0]).toMatchObject({ name: "Automobile", id: "vehicle" });
    // Giving both sets both.
    expect(updateNode(o, p("objects/0"), { name: "Bus", id: "coach" }).objects[0]).toMatchObject({ name: "Bus", id: "coach" });
    // "Occluded %" made "occluded", not "occluded_pct": the id stays.
    expect((getNode(updateNode(o, p("objects/0/attributes/0/options/1/attributes/0"), { name: "Hidden" }), p("objects/0/attributes/0/options/1/attributes/0")) as Attribute).id).toBe("occluded_pct");
  });

  it("renames an option's id with its label, unique among its siblings", () => {
    const o = spec();
    const r = updateNode(o, p("objects/0/attributes/0/options/0"), { label: "Partial" });
    expect(getNode(r, p("objects/0/attributes/0/options/0"))).toEqual({ id: "partial_2", label: "Partial" });
    // The _2 id is still automatic: the next rename takes it along.
    const r2 = updateNode(r, p("objects/0/attributes/0/options/0"), { label: "Full" });
    expect(getNode(r2, p("objects/0/attributes/0/options/0"))).toEqual({ id: "full", label: "Full" });
  });

  it("keeps a new node's id in step while its name is typed", () => {
    let { ontology, path } = addObject(emptyOntology());
    for (const name of ["C", "Ca", "Car"]) ontology = updateNode(ontology, path, { name });
    expect(ontology.objects[0]).toMatchObject({ name: "Car", id: "car" });
    ontology = updateNode(ontology, path, { name: "" });
    expect(ontology.objects[0]).toMatchObject({ name: "", id: "object" });
    ontology = updateNode(ontology, path, { name: "Bus" });
    expect(ontology.objects[0].id).toBe("bus");
  });

  it("sets and removes optional fields", () => {
    const o = deepFreeze(spec());
    const r = updateNode(o, p("objects/0"), { hotkey: "" });
    expect("hotkey" in r.objects[0]).toBe(false);
    const t = updateNode(o, p("objects/0/attributes/2"), { max_length: undefined, required: true });
    expect(getNode(t, p("objects/0/attributes/2"))).toEqual({ id: "plate", name: "Plate", type: "text", required: true });
    const c = updateNode(o, p("classifications/0"), { scope: "frame", hotkey: "x" });
    expect(c.classifications[0]).toMatchObject({ scope: "frame", hotkey: "x" });
  });

  it("changing the type to text or number clears the options; to a choice clears the limits", () => {
    const o = deepFreeze(spec());
    const text = setAttributeType(o, p("objects/0/attributes/0"), "text");
    expect(getNode(text, p("objects/0/attributes/0"))).toEqual({ id: "occlusion", name: "Occlusion", type: "text", required: true });
    const num = setAttributeType(o, p("objects/0/attributes/2"), "number");
    expect(getNode(num, p("objects/0/attributes/2"))).toEqual({ id: "plate", name: "Plate", type: "number" });
    const radio = setAttributeType(o, p("objects/0/attributes/0/options/1/attributes/0"), "radio");
    expect(getNode(radio, p("objects/0/attributes/0/options/1/attributes/0"))).toEqual({
      id: "occluded_pct",
      name: "Occluded %",
      type: "radio",
      options: [{ id: "option_1", label: "Option 1" }],
    });
    const check = setAttributeType(o, p("objects/0/attributes/0"), "checklist");
    expect((getNode(check, p("objects/0/attributes/0")) as Attribute).options).toBe(o.objects[0].attributes![0].options);
    const c = setAttributeType(o, p("classifications/0"), "text");
    expect(c.classifications[0]).toEqual({ id: "weather", name: "Weather", type: "text", scope: "item", hotkey: "w", required: false });
  });

  it("a skeleton comes with the shape and goes with it", () => {
    const o = deepFreeze(spec());
    const sk = updateNode(o, p("objects/0"), { shape: "skeleton" });
    expect(sk.objects[0].skeleton).toEqual({ points: [{ id: "point_1", name: "Point 1" }], edges: [] });
    const box = updateNode(o, p("objects/1"), { shape: "polygon" });
    expect(box.objects[1]).toEqual({ id: "person", name: "Person", shape: "polygon", color: "#2563eb", hotkey: "p" });
  });
});

describe("skeletons", () => {
  const person = (o: Ontology) => o.objects[1].skeleton!;

  it("adds points with unique names and ids", () => {
    const o = addSkeletonPoint(deepFreeze(spec()), 1);
    expect(person(o).points[2]).toEqual({ id: "point_3", name: "Point 3" });
  });

  it("renames a point, its automatic id and the edges following", () => {
    const o = deepFreeze(spec());
    const r = updateSkeletonPoint(o, 1, 0, { name: "Skull" });
    expect(person(r)).toEqual({ points: [{ id: "skull", name: "Skull" }, { id: "neck", name: "Neck" }], edges: [["skull", "neck"]] });
    const kept = updateSkeletonPoint(o, 1, 0, { name: "Skull" }, { autoId: false });
    expect(person(kept).points[0]).toEqual({ id: "head", name: "Skull" });
    const byId = updateSkeletonPoint(o, 1, 1, { id: "throat" });
    expect(person(byId).edges).toEqual([["head", "throat"]]);
    const clash = updateSkeletonPoint(o, 1, 1, { name: "Head" });
    expect(person(clash).points[1]).toEqual({ id: "head_2", name: "Head" });
  });

  it("removes a point with its edges", () => {
    const r = removeSkeletonPoint(deepFreeze(spec()), 1, 1);
    expect(person(r)).toEqual({ points: [{ id: "head", name: "Head" }], edges: [] });
  });

  it("adds edges between two distinct known points, once", () => {
    let o = addSkeletonPoint(spec(), 1);
    o = addSkeletonEdge(o, 1, "neck", "point_3");
    expect(person(o).edges).toEqual([["head", "neck"], ["neck", "point_3"]]);
    expect(addSkeletonEdge(o, 1, "neck", "head")).toBe(o);
    expect(addSkeletonEdge(o, 1, "neck", "neck")).toBe(o);
    expect(addSkeletonEdge(o, 1, "neck", "tail")).toBe(o);
    expect(addSkeletonEdge(o, 0, "a", "b")).toBe(o);
    expect(canAddEdge(person(o), "head", "point_3")).toBe(true);
    expect(person(removeSkeletonEdge(o, 1, 0)).edges).toEqual([["neck", "point_3"]]);
  });
});

describe("hotkeys", () => {
  it("freeHotkeys lists a-z then 0-9 less those in use", () => {
    const o = spec();
    const free = freeHotkeys(o);
    expect(free).toHaveLength(36 - 3);
    expect(free.slice(0, 3)).toEqual(["a", "b", "d"]);
    expect(free).not.toContain("p");
    expect(free).not.toContain("w");
    expect(free.at(-1)).toBe("9");
    expect(freeHotkeys(o, p("objects/0"))).toContain("c");
  });

  it("hotkeyOwner names who has a key", () => {
    const o = spec();
    expect(hotkeyOwner(o, "W")).toEqual({ path: classificationPath(0), name: "Weather" });
    expect(hotkeyOwner(o, "c", objectPath(0))).toBeNull();
    expect(hotkeyOwner(o, "z")).toBeNull();
  });
});

describe("validateLocal", () => {
  it("finds nothing wrong with the spec's example", () => {
    expect(validateLocal(spec())).toEqual([]);
  });

  it("finds empty names, bad ids, duplicate names and hotkeys, and choices without options", () => {
    const o = spec();
    const car = o.objects[0];
    const bad: Ontology = {
      objects: [
        car,
        { ...o.objects[1], name: " CAR ", hotkey: "C" },
        { id: "car2", name: "CAR", shape: "point", color: "#000000" },
        { id: "Truck", name: "", shape: "polygon", color: "#000000", hotkey: "c" },
        {
          id: "x",
          name: "X",
          shape: "skeleton",
          color: "#000000",
          skeleton: { points: [{ id: "", name: " " }], edges: [] },
          attributes: [{ id: "-a", name: "A", type: "checklist", options: [{ id: "o", label: "" }] }],
        },
      ],
      classifications: [
        o.classifications[0],
        { id: "w2", name: "weather", type: "radio", scope: "item", hotkey: "w", options: [] },
      ],
    };
    const ID_RULE = "must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit";
    expect(validateLocal(bad)).toEqual([
      { location: "objects[3].name", message: "is required" },
      { location: "objects[3].id", message: ID_RULE },
      { location: "objects[4].skeleton.points[0].name", message: "is required" },
      { location: "objects[4].skeleton.points[0].id", message: "is required" },
      { location: "objects[4].attributes[0].id", message: ID_RULE },
      { location: "objects[4].attributes[0].options[0].label", message: "is required" },
      { location: "classifications[1].options", message: "a radio attribute needs at least 1 option" },
      // As on the server: names compare regardless of case, but " CAR " is not "Car".
      { location: "objects[2].name", message: "duplicate object name 'CAR'" },
      { location: "classifications[1].name", message: "duplicate classification name 'weather'" },
      // A malformed hotkey is only that; a well-formed one may be taken.
      { location: "objects[1].hotkey", message: "must be one character, a-z or 0-9" },
      { location: "objects[3].hotkey", message: "'c' is already the hotkey of 'Car'" },
      { location: "classifications[1].hotkey", message: "'w' is already the hotkey of 'Weather'" },
    ]);
  });
});

describe("errorsByPath", () => {
  it("files each error under its node and field, whatever comes before objects or classifications", () => {
    const e = errorsByPath([
      { location: "body.schema.objects[3].attributes[0].options[1].id", message: "duplicate option id 'a'" },
      { location: "objects[3].hotkey", message: "objects[3].hotkey: 'c' is already the hotkey of 'Car'" },
      { location: "body.objects[1].skeleton.edges[0]", message: "unknown point 'tail'" },
      { location: "body.schema.classifications[0].options[1].attributes[0]", message: "too deep" },
      { location: "body.schema.classifications[0].options[1].attributes[0].name", message: "required" },
      { location: "body.schema.classifications[0].options[1].attributes[0].name", message: "at most 100 characters" },
      { location: "body.schema.objects", message: "at most 1000 objects" },
      { location: "body.schema.objects[2].attributes", message: "at most 100 attributes" },
      { location: "body.name", message: "required" },
      { location: "body.schema.objects[0].name" },
      { message: "no location" },
    ]);
    expect(e).toEqual({
      "objects/3/attributes/0/options/1": { id: "duplicate option id 'a'" },
      "objects/3": { hotkey: "'c' is already the hotkey of 'Car'" },
      "objects/1": { "skeleton.edges[0]": "unknown point 'tail'" },
      "classifications/0/options/1/attributes/0": { "": "too deep", name: "required; at most 100 characters" },
      "": { objects: "at most 1000 objects" },
      "objects/2": { attributes: "at most 100 attributes" },
    });
  });

  it("stops at the first step that is not the tree's", () => {
    expect(locate("objects[0].options[1].id")).toEqual({ key: "objects/0", field: "options[1].id", relative: "objects[0].options[1].id" });
    expect(locate("body.schema.classifications[2].attributes[0]")).toMatchObject({ key: "classifications/2", field: "attributes[0]" });
    expect(locate("body.myobjects[0]")).toBeNull();
  });

  it("takes validateLocal's errors as they are", () => {
    const o = spec();
    const dup = updateNode(o, p("objects/1"), { hotkey: "c" });
    expect(errorsByPath(validateLocal(dup))).toEqual({ "objects/1": { hotkey: "'c' is already the hotkey of 'Car'" } });
  });

  it("mergeErrors joins two sets without repeating a message", () => {
    expect(mergeErrors({ "objects/0": { name: "required" } }, { "objects/0": { name: "required", id: "taken" }, "": { objects: "x" } })).toEqual({
      "objects/0": { name: "required", id: "taken" },
      "": { objects: "x" },
    });
    expect(mergeErrors({ a: { f: "one" } }, { a: { f: "two" } })).toEqual({ a: { f: "one; two" } });
  });
});

describe("toJSON", () => {
  it("orders keys as the spec does and leaves out empty optional fields", () => {
    const messy = {
      classifications: [
        { options: [{ attributes: [], label: "A", id: "a" }], required: false, hotkey: "", scope: "frame", type: "checklist", name: "C", id: "c", extra: 1 },
      ],
      objects: [
        {
          skeleton: { edges: [], points: [{ name: "P", id: "p" }] },
          attributes: [
            { integer: false, max: 5, min: 1, type: "number", name: "N", id: "n", options: [{ id: "x", label: "X" }], max_length: 3 },
            { required: true, type: "text", name: "T", id: "t", min: 1 },
          ],
          hotkey: "",
          color: "#000000",
          shape: "bounding_box",
          name: "O",
          id: "o",
        },
      ],
    } as unknown as Ontology;
    const out = toJSON(messy);
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        objects: [
          {
            id: "o",
            name: "O",
            shape: "bounding_box",
            color: "#000000",
            attributes: [
              { id: "n", name: "N", type: "number", min: 1, max: 5 },
              { id: "t", name: "T", type: "text", required: true },
            ],
          },
        ],
        classifications: [{ id: "c", name: "C", type: "checklist", scope: "frame", options: [{ id: "a", label: "A" }] }],
      }),
    );
  });

  it("keeps an empty options list on a choice, zeros, and the skeleton of a skeleton (without empty edges)", () => {
    const o: Ontology = {
      objects: [
        {
          id: "s",
          name: "S",
          shape: "skeleton",
          color: "#000000",
          skeleton: { points: [{ id: "a", name: "A" }], edges: [] },
          attributes: [
            { id: "r", name: "R", type: "radio" },
            { id: "n", name: "N", type: "number", min: 0, max: 0, integer: true },
          ],
        },
      ],
      classifications: [],
    };
    expect(toJSON(o).objects[0]).toEqual({
      id: "s",
      name: "S",
      shape: "skeleton",
      color: "#000000",
      attributes: [
        { id: "r", name: "R", type: "radio", options: [] },
        { id: "n", name: "N", type: "number", min: 0, max: 0, integer: true },
      ],
      skeleton: { points: [{ id: "a", name: "A" }] },
    });
  });

  it("copies, so the preview cannot change the document", () => {
    const o = spec();
    const out = toJSON(o);
    out.objects[1].skeleton!.edges![0][0] = "x";
    expect(o.objects[1].skeleton!.edges![0][0]).toBe("head");
  });
});

describe("parseOntologyJSON", () => {
  it("reads a document and drops unknown fields", () => {
    const r = parseOntologyJSON(`{"objects": [{"id": "a", "name": "A", "shape": "point", "color": "#111111", "colour": "red"}]}`);
    expect(r).toEqual({ ok: true, ontology: { objects: [{ id: "a", name: "A", shape: "point", color: "#111111" }], classifications: [] } });
  });

  it("says where malformed JSON goes wrong", () => {
    const r = parseOntologyJSON(`{\n  "objects": [\n    {"id": "a",}\n  ]\n}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^Not valid JSON at line 3, column \d+: .+\.$/);
    expect(r.error).not.toMatch(/position/);
    const cut = parseOntologyJSON(`{"objects": [`);
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.error).toMatch(/^Not valid JSON at line 1, column 14: /);
  });

  it("explains what is missing or of the wrong kind", () => {
    const cases: [string, string][] = [
      ["", "Paste an ontology document (JSON) first."],
      ["[]", `The document must be a JSON object with "objects" and "classifications", not an array.`],
      [`{"name": "x"}`, `The document has neither "objects" nor "classifications".`],
      [`{"objects": {}}`, "objects: expected an array, got an object"],
      [`{"objects": [1]}`, "objects[0]: expected an object, got a number"],
      [`{"objects": [{"name": "A", "shape": "point", "color": "#111111"}]}`, "objects[0].id: required"],
      [`{"objects": [{"id": "a", "name": "A", "shape": "box", "color": "#111111"}]}`, "objects[0].shape: 'box' is not one of bounding_box, rotated_box, polygon, polyline, point, skeleton, mask, text_span, time_segment"],
      [`{"objects": [{"id": "a", "name": 5, "shape": "point", "color": "#111111"}]}`, "objects[0].name: expected a string, got a number"],
      [
        `{"objects": [{"id": "a", "name": "A", "shape": "point", "color": "#1", "attributes": [{"id": "t", "name": "T", "type": "radio", "options": [{"id": "o", "label": "O", "attributes": [{"id": "n", "name": "N", "type": "number", "min": "0"}]}]}]}]}`,
        "objects[0].attributes[0].options[0].attributes[0].min: expected a number, got a string",
      ],
      [`{"classifications": [{"id": "c", "name": "C", "type": "radio", "scope": "video"}]}`, "classifications[0].scope: 'video' is not one of item, frame"],
      [`{"classifications": [{"id": "c", "name": "C", "type": "text", "scope": "item", "required": "yes"}]}`, "classifications[0].required: expected true or false, got a string"],
      [`{"objects": [{"id": "a", "name": "A", "shape": "skeleton", "color": "#1", "skeleton": {"points": [], "edges": [["a"]]}}]}`, "objects[0].skeleton.edges[0]: expected a pair of point ids, got an array"],
    ];
    for (const [text, error] of cases) expect(parseOntologyJSON(text)).toEqual({ ok: false, error });
  });

  it("reads back what toJSONText writes", () => {
    const o = spec();
    expect(parseOntologyJSON(toJSONText(o))).toEqual({ ok: true, ontology: toJSON(o) });
  });
});

// Type-level checks: these lines only compile if the types line up.
const _object: ObjectClass = spec().objects[0];
const _classification: Classification = spec().classifications[0];
const _attr: Attribute = _classification;
void _object;
void _attr;
