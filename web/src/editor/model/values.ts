// Attribute values and the ontology's nesting. A label keeps the values of an
// object's attributes, nested ones included, in one flat map keyed by
// attribute id; a nested attribute may be given only while its parent option
// is chosen (docs/ontologies.md, "Nesting"). Setting a value here always
// clears the values its change makes unreachable.

import type { Attribute, Option } from "../../ontology/types";
import type { Issue, Value, Values } from "./types";

/** The server's longest text when an attribute gives no max_length. */
export const DEFAULT_MAX_TEXT_LENGTH = 10000;

/** chosenOptions lists the option ids a radio or checklist value chooses. */
export function chosenOptions(a: Attribute, v: Value | undefined): string[] {
  if (v === undefined) return [];
  if (a.type === "radio") return typeof v === "string" ? [v] : [];
  if (a.type === "checklist") return Array.isArray(v) ? v : [];
  return [];
}

export interface AttributeAt {
  attribute: Attribute;
  /** 1 on the top level. */
  depth: number;
  /** The attribute and option it hangs under, for nested ones. */
  parent?: { attribute: Attribute; option: Option };
}

/** eachAttribute visits every attribute of a tree, nested ones included, depth first. */
export function eachAttribute(attrs: readonly Attribute[] | undefined, visit: (at: AttributeAt) => void, depth = 1, parent?: AttributeAt["parent"]): void {
  for (const a of attrs ?? []) {
    visit({ attribute: a, depth, parent });
    for (const op of a.options ?? []) eachAttribute(op.attributes, visit, depth + 1, { attribute: a, option: op });
  }
}

/** findAttribute finds an attribute of a tree by id, nested ones included. */
export function findAttribute(attrs: readonly Attribute[] | undefined, id: string): AttributeAt | undefined {
  let found: AttributeAt | undefined;
  eachAttribute(attrs, (at) => {
    if (!found && at.attribute.id === id) found = at;
  });
  return found;
}

/**
 * reachable lists the attributes that may be given with these values: the
 * top level, and the attributes under every chosen option of a reachable
 * attribute, in document order (the attribute panel shows these).
 */
export function reachable(attrs: readonly Attribute[] | undefined, values: Values | undefined, depth = 1, parent?: AttributeAt["parent"]): AttributeAt[] {
  const out: AttributeAt[] = [];
  for (const a of attrs ?? []) {
    out.push({ attribute: a, depth, parent });
    const chosen = chosenOptions(a, values?.[a.id]);
    for (const op of a.options ?? []) {
      if (op.attributes?.length && chosen.includes(op.id)) out.push(...reachable(op.attributes, values, depth + 1, { attribute: a, option: op }));
    }
  }
  return out;
}

/**
 * prune removes the values of the tree's attributes that are not reachable.
 * Keys that name no attribute of the tree are left alone (validation reports
 * them). It returns values itself when nothing goes.
 */
export function prune(attrs: readonly Attribute[] | undefined, values: Values): Values {
  const known = new Set<string>();
  eachAttribute(attrs, ({ attribute }) => known.add(attribute.id));
  const keep = new Set(reachable(attrs, values).map((r) => r.attribute.id));
  let out: Values | null = null;
  for (const key of Object.keys(values)) {
    if (known.has(key) && !keep.has(key)) {
      out ??= { ...values };
      delete out[key];
    }
  }
  return out ?? values;
}

/** isEmptyValue: an empty string or an empty checklist counts as no value at all. */
export function isEmptyValue(v: Value | undefined): boolean {
  return v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "number" && Number.isNaN(v));
}

/**
 * setValue gives attribute id the value v (undefined, "" or [] clears it)
 * and clears every nested value the change leaves unreachable: choosing
 * "None" for Occlusion drops "Occluded %".
 */
export function setValue(attrs: readonly Attribute[] | undefined, values: Values | undefined, id: string, v: Value | undefined): Values {
  const next: Values = { ...(values ?? {}) };
  if (isEmptyValue(v)) delete next[id];
  else next[id] = v as Value;
  return prune(attrs, next);
}

/** toggleOption adds an option to a checklist's value or takes it out (keeping the options' order). */
export function toggleOption(attrs: readonly Attribute[] | undefined, values: Values | undefined, id: string, optionId: string): Values {
  const at = findAttribute(attrs, id);
  const current = chosenOptions(at?.attribute ?? { id, name: id, type: "checklist" }, values?.[id]);
  let next: string[];
  if (current.includes(optionId)) next = current.filter((o) => o !== optionId);
  else {
    const order = (at?.attribute.options ?? []).map((o) => o.id);
    next = [...current, optionId].sort((a, b) => rank(order, a) - rank(order, b));
  }
  return setValue(attrs, values, id, next);
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
}

// ---------- checking ----------

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** joinKey appends a map key to a location as the server does: a.b, or a["odd key"]. */
export function joinKey(path: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

type Reach = "reachable" | "unreachable" | "undetermined";

function openedBy(a: Attribute, op: Option): string {
  return a.type === "checklist" ? `only allowed when '${a.name}' includes '${op.label}'` : `only allowed when '${a.name}' is '${op.label}'`;
}

/** codePoints counts a string's Unicode code points, as the server counts text lengths. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** checkValue checks one value against its attribute; it returns the options chosen and whether it is valid. */
export function checkValue(path: string, a: Attribute, v: unknown, out: Issue[]): { chosen: string[]; valid: boolean } {
  const err = (location: string, message: string) => out.push({ location, message, severity: "error" });
  switch (a.type) {
    case "radio":
      if (typeof v !== "string") err(path, `must be the id of one option of radio '${a.name}'`);
      else if (!a.options?.some((o) => o.id === v)) err(path, `not an option of radio '${a.name}'`);
      else return { chosen: [v], valid: true };
      return { chosen: [], valid: false };
    case "checklist": {
      if (!Array.isArray(v)) {
        err(path, `must be a list of option ids of checklist '${a.name}'`);
        return { chosen: [], valid: false };
      }
      const chosen: string[] = [];
      let valid = true;
      v.forEach((id, i) => {
        if (typeof id !== "string" || !a.options?.some((o) => o.id === id)) {
          err(`${path}[${i}]`, `not an option of checklist '${a.name}'`);
          valid = false;
        } else if (chosen.includes(id)) {
          err(`${path}[${i}]`, `'${id}' is listed twice`);
          valid = false;
        } else chosen.push(id);
      });
      return { chosen, valid };
    }
    case "text": {
      const limit = a.max_length || DEFAULT_MAX_TEXT_LENGTH;
      if (typeof v !== "string") err(path, "must be a string");
      else if (codePoints(v) > limit) err(path, `longer than ${limit} characters`);
      else return { chosen: [], valid: true };
      return { chosen: [], valid: false };
    }
    case "number":
      if (typeof v !== "number" || !Number.isFinite(v)) err(path, "must be a number");
      else if (a.integer && !Number.isInteger(v)) err(path, "must be a whole number");
      else if (a.min !== undefined && v < a.min) err(path, `must be at least ${a.min}`);
      else if (a.max !== undefined && v > a.max) err(path, `must be at most ${a.max}`);
      else return { chosen: [], valid: true };
      return { chosen: [], valid: false };
  }
  return { chosen: [], valid: false };
}

/**
 * checkValues checks a flat map of values against a tree of attributes the
 * way the server does: values of the right form, required attributes given
 * when reachable, nested values only under chosen options, no unknown keys
 * (unknown(key) says why such a key is refused).
 */
export function checkValues(path: string, attrs: readonly Attribute[] | undefined, values: Values | undefined, unknown: (key: string) => string): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  const vals = values ?? {};
  const level = (list: readonly Attribute[] | undefined, r: Reach, gate: string) => {
    for (const a of list ?? []) {
      seen.add(a.id);
      const given = Object.prototype.hasOwnProperty.call(vals, a.id);
      const p = joinKey(path, a.id);
      let chosen: string[] = [];
      let valid = false;
      if (given && r === "unreachable") out.push({ location: p, message: gate, severity: "error" });
      else if (given) ({ chosen, valid } = checkValue(p, a, vals[a.id], out));
      else if (r === "reachable" && a.required) out.push({ location: p, message: `'${a.name}' is required`, severity: "error" });
      for (const op of a.options ?? []) {
        if (!op.attributes?.length) continue;
        const below: Reach = r === "unreachable" || !given ? "unreachable" : !valid ? "undetermined" : chosen.includes(op.id) ? r : "unreachable";
        level(op.attributes, below, openedBy(a, op));
      }
    }
  };
  level(attrs, "reachable", "");
  for (const key of Object.keys(vals).sort()) {
    if (!seen.has(key)) out.push({ location: joinKey(path, key), message: unknown(key), severity: "error" });
  }
  return out;
}
