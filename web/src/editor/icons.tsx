// The editor's own inline icons (stroke icons on a 24px grid, as components/icons.tsx draws them).
import type { ReactNode } from "react";

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const EyeIcon = () => (
  <Icon>
    <path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12Z" />
    <circle cx="12" cy="12" r="3" />
  </Icon>
);

export const EyeOffIcon = () => (
  <Icon>
    <path d="M9.9 4.2A10.4 10.4 0 0 1 12 4c6.5 0 10 8 10 8a17 17 0 0 1-2.2 3.2M6.6 6.6C3.9 8.4 2 12 2 12s3.5 8 10 8a9.7 9.7 0 0 0 5.4-1.6" />
    <path d="M9.9 9.9a3 3 0 0 0 4.2 4.2M2 2l20 20" />
  </Icon>
);

export const LockClosedIcon = () => (
  <Icon>
    <rect x="4" y="11" width="16" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </Icon>
);

export const LockOpenIcon = () => (
  <Icon>
    <rect x="4" y="11" width="16" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 7.8-1.2" />
  </Icon>
);

export const TrashIcon = () => (
  <Icon>
    <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
  </Icon>
);

export const UndoIcon = () => (
  <Icon>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h11a5 5 0 0 1 0 10h-3" />
  </Icon>
);

export const RedoIcon = () => (
  <Icon>
    <path d="m15 14 5-5-5-5" />
    <path d="M20 9H9a5 5 0 0 0 0 10h3" />
  </Icon>
);

export const PlayIcon = () => (
  <Icon>
    <path d="M7 4v16l13-8Z" />
  </Icon>
);

export const PauseIcon = () => (
  <Icon>
    <path d="M8 4v16M16 4v16" />
  </Icon>
);

export const PrevIcon = () => (
  <Icon>
    <path d="m15 18-6-6 6-6" />
  </Icon>
);

export const NextIcon = () => (
  <Icon>
    <path d="m9 18 6-6-6-6" />
  </Icon>
);

/** A small glyph per shape, for the class list. */
export function ShapeGlyph({ shape }: { shape: string }) {
  switch (shape) {
    case "bounding_box":
      return (
        <Icon>
          <rect x="4" y="6" width="16" height="12" />
        </Icon>
      );
    case "rotated_box":
      return (
        <Icon>
          <path d="m8 3 13 5-4 13L4 16Z" />
        </Icon>
      );
    case "polygon":
      return (
        <Icon>
          <path d="m4 17 4-12 12 4-3 11Z" />
        </Icon>
      );
    case "polyline":
      return (
        <Icon>
          <path d="M3 19 9 9l5 6 7-11" />
        </Icon>
      );
    case "point":
      return (
        <Icon>
          <circle cx="12" cy="12" r="3" />
        </Icon>
      );
    case "skeleton":
      return (
        <Icon>
          <circle cx="12" cy="5" r="2" />
          <path d="M12 7v7M12 10l-6 4M12 10l6 4M12 14l-4 6M12 14l4 6" />
        </Icon>
      );
    case "mask":
      return (
        <Icon>
          <path d="M4 14c2-6 6-9 10-8s6 6 4 10-8 5-11 3-3-5-3-5Z" />
        </Icon>
      );
    case "text_span":
      return (
        <Icon>
          <path d="M4 7V5h16v2M12 5v14M9 19h6" />
        </Icon>
      );
    default:
      return (
        <Icon>
          <path d="M4 12h16" />
        </Icon>
      );
  }
}
