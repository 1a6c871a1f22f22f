// The builder's drawing measures, shared by the model (layout, hit-testing)
// and the canvas so that what is drawn is what is hit.

import type { Position } from "./types";

/** GRID is the snapping step of dragged stages, in canvas pixels. */
export const GRID = 10;
export const NODE_W = 152;
/** HEADER_H is the height of the kind and name part of a node. */
export const HEADER_H = 52;
/** ROW_H is the height of one outcome row (its port and label). */
export const ROW_H = 22;
const PAD_BOTTOM = 8;
const EMPTY_H = 64;
/** COL_GAP and ROW_GAP space the columns and rows of an automatic layout. */
export const COL_GAP = 80;
export const ROW_GAP = 40;
/** ORIGIN is where an automatic layout starts. */
export const ORIGIN: Position = { x: 40, y: 40 };

/** nodeHeight is the height of a node with that many outcomes. */
export function nodeHeight(outcomes: number): number {
  return outcomes === 0 ? EMPTY_H : HEADER_H + outcomes * ROW_H + PAD_BOTTOM;
}

/** outPortY is the offset from a node's top of the port of its i-th outcome. */
export function outPortY(i: number): number {
  return HEADER_H + i * ROW_H + ROW_H / 2 + 2;
}

/** inPortY is the offset from a node's top of its input port. */
export function inPortY(outcomes: number): number {
  return Math.round(nodeHeight(outcomes) / 2);
}

/** snap rounds to the grid. */
export function snap(v: number): number {
  return Math.round(v / GRID) * GRID;
}

export function snapPoint(p: Position): Position {
  return { x: snap(p.x), y: snap(p.y) };
}
