import { describe, expect, it } from "vitest";
import { sampleOntology } from "../fixtures";
import { checkValues, chosenOptions, codePoints, findAttribute, joinKey, prune, reachable, setValue, toggleOption } from "./values";

const car = () => sampleOntology().objects[0].attributes!;
const issues = () => sampleOntology().classifications.filter((c) => c.scope === "item");
const notAttr = () => "not an attribute of 'Car'";

describe("reading the nesting", () => {
  it("findAttribute finds nested attributes with their parent option", () => {
    const at = findAttribute(car(), "occluded_pct");
    expect(at?.depth).toBe(2);
    expect(at?.parent?.attribute.id).toBe("occlusion");
    expect(at?.parent?.option.id).toBe("partial");
    expect(findAttribute(car(), "nope")).toBeUndefined();
  });

  it("reachable opens the attributes under chosen options only", () => {
    expect(reachable(car(), {}).map((r) => r.attribute.id)).toEqual(["occlusion", "tags", "plate"]);
    expect(reachable(car(), { occlusion: "partial" }).map((r) => r.attribute.id)).toEqual(["occlusion", "occluded_pct", "tags", "plate"]);
    expect(reachable(issues(), { issues: ["other"] }).map((r) => r.attribute.id)).toEqual(["weather", "issues", "issue_notes"]);
  });

  it("chosenOptions reads radio and checklist values", () => {
    const [occ, tags] = car();
    expect(chosenOptions(occ, "none")).toEqual(["none"]);
    expect(chosenOptions(occ, ["none"])).toEqual([]);
    expect(chosenOptions(tags, ["parked"])).toEqual(["parked"]);
    expect(chosenOptions(tags, undefined)).toEqual([]);
  });
});

describe("setting values", () => {
  it("setValue sets a value and clears nested values its parent option no longer opens", () => {
    const v = setValue(car(), { occlusion: "partial", occluded_pct: 30, plate: "X" }, "occlusion", "none");
    expect(v).toEqual({ occlusion: "none", plate: "X" });
  });

  it("setValue of a nested value under a chosen option keeps it", () => {
    expect(setValue(car(), { occlusion: "partial" }, "occluded_pct", 40)).toEqual({ occlusion: "partial", occluded_pct: 40 });
  });

  it("setValue of a nested value whose option is not chosen drops it", () => {
    expect(setValue(car(), { occlusion: "none" }, "occluded_pct", 40)).toEqual({ occlusion: "none" });
  });

  it("clearing a value (undefined, '' or []) removes the key and what it opened", () => {
    expect(setValue(car(), { occlusion: "partial", occluded_pct: 3 }, "occlusion", undefined)).toEqual({});
    expect(setValue(car(), { plate: "AB" }, "plate", "")).toEqual({});
    expect(setValue(car(), { tags: ["parked"] }, "tags", [])).toEqual({});
  });

  it("toggleOption keeps the options' order and clears what an unticked option opened", () => {
    let v = toggleOption(car(), {}, "tags", "damaged");
    v = toggleOption(car(), v, "tags", "parked");
    expect(v.tags).toEqual(["parked", "damaged"]);
    const w = toggleOption(issues(), { issues: ["other"], issue_notes: "n" }, "issues", "other");
    expect(w).toEqual({});
  });

  it("prune leaves keys the tree does not know (validation reports them)", () => {
    const v = { stray: 1, occlusion: "none" };
    expect(prune(car(), v)).toBe(v);
  });

  it("nesting three levels deep clears all the way down", () => {
    const attrs = [
      {
        id: "a", name: "A", type: "radio", options: [
          { id: "x", label: "X", attributes: [{ id: "b", name: "B", type: "checklist", options: [{ id: "y", label: "Y", attributes: [{ id: "c", name: "C", type: "text" }] }] }] },
          { id: "z", label: "Z" },
        ],
      },
    ];
    const full = { a: "x", b: ["y"], c: "deep" };
    expect(prune(attrs, full)).toBe(full);
    expect(setValue(attrs, full, "a", "z")).toEqual({ a: "z" });
    expect(setValue(attrs, full, "b", [])).toEqual({ a: "x" });
  });
});

describe("checking values as the server does", () => {
  it("the docs' car values are valid", () => {
    expect(checkValues("attributes", car(), { occlusion: "partial", occluded_pct: 30, tags: ["parked"], plate: "AB-123" }, notAttr)).toEqual([]);
  });

  it("a required attribute missing is reported at its key", () => {
    expect(checkValues("objects[0].attributes", car(), {}, notAttr)).toEqual([
      { location: "objects[0].attributes.occlusion", message: "'Occlusion' is required", severity: "error" },
    ]);
  });

  it("a required nested attribute counts only when its option is chosen", () => {
    const sign = sampleOntology().objects[1].attributes!;
    expect(checkValues("a", sign, { kind: "stop" }, notAttr)).toEqual([]);
    expect(checkValues("a", sign, { kind: "speed_limit" }, notAttr).map((i) => i.message)).toEqual(["'Limit (km/h)' is required"]);
  });

  it("a nested value without its option is refused with the server's words", () => {
    expect(checkValues("a", car(), { occlusion: "none", occluded_pct: 3 }, notAttr).map((i) => `${i.location}: ${i.message}`)).toEqual([
      "a.occluded_pct: only allowed when 'Occlusion' is 'Partial'",
    ]);
    expect(checkValues("c", issues(), { issues: ["glare"], issue_notes: "x" }, notAttr).map((i) => i.message)).toEqual([
      "only allowed when 'Image issues' includes 'Other'",
    ]);
  });

  it("wrong forms: a radio's unknown option, a checklist twice, a long text, numbers out of range or not whole", () => {
    const got = checkValues("a", car(), { occlusion: "heavy", tags: ["parked", "parked"], plate: "x".repeat(21) }, notAttr).map((i) => `${i.location}: ${i.message}`);
    expect(got).toEqual(["a.occlusion: not an option of radio 'Occlusion'", "a.tags[1]: 'parked' is listed twice", "a.plate: longer than 20 characters"]);
    const n = (v: unknown) => checkValues("a", car(), { occlusion: "partial", occluded_pct: v as number }, notAttr).map((i) => i.message);
    expect(n(101)).toEqual(["must be at most 100"]);
    expect(n(-1)).toEqual(["must be at least 0"]);
    expect(n(2.5)).toEqual(["must be a whole number"]);
    expect(n("3")).toEqual(["must be a number"]);
  });

  it("a wrong parent value leaves the nested values undetermined, reported once", () => {
    expect(checkValues("a", car(), { occlusion: 7 as unknown as string, occluded_pct: 3 }, notAttr).map((i) => i.message)).toEqual([
      "must be the id of one option of radio 'Occlusion'",
    ]);
  });

  it("unknown keys are refused, sorted", () => {
    expect(checkValues("a", car(), { occlusion: "none", zz: 1, colour: "red" }, notAttr).map((i) => i.location)).toEqual(["a.colour", "a.zz"]);
  });

  it("text length counts code points, not UTF-16 units", () => {
    const attrs = [{ id: "t", name: "T", type: "text", max_length: 2 }];
    expect(codePoints("𝔾🗼")).toBe(2);
    expect(checkValues("a", attrs, { t: "𝔾🗼" }, notAttr)).toEqual([]);
    expect(checkValues("a", attrs, { t: "𝔾🗼x" }, notAttr)).toHaveLength(1);
  });

  it("joinKey quotes keys that are not plain, as the server does", () => {
    expect(joinKey("a", "b_c-1")).toBe("a.b_c-1");
    expect(joinKey("a", "b c")).toBe('a["b c"]');
    expect(joinKey("", "k")).toBe("k");
  });
});
