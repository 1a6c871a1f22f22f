// The class list: every object class this item can have, with its colour,
// shape and hotkey. Clicking one picks it (and its drawing tool), as its
// hotkey does; on a text item with text selected it makes a span.

import type { ObjectClass } from "../ontology/types";
import { usableClasses, type EditorState } from "./model";
import { ShapeGlyph } from "./icons";

const SHAPE_NAMES: Record<string, string> = {
  bounding_box: "Box",
  rotated_box: "Rotated box",
  polygon: "Polygon",
  polyline: "Polyline",
  point: "Point",
  skeleton: "Skeleton",
  mask: "Mask",
  text_span: "Text span",
  time_segment: "Time segment",
};

export function shapeName(shape: string): string {
  return SHAPE_NAMES[shape] ?? shape;
}

export interface ClassListProps {
  state: EditorState;
  onPick(c: ObjectClass): void;
  readOnly?: boolean;
}

export function ClassList({ state, onPick, readOnly }: ClassListProps) {
  // Masks and time segments are shown and kept, but not drawn here: their classes are not offered.
  const ids = usableClasses(state);
  const classes = state.ontology.objects.filter((c) => ids.includes(c.id));
  if (classes.length === 0) return <p className="ed-muted ed-pad">This ontology has no classes for this kind of item.</p>;
  return (
    <ul className="ed-classes" aria-label="Classes">
      {classes.map((c) => {
        // Pressed while it draws (or, on a text, while selections become its spans).
        const active = state.activeClass === c.id && (state.tool === "draw" || c.shape === "text_span");
        return (
          <li key={c.id}>
            <button
              type="button"
              className={active ? "ed-class is-active" : "ed-class"}
              data-class-id={c.id}
              aria-pressed={active}
              disabled={readOnly}
              title={`${c.name}: ${shapeName(c.shape)}`}
              // Keep a text selection (and the canvas's focus) through the click.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(c)}
            >
              <span className="ed-swatch" style={{ background: c.color }} aria-hidden="true" />
              <span className="ed-class-name">{c.name}</span>
              <span className="ed-class-shape" aria-hidden="true">
                <ShapeGlyph shape={c.shape} />
              </span>
              {c.hotkey && <kbd className="ed-kbd">{c.hotkey.toUpperCase()}</kbd>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
