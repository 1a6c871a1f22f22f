// The items grid's filter, kept in the page's search params so that a
// filtered view survives a reload and can be shared.
import type { ItemType } from "../api/client";
import { ITEM_TYPES } from "./items";
import { isMetadata, type Metadata } from "./metadata";

export interface ItemFilter {
  type?: ItemType;
  /** Items whose metadata holds each of these keys with that value. */
  metadata?: Metadata;
}

/** filterFromParams reads ?type= and ?metadata= (a JSON object), ignoring what does not parse. */
export function filterFromParams(p: URLSearchParams): ItemFilter {
  const f: ItemFilter = {};
  const type = p.get("type");
  if (type && (ITEM_TYPES as readonly string[]).includes(type)) f.type = type as ItemType;
  const raw = p.get("metadata");
  if (raw) {
    try {
      const m: unknown = JSON.parse(raw);
      if (isMetadata(m) && Object.keys(m).length > 0) f.metadata = m;
    } catch {
      // a hand-edited URL: no metadata filter
    }
  }
  return f;
}

/** withFilter returns a copy of the params holding the filter, other params kept. */
export function withFilter(p: URLSearchParams, f: ItemFilter): URLSearchParams {
  const next = new URLSearchParams(p);
  if (f.type) next.set("type", f.type);
  else next.delete("type");
  if (f.metadata && Object.keys(f.metadata).length > 0) next.set("metadata", JSON.stringify(f.metadata));
  else next.delete("metadata");
  return next;
}

export function isFiltered(f: ItemFilter): boolean {
  return !!f.type || (!!f.metadata && Object.keys(f.metadata).length > 0);
}
