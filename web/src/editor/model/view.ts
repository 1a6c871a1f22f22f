// The zoom and pan of the canvas: a view maps item pixels to screen pixels
// by screen = item × scale + (x, y). Screen points are relative to the
// canvas's top-left corner.

import { clamp } from "./geometry";
import type { Pt, Size } from "./types";

export interface View {
  scale: number;
  x: number;
  y: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 64;
/** One press of + or − (or one notch of the wheel, about) zooms by this factor. */
export const ZOOM_STEP = 1.25;

export const IDENTITY: View = { scale: 1, x: 0, y: 0 };

export function toScreen(v: View, p: Pt): Pt {
  return { x: p.x * v.scale + v.x, y: p.y * v.scale + v.y };
}

export function toImage(v: View, p: Pt): Pt {
  return { x: (p.x - v.x) / v.scale, y: (p.y - v.y) / v.scale };
}

/**
 * zoomAt scales the view by factor keeping the item point under the screen
 * point `at` where it is, so the wheel zooms at the cursor. The scale stays
 * within MIN_SCALE and MAX_SCALE.
 */
export function zoomAt(v: View, at: Pt, factor: number): View {
  const scale = clamp(v.scale * factor, MIN_SCALE, MAX_SCALE);
  const k = scale / v.scale;
  return { scale, x: at.x - (at.x - v.x) * k, y: at.y - (at.y - v.y) * k };
}

/** zoomTo sets the scale, keeping the point under `at` in place. */
export function zoomTo(v: View, at: Pt, scale: number): View {
  return zoomAt(v, at, scale / v.scale);
}

export function panBy(v: View, dx: number, dy: number): View {
  return { ...v, x: v.x + dx, y: v.y + dy };
}

/**
 * fitView shows the whole item centred in a viewport with `padding` screen
 * pixels around it, never enlarging it beyond maxScale (1: a small image is
 * shown at its own size).
 */
export function fitView(item: Size, viewport: Size, padding = 16, maxScale = 1): View {
  const aw = Math.max(1, viewport.width - 2 * padding);
  const ah = Math.max(1, viewport.height - 2 * padding);
  if (!(item.width > 0 && item.height > 0)) return { scale: 1, x: padding, y: padding };
  const scale = clamp(Math.min(aw / item.width, ah / item.height, maxScale), MIN_SCALE, MAX_SCALE);
  return {
    scale,
    x: (viewport.width - item.width * scale) / 2,
    y: (viewport.height - item.height * scale) / 2,
  };
}

/** wheelFactor turns a wheel event's deltaY into a zoom factor: up (negative) zooms in. */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  // Lines and pages are much larger than pixels; treat a line as 16 px.
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.pow(2, clamp(-px, -200, 200) / 300);
}

/** centreOf is the centre of a viewport, where + and − zoom. */
export function centreOf(viewport: Size): Pt {
  return { x: viewport.width / 2, y: viewport.height / 2 };
}

/** screenTolerance converts a distance in screen pixels (a handle's reach) into item pixels. */
export function screenTolerance(v: View, px: number): number {
  return px / v.scale;
}

/**
 * ensureVisible pans the view, keeping its scale, so that an item rectangle
 * lies in the viewport (with margin); a view that already shows it is
 * returned as it is. A rectangle larger than the viewport is centred.
 */
export function ensureVisible(v: View, r: { x: number; y: number; w: number; h: number }, viewport: Size, margin = 24): View {
  const a = toScreen(v, { x: r.x, y: r.y });
  const b = toScreen(v, { x: r.x + r.w, y: r.y + r.h });
  const axis = (lo: number, hi: number, limit: number) => {
    if (hi - lo > limit - 2 * margin) return limit / 2 - (lo + hi) / 2;
    if (lo < margin) return margin - lo;
    if (hi > limit - margin) return limit - margin - hi;
    return 0;
  };
  const dx = axis(a.x, b.x, viewport.width);
  const dy = axis(a.y, b.y, viewport.height);
  return dx === 0 && dy === 0 ? v : panBy(v, dx, dy);
}
