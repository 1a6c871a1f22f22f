// Data items: their types and the short facts shown on cards.
import type { DataItem, DatasetRole, ItemType } from "../api/client";
import { formatBytes, formatDuration } from "./format";

export const ITEM_TYPES: readonly ItemType[] = ["image", "video", "audio", "text", "document"];

const typeLabels: Record<ItemType, string> = {
  image: "Image",
  video: "Video",
  audio: "Audio",
  text: "Text",
  document: "Document",
};

export function itemTypeLabel(t: string): string {
  return typeLabels[t as ItemType] ?? t;
}

const datasetRoleLabels: Record<DatasetRole, string> = { viewer: "Viewer", editor: "Editor", admin: "Admin" };

export function datasetRoleLabel(r: string): string {
  return datasetRoleLabels[r as DatasetRole] ?? r;
}

type Facts = Pick<DataItem, "size" | "width" | "height" | "duration_ms">;

/** dimensions gives "1920 × 1080", or "" when the item has none. */
export function dimensions(it: Pick<DataItem, "width" | "height">): string {
  return it.width && it.height ? `${it.width} × ${it.height}` : "";
}

/** itemFacts lists an item's size, dimensions and duration, as known: ["1920 × 1080", "0:12", "2.3 MB"]. */
export function itemFacts(it: Facts): string[] {
  const out: string[] = [];
  const dim = dimensions(it);
  if (dim) out.push(dim);
  if (it.duration_ms != null) out.push(formatDuration(it.duration_ms));
  out.push(formatBytes(it.size));
  return out;
}

/** How much of a text file the viewer shows. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;

/**
 * decodeTextPreview reads the first bytes of a UTF-8 file, dropping a
 * character cut in half at the end of the range.
 */
export function decodeTextPreview(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes, { stream: true });
}
