// Small icons for shapes and attribute types, drawn like components/icons.tsx
// (stroke icons on a 24px grid), plus the words the editor uses for them.
import type { ReactNode } from "react";
import type { AttributeType, Scope, Shape } from "./types";

function Glyph({ children }: { children: ReactNode }) {
  return (
    <svg
      className="icon onto-glyph"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const SHAPE_LABELS: Record<Shape, string> = {
  bounding_box: "Bounding box",
  rotated_box: "Rotated box",
  polygon: "Polygon",
  polyline: "Polyline",
  point: "Point",
  skeleton: "Skeleton (keypoints)",
  mask: "Mask (brush)",
  text_span: "Text span",
  time_segment: "Time segment",
};

export const TYPE_LABELS: Record<AttributeType, string> = {
  radio: "Radio (one option)",
  checklist: "Checklist (any options)",
  text: "Text",
  number: "Number",
};

export const SCOPE_LABELS: Record<Scope, string> = {
  item: "Whole item",
  frame: "Each frame (video)",
};

/**
 * choices lists the known values of a select with their labels, and the
 * current value too when it is not one of them (a document from a newer
 * server, or written by hand), so that the select shows what is there.
 */
export function choices<T extends string>(known: readonly T[], labels: Record<T, string>, current: string) {
  const out = known.map((v) => ({ value: v as string, label: labels[v] }));
  if (!(known as readonly string[]).includes(current)) out.push({ value: current, label: `${current || "(none)"} (unknown)` });
  return out;
}

const SHAPE_PATHS: Record<Shape, ReactNode> = {
  bounding_box: <rect x="4" y="6" width="16" height="12" rx="1" />,
  rotated_box: <path d="M8 3 21 8l-5 13L3 16z" />,
  polygon: <path d="M12 3 21 10l-4 11H7L3 10z" />,
  polyline: <path d="M3 18 9 9l5 5 7-9" />,
  point: <circle cx="12" cy="12" r="3" fill="currentColor" />,
  skeleton: (
    <>
      <circle cx="12" cy="5" r="2" />
      <path d="M12 7v7M6 10h12M12 14l-4 7M12 14l4 7" />
    </>
  ),
  mask: <path d="M5 13c-1-5 3-9 8-9s8 3 7 7-5 3-5 6-3 4-6 3-3-2-4-7z" />,
  text_span: <path d="M4 7V5h16v2M12 5v14M9 19h6" />,
  time_segment: <path d="M3 12h18M7 7v10M17 7v10" />,
};

export function ShapeIcon({ shape }: { shape: string }) {
  return <Glyph>{SHAPE_PATHS[shape as Shape] ?? SHAPE_PATHS.bounding_box}</Glyph>;
}

const TYPE_PATHS: Record<AttributeType, ReactNode> = {
  radio: (
    <>
      <circle cx="12" cy="12" r="8" />
      <circle cx="12" cy="12" r="3" fill="currentColor" />
    </>
  ),
  checklist: (
    <>
      <rect x="4" y="4" width="16" height="16" rx="3" />
      <path d="m8 12 3 3 5-6" />
    </>
  ),
  text: <path d="M5 7V5h14v2M12 5v14M9 19h6" />,
  number: <path d="M5 9h14M5 15h14M10 4 8 20M16 4l-2 16" />,
};

export function TypeIcon({ type }: { type: string }) {
  return <Glyph>{TYPE_PATHS[type as AttributeType] ?? TYPE_PATHS.text}</Glyph>;
}

export function OptionIcon() {
  return (
    <Glyph>
      <path d="M9 6h11M9 12h11M9 18h11" />
      <circle cx="4.5" cy="12" r="1.5" fill="currentColor" />
    </Glyph>
  );
}

export function ArrowUpIcon() {
  return (
    <Glyph>
      <path d="M12 19V5M5 12l7-7 7 7" />
    </Glyph>
  );
}

export function ArrowDownIcon() {
  return (
    <Glyph>
      <path d="M12 5v14M19 12l-7 7-7-7" />
    </Glyph>
  );
}

export function TrashIcon() {
  return (
    <Glyph>
      <path d="M3 6h18M8 6V4a1 1 0 0 1 1-1h6a1 1 0 0 1 1 1v2M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6" />
    </Glyph>
  );
}
