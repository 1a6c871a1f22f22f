// The text of a text item with its spans highlighted in their classes'
// colours. Select text, then press a class's hotkey or click the class, to
// make a span; with a text-span class picked, finishing a selection makes one
// at once. Offsets are code points: each run of text carries its first code
// point in data-start, and a DOM selection's UTF-16 offsets inside a run are
// converted with utf16ToCp.

import { forwardRef, useMemo } from "react";
import { classById, frameObjects, isHidden, segments, utf16ToCp, type EditorState } from "./model";

export interface TextViewProps {
  state: EditorState;
  onPickSpan(id: string): void;
  /** The pointer finished a selection (mouse up). */
  onSelectionEnd?(): void;
}

/** A selection's code-point offsets inside the text view root, or null when nothing in it is selected. */
export function selectionOffsets(root: HTMLElement, sel: Selection | null = root.ownerDocument.getSelection()): { start: number; end: number } | null {
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const a = boundary(root, r.startContainer, r.startOffset);
  const b = boundary(root, r.endContainer, r.endOffset);
  if (a === null || b === null) return null;
  const start = Math.min(a, b);
  const end = Math.max(a, b);
  return end > start ? { start, end } : null;
}

/** boundary converts a DOM boundary point into a code-point offset of the text, or null outside the text. */
function boundary(root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) {
    // A selection running past the text ends at its start or its end.
    const pos = root.compareDocumentPosition(node);
    if (pos & Node.DOCUMENT_POSITION_PRECEDING) return 0;
    if (pos & Node.DOCUMENT_POSITION_FOLLOWING) return Number(root.dataset.length ?? 0);
    return null;
  }
  if (node.nodeType === Node.TEXT_NODE) {
    const run = node.parentElement?.closest<HTMLElement>("[data-start]");
    if (!run) return null;
    return Number(run.dataset.start) + utf16ToCp(node.textContent ?? "", offset);
  }
  // An element boundary: before its offset-th child.
  const el = node as HTMLElement;
  const child = el.childNodes[offset] as HTMLElement | undefined;
  if (child?.dataset?.start !== undefined) return Number(child.dataset.start);
  const run = el.closest<HTMLElement>("[data-start]");
  if (run) return offset === 0 ? Number(run.dataset.start) : Number(run.dataset.end);
  return offset === 0 ? 0 : Number(root.dataset.length ?? 0);
}

function tint(color: string, alpha: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? `${color}${alpha}` : color;
}

export const TextView = forwardRef<HTMLDivElement, TextViewProps>(function TextView({ state, onPickSpan, onSelectionEnd }, ref) {
  const text = state.item.text ?? "";
  const spans = useMemo(
    () =>
      frameObjects(state)
        .filter((f) => classById(state, f.object.class)?.shape === "text_span" && !isHidden(state, f.object))
        .map((f) => ({ id: f.object.id, ...(f.object.geometry as { start: number; end: number }) })),
    [state],
  );
  const segs = useMemo(() => segments(text, spans), [text, spans]);
  const length = segs.length ? segs[segs.length - 1].end : 0;
  return (
    <div className="ed-text" ref={ref} data-length={length} onMouseUp={onSelectionEnd}>
      {segs.map((seg) => {
        if (seg.ids.length === 0) {
          return (
            <span key={seg.start} data-start={seg.start} data-end={seg.end}>
              {seg.text}
            </span>
          );
        }
        const top = seg.ids[seg.ids.length - 1];
        const sel = seg.ids.includes(state.selected ?? "");
        const colors = seg.ids.map((id) => classById(state, state.label.objects.find((o) => o.id === id)?.class)?.color ?? "#98a2b3");
        const main = colors[colors.length - 1];
        return (
          <mark
            key={seg.start}
            data-start={seg.start}
            data-end={seg.end}
            data-span-ids={seg.ids.join(" ")}
            className={sel ? "ed-span is-selected" : "ed-span"}
            style={{
              background: tint(main, sel ? "55" : "2e"),
              // Overlapping spans stack their colours as underlines.
              boxShadow: colors.map((c, i) => `inset 0 -${(i + 1) * 2}px 0 ${c}`).join(", "),
            }}
            onClick={(e) => {
              const s = e.currentTarget.ownerDocument.getSelection();
              if (s && !s.isCollapsed) return;
              onPickSpan(seg.ids.includes(state.selected ?? "") && seg.ids.length > 1 ? seg.ids[(seg.ids.indexOf(state.selected!) + 1) % seg.ids.length] : top);
            }}
          >
            {seg.text}
          </mark>
        );
      })}
    </div>
  );
});
