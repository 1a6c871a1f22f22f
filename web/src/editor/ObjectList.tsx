// The object list: what the current view shows (on a video, this frame's
// keyframes and interpolated track objects), in drawing order, with
// visibility, lock, select and delete. A row is marked when the server or
// the local check found a problem with its object.

import type { BoundErrors, EditorState, FrameObject } from "./model";
import { classById, deleteObject, frameObjects, isHidden, isLocked, isVideo, select, toggleHidden, toggleLocked } from "./model";
import type { Act } from "./act";
import { EyeIcon, EyeOffIcon, LockClosedIcon, LockOpenIcon, TrashIcon } from "./icons";

export interface ObjectListProps {
  state: EditorState;
  act: Act;
  errors?: BoundErrors;
  readOnly?: boolean;
  /** Called after a row is picked, to bring the object into view and the focus back to the canvas. */
  onPicked?(id: string): void;
}

export function objectTitle(s: EditorState, f: FrameObject): string {
  const c = classById(s, f.object.class);
  const n = f.index >= 0 ? f.index + 1 : s.label.objects.findIndex((o) => o.track === f.object.track) + 1;
  return `${c?.name ?? f.object.class} ${n}`;
}

export function ObjectList({ state, act, errors, readOnly, onPicked }: ObjectListProps) {
  const rows = frameObjects(state);
  if (rows.length === 0) {
    return (
      <p className="ed-muted ed-pad">
        {isVideo(state) ? "Nothing on this frame." : "No objects yet."} {readOnly ? "" : "Pick a class, then draw."}
      </p>
    );
  }
  return (
    <ul className="ed-objects" aria-label="Objects">
      {rows.map((f) => {
        const o = f.object;
        const c = classById(state, o.class);
        const hidden = isHidden(state, o);
        const locked = isLocked(state, o);
        const selected = state.selected === o.id;
        const problems = errors?.objects[o.id] ?? [];
        const title = objectTitle(state, f);
        const cls = ["ed-object", selected ? "is-selected" : "", hidden ? "is-hidden" : "", problems.length ? "has-errors" : ""].filter(Boolean).join(" ");
        return (
          <li
            key={o.id}
            className={cls}
            data-object-id={o.id}
            aria-selected={selected}
            onClick={() => {
              act((s) => select(s, o.id));
              onPicked?.(o.id);
            }}
          >
            <span className="ed-swatch" style={{ background: c?.color ?? "var(--text-subtle)" }} aria-hidden="true" />
            <span className="ed-object-name">{title}</span>
            {f.interpolated && <span className="ed-tag">interpolated</span>}
            {!f.interpolated && o.track && isVideo(state) && <span className="ed-tag ed-tag-key">keyframe</span>}
            {!c && <span className="ed-tag ed-tag-error">unknown class</span>}
            {problems.length > 0 && (
              <span className="ed-error-count" title={problems.map((p) => p.message).join("\n")} aria-label={`${problems.length} problem${problems.length > 1 ? "s" : ""}`}>
                {problems.length}
              </span>
            )}
            <span className="ed-row-actions">
              <button type="button" className="icon-button ed-icon" aria-label={hidden ? "Show" : "Hide"} aria-pressed={hidden} title={hidden ? `Show ${title}` : `Hide ${title}`} onClick={(e) => { e.stopPropagation(); act((s) => toggleHidden(s, o.id)); }}>
                {hidden ? <EyeOffIcon /> : <EyeIcon />}
              </button>
              {!readOnly && (
                <button type="button" className="icon-button ed-icon" aria-label={locked ? "Unlock" : "Lock"} aria-pressed={locked} title={locked ? `Unlock ${title}` : `Lock ${title}`} onClick={(e) => { e.stopPropagation(); act((s) => toggleLocked(s, o.id)); }}>
                  {locked ? <LockClosedIcon /> : <LockOpenIcon />}
                </button>
              )}
              {!readOnly && (
                <button type="button" className="icon-button ed-icon ed-danger" aria-label="Delete" title={f.interpolated ? "An interpolated object: delete a keyframe or the track" : `Delete ${title}`} disabled={locked || f.interpolated} onClick={(e) => { e.stopPropagation(); act((s) => deleteObject(s, o.id)); }}>
                  <TrashIcon />
                </button>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
