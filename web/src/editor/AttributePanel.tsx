// The attribute panel of the selected object: its class, its attributes
// following the ontology's nesting, the problems found with it, and for a
// skeleton its points (hide, remove, place the missing ones).

import type { Attribute } from "../ontology/types";
import type { Act } from "./act";
import { AttributeFields } from "./AttributeFields";
import {
  attributeErrors,
  changeClass,
  classById,
  endGroup,
  geometryBounds,
  isLocked,
  removeKeypoint,
  selectedObject,
  setAttribute,
  setKeypointVisible,
  toggleAttributeOption,
  type BoundErrors,
  type EditorState,
  type Geometry,
  type SkeletonGeometry,
} from "./model";
import { objectTitle } from "./ObjectList";

export interface AttributePanelProps {
  state: EditorState;
  act: Act;
  errors?: BoundErrors;
  readOnly?: boolean;
  /** Start placing a skeleton point the object has not got yet: the next click on the canvas places it. */
  onPlaceKeypoint?(objectId: string, pointId: string): void;
  placing?: { objectId: string; pointId: string } | null;
}

const FIELD_NAMES: Record<string, string> = { geometry: "Geometry", class: "Class", frame: "Frame", track: "Track", id: "Id", "": "Object" };

function geometrySummary(shape: string, g: Geometry): string {
  const n = (v: number) => String(Math.round(v * 100) / 100);
  const b = geometryBounds(shape, g);
  switch (shape) {
    case "bounding_box":
    case "rotated_box": {
      const r = g as { w: number; h: number; angle?: number };
      return `${n(r.w)} × ${n(r.h)} px${r.angle ? `, ${n(r.angle)}°` : ""}${b ? ` at ${n(b.x)}, ${n(b.y)}` : ""}`;
    }
    case "polygon":
    case "polyline":
      return `${(g as { points: unknown[] }).points.length} points`;
    case "point": {
      const p = g as { x: number; y: number };
      return `at ${n(p.x)}, ${n(p.y)}`;
    }
    case "skeleton":
      return `${Object.keys((g as SkeletonGeometry).points).length} points placed`;
    case "text_span":
    case "time_segment": {
      const s = g as { start: number; end: number };
      return `${n(s.start)}–${n(s.end)}`;
    }
  }
  return "";
}

export function AttributePanel({ state, act, errors, readOnly, onPlaceKeypoint, placing }: AttributePanelProps) {
  const f = selectedObject(state);
  if (!f) return <p className="ed-muted ed-pad">Select an object to see its attributes (Tab goes through them).</p>;
  const o = f.object;
  const c = classById(state, o.class);
  const locked = isLocked(state, o);
  const ro = readOnly || locked;
  const objectErrors = errors?.objects[o.id] ?? [];
  const other = objectErrors.filter((e) => e.field !== "attributes" || !e.key);
  const siblings = c ? state.ontology.objects.filter((x) => x.shape === c.shape) : [];
  const attrs: Attribute[] | undefined = c?.attributes;
  return (
    <div className="ed-attrs" aria-label="Attributes">
      <div className="ed-attrs-head">
        <span className="ed-swatch" style={{ background: c?.color ?? "var(--text-subtle)" }} aria-hidden="true" />
        <strong>{objectTitle(state, f)}</strong>
        {c && <span className="ed-muted">{geometrySummary(c.shape, o.geometry)}</span>}
      </div>
      {f.interpolated && <p className="ed-note">Interpolated between keyframes. Any change makes a keyframe on this frame.</p>}
      {locked && <p className="ed-note">Locked: unlock it to change it.</p>}
      {siblings.length > 1 && !ro && (
        <div className="field ed-field">
          <label className="ed-field-name" htmlFor={`ed-class-${o.id}`}>
            Class
          </label>
          <select id={`ed-class-${o.id}`} className="input ed-input" value={o.class} onChange={(e) => act((s) => changeClass(s, o.id, e.target.value))}>
            {siblings.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {other.length > 0 && (
        <ul className="ed-problems" aria-label="Problems with this object">
          {other.map((e, i) => (
            <li key={i} className={e.severity === "warning" ? "is-warning" : ""}>
              <strong>{FIELD_NAMES[e.field] ?? e.field}</strong> {e.message}
            </li>
          ))}
        </ul>
      )}
      {attrs?.length ? (
        <AttributeFields
          attributes={attrs}
          values={o.attributes}
          errors={errors ? attributeErrors(errors, o.id) : undefined}
          readOnly={ro}
          groupPrefix={`attr:${o.id}`}
          onSet={(attrId, v, group) => act((s) => setAttribute(s, o.id, attrId, v, group))}
          onToggle={(attrId, op) => act((s) => toggleAttributeOption(s, o.id, attrId, op))}
          onEndGroup={() => act(endGroup)}
        />
      ) : (
        c && <p className="ed-muted">{c.name} has no attributes.</p>
      )}
      {c?.shape === "skeleton" && c.skeleton && (
        <div className="ed-keypoints">
          <h4 className="ed-subhead">Points</h4>
          <ul>
            {c.skeleton.points.map((pt) => {
              const k = (o.geometry as SkeletonGeometry).points?.[pt.id];
              const isPlacing = placing?.objectId === o.id && placing.pointId === pt.id;
              return (
                <li key={pt.id} data-point-id={pt.id} className={k ? "" : "is-missing"}>
                  <span>{pt.name}</span>
                  <span className="ed-muted">{k ? (k.visible === false ? "hidden" : "visible") : "not placed"}</span>
                  {!ro && k && (
                    <>
                      <button type="button" className="ed-link" onClick={() => act((s) => setKeypointVisible(s, o.id, pt.id, k.visible === false))}>
                        {k.visible === false ? "Mark visible" : "Mark hidden"}
                      </button>
                      <button type="button" className="ed-link" onClick={() => act((s) => removeKeypoint(s, o.id, pt.id))}>
                        Remove
                      </button>
                    </>
                  )}
                  {!ro && !k && onPlaceKeypoint && (
                    <button type="button" className="ed-link" aria-pressed={isPlacing} onClick={() => onPlaceKeypoint(o.id, pt.id)}>
                      {isPlacing ? "Click on the image…" : "Place"}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
