// The canvas: react-konva drawing the model over the item's image (or video
// frame), which the Editor shows underneath as an HTML element under the same
// view transform. It draws every object shown in its class colour, the
// selected one on top with its handles — a transformer for boxes, vertex
// handles for polygons and polylines, point handles for skeletons — and the
// drawing in progress. Everything it changes goes through the model's
// operations; it keeps no label state of its own.
//
// Loaded lazily by the Editor, so that Konva is fetched only for items that
// need a canvas (and jsdom tests of the panels never load it).

import { useEffect, useMemo, useRef } from "react";
import type Konva from "konva";
import { Circle, Group, Image as KImage, Layer, Line, Rect, Stage, Text, Transformer } from "react-konva";
import type { KonvaEventObject } from "konva/lib/Node";
import type { ObjectClass } from "../ontology/types";
import type { Act } from "./act";
import {
  clampDelta,
  classById,
  deleteVertex,
  draftRotatedBox,
  endGroup,
  frameObjects,
  geometryBounds,
  hitTest,
  insertVertex,
  isHidden,
  isLocked,
  moveBy,
  moveKeypoint,
  moveVertex,
  nearestEdge,
  pointerDown,
  pointerMove,
  pointerUp,
  rotateHandle,
  select,
  selectedObject,
  setGeometry,
  toImage,
  toScreen,
  type BoxGeometry,
  type Draft,
  type EditorState,
  type FrameObject,
  type MaskGeometry,
  type PointGeometry,
  type PointsGeometry,
  type Pt,
  type RotatedBoxGeometry,
  type SkeletonGeometry,
  type View,
} from "./model";

export interface CanvasProps {
  state: EditorState;
  act: Act;
  view: View;
  width: number;
  height: number;
  readOnly: boolean;
  /** Space is held: presses pan (the Editor handles them), the canvas ignores them. */
  panMode: boolean;
  /** A left press on nothing with the select tool: the Editor pans from there. */
  onBackgroundPress(e: MouseEvent): void;
  /** A skeleton point waiting to be placed by the next click. */
  placing: { objectId: string; pointId: string } | null;
  onPlaced(): void;
}

/** Reach of handles and clicks, in screen pixels. */
const HIT_PX = 7;
const HANDLE_PX = 5;

function tint(color: string, alpha: string): string {
  return /^#[0-9a-fA-F]{6}$/.test(color) ? `${color}${alpha}` : color;
}

const flat = (pts: readonly [number, number][]) => pts.flatMap((p) => p);

export default function Canvas(props: CanvasProps) {
  const { state, act, view, width, height, readOnly, panMode, placing } = props;
  const stageRef = useRef<Konva.Stage>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const selectedNode = useRef<Konva.Node | null>(null);
  const picked = useRef<string | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;

  const scale = view.scale;
  const tol = HIT_PX / scale;
  const sel = selectedObject(state);
  const selClass = sel ? classById(state, sel.object.class) : undefined;
  const canEdit = !readOnly && state.tool === "select";
  const selEditable = !!sel && canEdit && !isLocked(state, sel.object);

  const shown = useMemo(() => {
    const list = frameObjects(state).filter((f) => !isHidden(state, f.object));
    // The selected object is drawn last, on top, with its handles.
    const i = list.findIndex((f) => f.object.id === state.selected);
    if (i >= 0) list.push(...list.splice(i, 1));
    return list;
  }, [state]);

  const imagePoint = (): Pt | null => {
    const p = stageRef.current?.getPointerPosition();
    return p ? toImage(viewRef.current, p) : null;
  };

  // The transformer follows the selected box.
  const boxSelected = !!selClass && (selClass.shape === "bounding_box" || selClass.shape === "rotated_box") && selEditable;
  useEffect(() => {
    const tr = trRef.current;
    if (!tr) return;
    tr.nodes(boxSelected && selectedNode.current ? [selectedNode.current] : []);
    tr.getLayer()?.batchDraw();
  });

  // A box being dragged out follows the pointer beyond the canvas, until the button comes up anywhere.
  const dragging = state.draft?.kind === "box" || (state.draft?.kind === "rotated" && state.draft.phase === "size");
  useEffect(() => {
    if (!dragging) return;
    const at = (e: MouseEvent): Pt => {
      const r = stageRef.current!.container().getBoundingClientRect();
      return toImage(viewRef.current, { x: e.clientX - r.left, y: e.clientY - r.top });
    };
    const move = (e: MouseEvent) => act((s) => pointerMove(s, at(e)));
    const up = (e: MouseEvent) => act((s) => pointerUp(s, at(e)));
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
    return () => {
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
  }, [dragging, act]);

  const isHandle = (t: Konva.Node) => t.hasName("handle") || t.getParent()?.getClassName() === "Transformer";

  const onMouseDown = (e: KonvaEventObject<MouseEvent>) => {
    if (panMode || e.evt.button !== 0) {
      picked.current = null;
      return;
    }
    const p = imagePoint();
    if (!p || isHandle(e.target)) return;
    if (placing && !readOnly) {
      act((s) => moveKeypoint(s, placing.objectId, placing.pointId, p));
      props.onPlaced();
      return;
    }
    if (state.tool === "draw" && !readOnly) {
      act((s) => pointerDown(s, p, { tolerance: tol, hidden: e.evt.altKey }));
      return;
    }
    const id = hitTest(state, p, tol);
    picked.current = id;
    act((s) => select(s, id));
    if (!id) props.onBackgroundPress(e.evt);
  };

  const onMouseMove = () => {
    const d = state.draft;
    if (!d || dragging) return;
    const p = imagePoint();
    if (p) act((s) => pointerMove(s, p));
  };

  const onDblClick = () => {
    if (!sel || !selEditable || !selClass) return;
    if (selClass.shape !== "polygon" && selClass.shape !== "polyline") return;
    const p = imagePoint();
    if (!p) return;
    const e = nearestEdge((sel.object.geometry as PointsGeometry).points, p, selClass.shape === "polygon");
    if (e && e.dist <= tol) act((s) => insertVertex(s, sel.object.id, e.index, e.at));
  };

  /** dragBound keeps a whole-object drag inside the item: base is the node's resting position, in item pixels. */
  const dragBound = (base: Pt, f: FrameObject, shape: string) => (pos: Pt) => {
    const b = geometryBounds(shape, f.object.geometry);
    if (!b) return pos;
    const v = viewRef.current;
    const img = toImage(v, pos);
    const d = clampDelta(b, img.x - base.x, img.y - base.y, state.size);
    return toScreen(v, { x: base.x + d.x, y: base.y + d.y });
  };

  /** pointBound keeps a dragged handle (a vertex, a skeleton point) inside the item. */
  const pointBound = (pos: Pt) => {
    const size = state.size;
    if (!size) return pos;
    const v = viewRef.current;
    const p = toImage(v, pos);
    return toScreen(v, { x: Math.max(0, Math.min(size.width, p.x)), y: Math.max(0, Math.min(size.height, p.y)) });
  };

  /** Whole-object drags: only the object the press picked may move (not one a larger shape covers). */
  const dragProps = (f: FrameObject, shape: string, base: Pt) => {
    const editable = canEdit && !panMode && !isLocked(state, f.object);
    return {
      // Any object may be dragged; the drag goes on only for the one the press picked (hitTest's choice).
      draggable: editable,
      dragBoundFunc: dragBound(base, f, shape),
      onDragStart: (e: KonvaEventObject<DragEvent>) => {
        if (picked.current !== f.object.id) e.target.stopDrag();
      },
      onDragEnd: (e: KonvaEventObject<DragEvent>) => {
        const n = e.target;
        const dx = n.x() - base.x;
        const dy = n.y() - base.y;
        n.position(base);
        if (dx !== 0 || dy !== 0) act((s) => moveBy(s, f.object.id, dx, dy));
      },
    };
  };

  return (
    <Stage
      ref={stageRef}
      width={width}
      height={height}
      onMouseDown={onMouseDown}
      onMouseMove={onMouseMove}
      onDblClick={onDblClick}
      onContextMenu={(e) => e.evt.preventDefault()}
    >
      <Layer>
        <Group x={view.x} y={view.y} scaleX={scale} scaleY={scale}>
          {shown.map((f) => {
            const c = classById(state, f.object.class);
            if (!c) return null;
            const isSel = f.object.id === state.selected;
            return (
              <ObjectShape
                // A track keeps one node across its keyframes and interpolated frames.
                key={f.object.track ? `track:${f.object.track}` : f.object.id}
                f={f}
                c={c}
                selected={isSel}
                scale={scale}
                nodeRef={isSel ? (n) => (selectedNode.current = n) : undefined}
                drag={dragProps}
                pointBound={pointBound}
                editable={isSel && selEditable && !panMode}
                act={act}
                onTransformed={(g) => act((s) => setGeometry(s, f.object.id, g))}
              />
            );
          })}
          {state.draft && <DraftShape draft={state.draft} state={state} scale={scale} />}
        </Group>
        <Transformer
          ref={trRef}
          rotateEnabled={selClass?.shape === "rotated_box"}
          keepRatio={false}
          flipEnabled={false}
          ignoreStroke
          anchorSize={9}
          anchorCornerRadius={2}
          rotateAnchorOffset={22}
          borderStroke={selClass?.color ?? "#4f46e5"}
          anchorStroke={selClass?.color ?? "#4f46e5"}
          boundBoxFunc={(oldBox, newBox) => (Math.abs(newBox.width) < 3 || Math.abs(newBox.height) < 3 ? oldBox : newBox)}
        />
      </Layer>
    </Stage>
  );
}

interface ShapeProps {
  f: FrameObject;
  c: ObjectClass;
  selected: boolean;
  scale: number;
  nodeRef?: (n: Konva.Node | null) => void;
  drag(f: FrameObject, shape: string, base: Pt): Record<string, unknown>;
  pointBound(pos: Pt): Pt;
  editable: boolean;
  act: Act;
  onTransformed(g: BoxGeometry | RotatedBoxGeometry): void;
}

function ObjectShape({ f, c, selected, scale, nodeRef, drag, pointBound, editable, act, onTransformed }: ShapeProps) {
  const o = f.object;
  const stroke = c.color;
  const common = {
    stroke,
    strokeWidth: selected ? 2.5 : 1.75,
    strokeScaleEnabled: false,
    dash: f.interpolated ? [6, 4] : undefined,
    shadowForStrokeEnabled: false,
    perfectDrawEnabled: false,
  };
  const r = HANDLE_PX / scale;
  switch (c.shape) {
    case "bounding_box": {
      const g = o.geometry as BoxGeometry;
      return (
        <Rect
          ref={nodeRef}
          x={g.x}
          y={g.y}
          width={g.w}
          height={g.h}
          fill={tint(stroke, selected ? "33" : "1f")}
          {...common}
          {...drag(f, c.shape, { x: g.x, y: g.y })}
          onTransformEnd={(e) => {
            const n = e.target;
            const next = { x: n.x(), y: n.y(), w: n.width() * n.scaleX(), h: n.height() * n.scaleY() };
            n.scale({ x: 1, y: 1 });
            onTransformed(next);
          }}
        />
      );
    }
    case "rotated_box": {
      const g = o.geometry as RotatedBoxGeometry;
      return (
        <Rect
          ref={nodeRef}
          x={g.cx}
          y={g.cy}
          width={g.w}
          height={g.h}
          offsetX={g.w / 2}
          offsetY={g.h / 2}
          rotation={g.angle}
          fill={tint(stroke, selected ? "33" : "1f")}
          {...common}
          {...drag(f, c.shape, { x: g.cx, y: g.cy })}
          onTransformEnd={(e) => {
            const n = e.target;
            const next = { cx: n.x(), cy: n.y(), w: n.width() * n.scaleX(), h: n.height() * n.scaleY(), angle: n.rotation() };
            n.scale({ x: 1, y: 1 });
            onTransformed(next);
          }}
        />
      );
    }
    case "polygon":
    case "polyline": {
      const pts = (o.geometry as PointsGeometry).points;
      const closed = c.shape === "polygon";
      return (
        <Group>
          <Line points={flat(pts)} closed={closed} fill={closed ? tint(stroke, selected ? "33" : "1f") : undefined} hitStrokeWidth={10} {...common} {...drag(f, c.shape, { x: 0, y: 0 })} />
          {editable &&
            pts.map(([x, y], i) => {
              const next = pts[(i + 1) % pts.length];
              const hasEdge = closed || i < pts.length - 1;
              return (
                <Group key={i}>
                  {hasEdge && (
                    <Rect
                      name="handle"
                      x={(x + next[0]) / 2 - r * 0.7}
                      y={(y + next[1]) / 2 - r * 0.7}
                      width={r * 1.4}
                      height={r * 1.4}
                      fill="#ffffff"
                      stroke={stroke}
                      strokeWidth={1}
                      strokeScaleEnabled={false}
                      opacity={0.8}
                      onMouseDown={(e) => {
                        e.cancelBubble = true;
                        act((s) => insertVertex(s, o.id, i, { x: (x + next[0]) / 2, y: (y + next[1]) / 2 }));
                      }}
                    />
                  )}
                  <Circle
                    name="handle"
                    x={x}
                    y={y}
                    radius={r}
                    fill="#ffffff"
                    stroke={stroke}
                    strokeWidth={2}
                    strokeScaleEnabled={false}
                    draggable
                    dragBoundFunc={pointBound}
                    onMouseDown={(e) => {
                      e.cancelBubble = true;
                      if (e.evt.altKey || e.evt.button === 2) act((s) => deleteVertex(s, o.id, i));
                    }}
                    onDragMove={(e) => {
                      const n = e.target;
                      act((s) => moveVertex(s, o.id, i, { x: n.x(), y: n.y() }, `vertex:${o.id}:${i}`));
                    }}
                    onDragEnd={() => act(endGroup)}
                  />
                </Group>
              );
            })}
        </Group>
      );
    }
    case "point": {
      const g = o.geometry as PointGeometry;
      return (
        <Circle
          x={g.x}
          y={g.y}
          radius={(selected ? 6 : 4.5) / scale}
          fill={stroke}
          stroke="#ffffff"
          strokeWidth={1.5}
          strokeScaleEnabled={false}
          dash={f.interpolated ? [3, 2] : undefined}
          {...drag(f, c.shape, { x: g.x, y: g.y })}
        />
      );
    }
    case "skeleton": {
      const kp = (o.geometry as SkeletonGeometry).points;
      const names = new Map((c.skeleton?.points ?? []).map((p) => [p.id, p.name]));
      return (
        <Group>
          {(c.skeleton?.edges ?? []).map(([a, b], i) =>
            kp[a] && kp[b] ? <Line key={i} points={[kp[a].x, kp[a].y, kp[b].x, kp[b].y]} {...common} listening={false} /> : null,
          )}
          {Object.entries(kp).map(([id, k]) => (
            <Group key={id}>
              <Circle
                name={editable ? "handle" : undefined}
                x={k.x}
                y={k.y}
                radius={(selected ? 5.5 : 4) / scale}
                fill={k.visible === false ? "#ffffff" : stroke}
                stroke={k.visible === false ? stroke : "#ffffff"}
                strokeWidth={1.5}
                strokeScaleEnabled={false}
                dash={k.visible === false ? [2, 2] : undefined}
                draggable={editable}
                dragBoundFunc={pointBound}
                onDragMove={(e) => {
                  const n = e.target;
                  act((s) => moveKeypoint(s, o.id, id, { x: n.x(), y: n.y() }, `keypoint:${o.id}:${id}`));
                }}
                onDragEnd={() => act(endGroup)}
              />
              {selected && <Text x={k.x + 7 / scale} y={k.y - 7 / scale} text={names.get(id) ?? id} fontSize={11 / scale} fill={stroke} listening={false} />}
            </Group>
          ))}
        </Group>
      );
    }
    case "mask":
      return <MaskImage g={o.geometry as MaskGeometry} color={stroke} selected={selected} />;
  }
  return null;
}

/** MaskImage paints a COCO RLE mask into an offscreen canvas, once per geometry. */
function MaskImage({ g, color, selected }: { g: MaskGeometry; color: string; selected: boolean }) {
  const canvas = useMemo(() => {
    const [h, w] = g.size;
    if (!(h > 0 && w > 0) || typeof document === "undefined") return null;
    const el = document.createElement("canvas");
    el.width = w;
    el.height = h;
    const ctx = el.getContext("2d");
    if (!ctx) return null;
    const img = ctx.createImageData(w, h);
    const rgb = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
    const [r, gr, b] = rgb ? [1, 2, 3].map((i) => parseInt(rgb[i], 16)) : [56, 189, 248];
    let at = 0;
    g.counts.forEach((n, i) => {
      if (i % 2 === 1) {
        for (let k = at; k < at + n && k < w * h; k++) {
          const x = Math.floor(k / h);
          const y = k % h;
          const o = (y * w + x) * 4;
          img.data[o] = r;
          img.data[o + 1] = gr;
          img.data[o + 2] = b;
          img.data[o + 3] = 255;
        }
      }
      at += n;
    });
    ctx.putImageData(img, 0, 0);
    return el;
  }, [g, color]);
  if (!canvas) return null;
  return <KImage image={canvas} x={0} y={0} width={g.size[1]} height={g.size[0]} opacity={selected ? 0.5 : 0.3} listening={false} />;
}

function DraftShape({ draft, state, scale }: { draft: Draft; state: EditorState; scale: number }) {
  const c = classById(state, draft.classId);
  const color = c?.color ?? "#4f46e5";
  const line = { stroke: color, strokeWidth: 2, strokeScaleEnabled: false, listening: false };
  const r = HANDLE_PX / scale;
  switch (draft.kind) {
    case "box": {
      const x = Math.min(draft.start.x, draft.end.x);
      const y = Math.min(draft.start.y, draft.end.y);
      return <Rect x={x} y={y} width={Math.abs(draft.end.x - draft.start.x)} height={Math.abs(draft.end.y - draft.start.y)} dash={[6, 4]} fill={tint(color, "22")} {...line} />;
    }
    case "rotated": {
      const g = draftRotatedBox(draft);
      const handle = rotateHandle(g, 22 / scale);
      return (
        <Group listening={false}>
          <Rect x={g.cx} y={g.cy} width={g.w} height={g.h} offsetX={g.w / 2} offsetY={g.h / 2} rotation={g.angle} dash={[6, 4]} fill={tint(color, "22")} {...line} />
          {draft.phase === "angle" && (
            <>
              <Line points={[g.cx, g.cy, handle.x, handle.y]} {...line} dash={[3, 3]} />
              <Circle x={handle.x} y={handle.y} radius={r} fill="#ffffff" {...line} />
            </>
          )}
        </Group>
      );
    }
    case "path": {
      const pts = draft.points;
      const cursor = draft.cursor;
      const closable = draft.closed && pts.length >= 3;
      return (
        <Group listening={false}>
          <Line points={flat(pts)} {...line} />
          {cursor && pts.length > 0 && <Line points={[...pts[pts.length - 1], cursor.x, cursor.y]} {...line} dash={[4, 4]} />}
          {draft.closed && cursor && pts.length >= 2 && <Line points={[cursor.x, cursor.y, ...pts[0]]} {...line} dash={[2, 6]} opacity={0.6} />}
          {pts.map(([x, y], i) => (
            <Circle key={i} x={x} y={y} radius={i === 0 && closable ? r * 1.6 : r * 0.8} fill={i === 0 && closable ? color : "#ffffff"} stroke={color} strokeWidth={1.5} strokeScaleEnabled={false} />
          ))}
        </Group>
      );
    }
    case "skeleton": {
      const placed = draft.points;
      const next = c?.skeleton?.points[draft.index];
      return (
        <Group listening={false}>
          {(c?.skeleton?.edges ?? []).map(([a, b], i) => (placed[a] && placed[b] ? <Line key={i} points={[placed[a].x, placed[a].y, placed[b].x, placed[b].y]} {...line} /> : null))}
          {Object.entries(placed).map(([id, k]) => (
            <Circle key={id} x={k.x} y={k.y} radius={r} fill={k.visible === false ? "#ffffff" : color} stroke={color} strokeWidth={1.5} strokeScaleEnabled={false} />
          ))}
          {next && draft.cursor && <Text x={draft.cursor.x + 10 / scale} y={draft.cursor.y + 10 / scale} text={next.name} fontSize={12 / scale} fill={color} />}
        </Group>
      );
    }
  }
}
