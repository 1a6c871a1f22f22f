// How each stage kind looks: its icon (stroke paths on a 24px grid). Colours
// are CSS (workflow.css, .wf-kind-<kind>), so themes can change them.
import type { ReactNode } from "react";
import type { StageKind } from "./types";

const PATHS: Record<StageKind, ReactNode> = {
  start: <path d="M8 5.5v13l10-6.5z" />,
  annotate: (
    <>
      <path d="M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16z" />
      <path d="M13.5 6.5l4 4" />
    </>
  ),
  review: (
    <>
      <path d="M2.5 12S6 5 12 5s9.5 7 9.5 7-3.5 7-9.5 7-9.5-7-9.5-7z" />
      <circle cx="12" cy="12" r="2.5" />
    </>
  ),
  consensus: (
    <>
      <circle cx="8" cy="8" r="3" />
      <circle cx="16" cy="8" r="3" />
      <path d="M2.5 20a5.5 5.5 0 0 1 11 0M10.5 20a5.5 5.5 0 0 1 11 0" />
    </>
  ),
  router: (
    <>
      <path d="M4 12h6l4-6h6M10 12l4 6h6" />
      <path d="M17 3l3 3-3 3M17 15l3 3-3 3" />
    </>
  ),
  complete: (
    <>
      <path d="M5 21V4" />
      <path d="M5 4h12l-2.5 4L17 12H5" />
    </>
  ),
};

/** KindIcon is a kind's icon for HTML (toolbar, panel). */
export function KindIcon({ kind, className }: { kind: StageKind; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : "icon"}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[kind] ?? null}
    </svg>
  );
}

/** KindGlyph is a kind's icon inside the canvas, size px wide, its top-left at x,y. */
export function KindGlyph({ kind, x, y, size }: { kind: StageKind; x: number; y: number; size: number }) {
  return (
    <g
      transform={`translate(${x},${y}) scale(${size / 24})`}
      fill="none"
      stroke="currentColor"
      strokeWidth="2.25"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {PATHS[kind] ?? null}
    </g>
  );
}
