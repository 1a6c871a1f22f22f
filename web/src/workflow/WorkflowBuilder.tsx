// WorkflowBuilder: the visual editor of a workflow graph. An SVG canvas
// (pan, zoom, drag stages, drag from an outcome's port onto a stage to
// connect) beside a panel for the selected stage or edge. It is controlled:
// it draws value and reports every change through onChange; the model
// (model.ts) does the editing and the server does the validating — its
// errors come back through errors and are drawn on the stages and edges they
// name.
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type FocusEvent as ReactFocusEvent,
} from "react";
import "./workflow.css";
import type { Graph, Position, Stage, StageKind } from "./types";
import {
  History,
  KIND_LABELS,
  addStage,
  autoLayout,
  canConnect,
  connect,
  deleteStage,
  disconnect,
  edgeKey,
  errorsByElement,
  findEdge,
  graphBounds,
  inPort,
  missingOutcomes,
  moveStage,
  needsLayout,
  freePosition,
  newStage,
  outPort,
  stageAt,
  stageFieldErrors,
  stageRect,
  type FieldError,
} from "./model";
import { GRID, HEADER_H, NODE_W, snap } from "./geometry";
import { EdgeLine, StageNode, edgePath } from "./CanvasParts";
import { EdgePanel, OverviewPanel, StagePanel, type Edit, type People } from "./Panel";
import { KindIcon } from "./kinds";
import { Button } from "../components/Button";
import { PlusIcon } from "../components/icons";

export type { People } from "./Panel";

export interface WorkflowBuilderProps {
  value: Graph;
  onChange(g: Graph): void;
  /** The server's field errors about value (a problem's errors). */
  errors?: FieldError[];
  /** readOnly keeps pan, zoom and selection, and disables every edit. */
  readOnly?: boolean;
  /** Who the assignee pickers offer. */
  people?: People;
}

type Selection = { type: "stage"; id: string } | { type: "edge"; from: string; outcome: string } | null;

interface View {
  x: number;
  y: number;
  k: number;
}

type Gesture =
  | { type: "pan"; pointerId: number; startX: number; startY: number; view: View; moved: boolean }
  | { type: "move"; pointerId: number; id: string; dx: number; dy: number; at: Position; from: Position }
  | { type: "link"; pointerId: number; from: string; outcome: string };

interface Link {
  from: string;
  outcome: string;
  start: Position;
  end: Position;
  target: string | null;
}

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 2.5;
const PALETTE: readonly StageKind[] = ["annotate", "review", "consensus", "router", "complete"];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target as HTMLElement).isContentEditable;
}

/** splitKey splits "stage:outcome" at its first colon (stage ids have none). */
function splitKey(key: string): [string, string] {
  const i = key.indexOf(":");
  return i < 0 ? [key, ""] : [key.slice(0, i), key.slice(i + 1)];
}

/** LinkLine is the edge being drawn: to the pointer, or to the input port of the stage it would connect to. */
function LinkLine({ link, target }: { link: Link; target: Stage | undefined }) {
  const end = target ? inPort(target) : { x: link.end.x + 6, y: link.end.y };
  return <path className={target ? "wf-link-line wf-link-ok" : "wf-link-line"} d={edgePath(link.start.x, link.start.y, end.x, end.y).d} />;
}

export function WorkflowBuilder({ value, onChange, errors, readOnly = false, people }: WorkflowBuilderProps) {
  // A graph without positions (a template, an import) is laid out for
  // drawing; the first edit hands the laid-out graph back.
  const graph = useMemo(() => (needsLayout(value) ? autoLayout(value) : value), [value]);

  const historyRef = useRef<History<Graph> | null>(null);
  if (!historyRef.current) historyRef.current = new History<Graph>(value);
  const history = historyRef.current;
  // A value the builder did not make (loaded, a template, a reset) is a step too.
  if (value !== history.present) history.push(value);
  const [, rerender] = useReducer((n: number) => n + 1, 0);

  const [selection, setSelection] = useState<Selection>(null);
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const [status, setStatus] = useState("");

  const svgRef = useRef<SVGSVGElement>(null);
  const gestureRef = useRef<Gesture | null>(null);
  const mergeRef = useRef<string | undefined>(undefined);
  const live = useRef({ graph, value, onChange, readOnly, view });
  useLayoutEffect(() => {
    live.current = { graph, value, onChange, readOnly, view };
  });

  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const markers = useMemo(() => ({ normal: `${uid}-arrow`, selected: `${uid}-arrow-sel`, error: `${uid}-arrow-err` }), [uid]);

  // ---------- editing ----------

  /** edit applies f to the current graph and reports the result; merge folds a run of typing into one undo step. */
  const edit: Edit = useCallback((f, merge) => {
    const cur = live.current;
    if (cur.readOnly) return;
    const next = f(cur.graph);
    if (next === cur.graph) return;
    const h = historyRef.current!;
    if (merge && merge === mergeRef.current && h.canUndo) h.replace(next);
    else h.push(next);
    mergeRef.current = merge;
    live.current = { ...cur, graph: next, value: next };
    cur.onChange(next);
    rerender();
  }, []);

  const undo = useCallback(() => {
    const h = historyRef.current!;
    if (live.current.readOnly || !h.canUndo) return;
    mergeRef.current = undefined;
    const prev = h.undo();
    live.current = { ...live.current, graph: prev, value: prev };
    live.current.onChange(prev);
    setStatus("Undone");
    rerender();
  }, []);

  const redo = useCallback(() => {
    const h = historyRef.current!;
    if (live.current.readOnly || !h.canRedo) return;
    mergeRef.current = undefined;
    const next = h.redo();
    live.current = { ...live.current, graph: next, value: next };
    live.current.onChange(next);
    setStatus("Redone");
    rerender();
  }, []);

  // ---------- derived ----------

  // Errors are about the graph the server saw: map them when they arrive, so
  // that later edits (which move indexes) keep them on the same stages.
  const mapped = useMemo(() => {
    const byElement = errorsByElement(graph, errors);
    return { graph, byElement };
  }, [errors]); // not graph: see above
  const missing = useMemo(() => missingOutcomes(graph), [graph]);
  const byId = useMemo(() => new Map(graph.stages.map((s) => [s.id, s])), [graph]);

  const selStage = selection?.type === "stage" ? byId.get(selection.id) : undefined;
  const selEdge = selection?.type === "edge" ? findEdge(graph, selection.from, selection.outcome) : undefined;
  const selectedStageId = selStage?.id;
  const selectedEdgeKey = selEdge ? edgeKey(selEdge) : undefined;
  const linkTarget = link?.target ?? null;

  // Edges whose stages exist are drawn; the errors of the others are listed with the graph's.
  const content = useMemo(() => {
    const placed = new Map(byId);
    if (drag) {
      const s = placed.get(drag.id);
      if (s) placed.set(drag.id, { ...s, position: { x: drag.x, y: drag.y } });
    }
    const edges = graph.edges.map((e, i) => {
      const a = placed.get(e.from);
      const b = placed.get(e.to);
      if (!a || !b) return null;
      const port = outPort(a, e.outcome);
      const start = port ?? { x: (a.position?.x ?? 0) + NODE_W, y: (a.position?.y ?? 0) + HEADER_H / 2 };
      const end = inPort(b);
      let below: number | undefined;
      if (end.x < start.x - 8) {
        const ra = stageRect(a);
        const rb = stageRect(b);
        below = Math.max(ra.y + ra.h, rb.y + rb.h) + 28;
      }
      const key = edgeKey(e);
      return (
        <EdgeLine
          key={`${i}:${key}`}
          from={e.from}
          outcome={e.outcome}
          fromName={a.name}
          toName={b.name}
          x1={start.x}
          y1={start.y}
          x2={end.x}
          y2={end.y}
          below={below}
          selected={key === selectedEdgeKey}
          stray={!port}
          errors={mapped.byElement.edges[key]}
          markers={markers}
        />
      );
    });
    const nodes = graph.stages.map((s) => (
      <StageNode
        key={s.id}
        stage={placed.get(s.id) ?? s}
        selected={s.id === selectedStageId}
        target={s.id === linkTarget}
        errors={mapped.byElement.stages[s.id]}
        missing={missing[s.id]}
        readOnly={readOnly}
      />
    ));
    return (
      <>
        <g className="wf-edges">{edges}</g>
        <g className="wf-nodes">{nodes}</g>
      </>
    );
  }, [graph, byId, drag, selectedEdgeKey, selectedStageId, linkTarget, mapped, missing, readOnly, markers]);

  const graphErrors = useMemo(() => {
    const list = [...mapped.byElement.graph];
    for (const [key, msgs] of Object.entries(mapped.byElement.edges)) {
      const [from, outcome] = splitKey(key);
      const e = findEdge(graph, from, outcome);
      if (!e || !byId.has(e.from) || !byId.has(e.to)) for (const m of msgs) list.push(`Edge ${key}: ${m}`);
    }
    return list;
  }, [mapped, graph, byId]);

  // ---------- view ----------

  const viewport = () => {
    const r = svgRef.current?.getBoundingClientRect();
    return { left: r?.left ?? 0, top: r?.top ?? 0, width: r?.width ?? 0, height: r?.height ?? 0 };
  };

  const zoomAt = useCallback((sx: number, sy: number, factor: number) => {
    setView((v) => {
      const k = clamp(v.k * factor, MIN_ZOOM, MAX_ZOOM);
      if (k === v.k) return v;
      return { k, x: sx - ((sx - v.x) * k) / v.k, y: sy - ((sy - v.y) * k) / v.k };
    });
  }, []);

  const fit = useCallback(() => {
    const b = graphBounds(live.current.graph);
    const r = svgRef.current?.getBoundingClientRect();
    if (!b || !r || r.width === 0 || r.height === 0) {
      setView({ x: 0, y: 0, k: 1 });
      return;
    }
    const pad = 48;
    const k = clamp(Math.min((r.width - 2 * pad) / b.w, (r.height - 2 * pad) / (b.h + 40), 1), MIN_ZOOM, MAX_ZOOM);
    setView({ k, x: (r.width - b.w * k) / 2 - b.x * k, y: (r.height - (b.h + 40) * k) / 2 - b.y * k });
  }, []);

  // Fit the graph when it first has stages (on mount, or once it has loaded).
  const fitted = useRef(false);
  useLayoutEffect(() => {
    if (fitted.current || graph.stages.length === 0) return;
    fitted.current = true;
    fit();
  }, [graph, fit]);

  // React's wheel listener is passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      const step = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
      zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-clamp(step, -200, 200) * 0.0015));
    };
    svg.addEventListener("wheel", onWheel, { passive: false });
    return () => svg.removeEventListener("wheel", onWheel);
  }, [zoomAt]);

  const zoomButton = (factor: number) => {
    const r = viewport();
    zoomAt(r.width / 2, r.height / 2, factor);
  };

  // ---------- pointer gestures ----------

  const toCanvas = (clientX: number, clientY: number): Position => {
    const r = viewport();
    const v = live.current.view;
    return { x: (clientX - r.left - v.x) / v.k, y: (clientY - r.top - v.y) / v.k };
  };

  const focusEl = (el: Element | null) => {
    if (el && "focus" in el) (el as HTMLElement).focus({ preventScroll: true });
  };

  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 && e.button !== 1) return;
    // The middle button pans too, instead of starting the browser's autoscroll.
    if (e.button === 1) e.preventDefault();
    const svg = e.currentTarget;
    const target = e.target as Element;
    const portEl = e.button === 0 ? target.closest("[data-port]") : null;
    const nodeEl = e.button === 0 ? target.closest("[data-stage-id]") : null;
    const edgeEl = e.button === 0 ? target.closest("[data-edge]") : null;
    let gesture: Gesture | null = null;
    if (portEl && !readOnly) {
      const [from, outcome] = splitKey(portEl.getAttribute("data-port") ?? "");
      const s = byId.get(from);
      const start = s ? outPort(s, outcome) : null;
      if (s && start) {
        gesture = { type: "link", pointerId: e.pointerId, from, outcome };
        setLink({ from, outcome, start, end: start, target: null });
        e.preventDefault();
      }
    }
    if (!gesture && nodeEl) {
      const id = nodeEl.getAttribute("data-stage-id") ?? "";
      const s = byId.get(id);
      if (s) {
        setSelection({ type: "stage", id });
        focusEl(nodeEl);
        if (!readOnly) {
          const p = toCanvas(e.clientX, e.clientY);
          const at = s.position ?? { x: 0, y: 0 };
          gesture = { type: "move", pointerId: e.pointerId, id, dx: p.x - at.x, dy: p.y - at.y, at, from: at };
        }
      }
      if (!gesture) return;
    }
    if (!gesture && edgeEl) {
      const [from, outcome] = splitKey(edgeEl.getAttribute("data-edge") ?? "");
      setSelection({ type: "edge", from, outcome });
      focusEl(edgeEl);
      return;
    }
    if (!gesture) {
      gesture = { type: "pan", pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, view: live.current.view, moved: false };
      focusEl(svg);
    }
    gestureRef.current = gesture;
    if (typeof svg.setPointerCapture === "function") {
      try {
        svg.setPointerCapture(e.pointerId);
      } catch {
        // The pointer is gone already (a synthetic event): the gesture still works without capture.
      }
    }
  };

  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    const g = gestureRef.current;
    if (!g || g.pointerId !== e.pointerId) return;
    if (g.type === "pan") {
      const dx = e.clientX - g.startX;
      const dy = e.clientY - g.startY;
      if (!g.moved && Math.abs(dx) + Math.abs(dy) < 3) return;
      g.moved = true;
      setView({ ...g.view, x: g.view.x + dx, y: g.view.y + dy });
    } else if (g.type === "move") {
      const p = toCanvas(e.clientX, e.clientY);
      const at = { x: snap(p.x - g.dx), y: snap(p.y - g.dy) };
      if (at.x === g.at.x && at.y === g.at.y) return;
      g.at = at;
      setDrag({ id: g.id, x: at.x, y: at.y });
    } else {
      const p = toCanvas(e.clientX, e.clientY);
      const over = stageAt(live.current.graph, p);
      const target = over && canConnect(live.current.graph, g.from, g.outcome, over.id) ? over.id : null;
      setLink((l) => (l ? { ...l, end: p, target } : l));
    }
  };

  const endGesture = (e: ReactPointerEvent<SVGSVGElement>, cancelled: boolean) => {
    const g = gestureRef.current;
    if (!g || g.pointerId !== e.pointerId) return;
    gestureRef.current = null;
    if (g.type === "pan") {
      if (!g.moved && !cancelled) setSelection(null);
    } else if (g.type === "move") {
      setDrag(null);
      if (!cancelled && (g.at.x !== g.from.x || g.at.y !== g.from.y)) {
        const at = g.at;
        edit((gr) => moveStage(gr, g.id, at));
      }
    } else {
      setLink(null);
      if (cancelled) return;
      const gr = live.current.graph;
      const over = stageAt(gr, toCanvas(e.clientX, e.clientY));
      if (over && canConnect(gr, g.from, g.outcome, over.id)) {
        edit((x) => connect(x, g.from, g.outcome, over.id));
        setSelection({ type: "edge", from: g.from, outcome: g.outcome });
        setStatus(`Connected ${byId.get(g.from)?.name ?? g.from} ${g.outcome} to ${over.name}`);
      }
    }
  };

  // Selection follows focus, so Tab walks the stages and edges.
  const onFocus = (e: ReactFocusEvent<SVGSVGElement>) => {
    const t = e.target as Element;
    const stageId = t.getAttribute("data-stage-id");
    const edge = t.getAttribute("data-edge");
    if (stageId) setSelection((s) => (s?.type === "stage" && s.id === stageId ? s : { type: "stage", id: stageId }));
    else if (edge) {
      const [from, outcome] = splitKey(edge);
      setSelection((s) => (s?.type === "edge" && s.from === from && s.outcome === outcome ? s : { type: "edge", from, outcome }));
    }
  };

  // ---------- commands ----------

  const addKind = (kind: StageKind) => {
    const r = viewport();
    const v = live.current.view;
    const cx = r.width ? (r.width / 2 - v.x) / v.k : 300;
    const cy = r.height ? (r.height / 2 - v.y) / v.k : 200;
    const gr = live.current.graph;
    const at = freePosition(gr, kind, { x: snap(cx - NODE_W / 2), y: snap(cy - 40) });
    const s = newStage(gr, kind, at);
    edit((g) => addStage(g, s));
    setSelection({ type: "stage", id: s.id });
    setStatus(`Added ${s.name}`);
  };

  const removeSelection = () => {
    if (readOnly) return;
    if (selStage) {
      const name = selStage.name;
      edit((g) => deleteStage(g, selStage.id));
      setStatus(`Deleted ${name}`);
    } else if (selEdge) {
      edit((g) => disconnect(g, selEdge.from, selEdge.outcome));
      setStatus(`Removed edge ${selEdge.from} ${selEdge.outcome}`);
    } else return;
    setSelection(null);
    focusEl(svgRef.current);
  };

  const tidy = () => {
    edit((g) => autoLayout(g));
    // Fit after the new positions are drawn.
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => fit());
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (isTyping(e.target)) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key;
    if (mod && !e.altKey && (key === "z" || key === "Z")) {
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    } else if (mod && (key === "y" || key === "Y")) {
      e.preventDefault();
      redo();
    } else if (key === "Delete" || key === "Backspace") {
      if (readOnly || !selection) return;
      e.preventDefault();
      removeSelection();
    } else if (key === "Escape") {
      if (gestureRef.current) {
        gestureRef.current = null;
        setLink(null);
        setDrag(null);
      } else setSelection(null);
    } else if (key.startsWith("Arrow") && selStage && !readOnly && !mod) {
      e.preventDefault();
      const step = e.shiftKey ? 5 * GRID : GRID;
      const p = selStage.position ?? { x: 0, y: 0 };
      const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[key] ?? [0, 0];
      const id = selStage.id;
      edit((g) => moveStage(g, id, { x: snap(p.x + d[0]), y: snap(p.y + d[1]) }), `move:${id}`);
    } else if (key === "+" || key === "=") {
      zoomButton(1.2);
    } else if (key === "-") {
      zoomButton(1 / 1.2);
    }
  };

  // ---------- rendering ----------

  const hasStart = graph.stages.some((s) => s.kind === "start");
  const palette: StageKind[] = hasStart ? [...PALETTE] : ["start", ...PALETTE];
  // The dots keep at least 10px apart however far out the view zooms.
  let gridSize = 2 * GRID * view.k;
  while (gridSize < 10) gridSize *= 2;
  const stageFieldErrs = useMemo(
    () => (selectedStageId ? stageFieldErrors(mapped.graph, errors, selectedStageId) : []),
    [mapped, errors, selectedStageId],
  );

  // The panel is memoized: panning, dragging and drawing an edge leave it alone.
  const panel = useMemo(() => {
    if (selStage) {
      return (
        <StagePanel
          key={selStage.id}
          graph={graph}
          stage={selStage}
          people={people}
          readOnly={readOnly}
          fieldErrors={stageFieldErrs}
          edit={edit}
          onDelete={removeSelection}
          onSelectEdge={(from, outcome) => setSelection({ type: "edge", from, outcome })}
        />
      );
    }
    if (selEdge) {
      return (
        <EdgePanel
          key={edgeKey(selEdge)}
          graph={graph}
          edge={selEdge}
          errors={mapped.byElement.edges[edgeKey(selEdge)]}
          readOnly={readOnly}
          edit={edit}
          onRemove={removeSelection}
          onSelectStage={(id) => setSelection({ type: "stage", id })}
        />
      );
    }
    return <OverviewPanel graph={graph} missing={missing} readOnly={readOnly} onSelectStage={(id) => setSelection({ type: "stage", id })} />;
    // removeSelection reads only what is listed here.
  }, [graph, selStage, selEdge, people, readOnly, stageFieldErrs, mapped, missing, edit]);

  const helpId = `${uid}-help`;
  const classes = ["wf", readOnly ? "wf-readonly" : "", link ? "wf-linking" : "", drag ? "wf-dragging" : ""].filter(Boolean).join(" ");

  return (
    <div className={classes} onKeyDown={onKeyDown}>
      {graphErrors.length > 0 && (
        <div className="alert alert-error wf-problems" role="alert">
          <p>
            <strong>{graphErrors.length === 1 ? "This workflow has a problem:" : "This workflow has problems:"}</strong>
          </p>
          <ul>
            {graphErrors.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="wf-toolbar" role="toolbar" aria-label="Workflow tools">
        {!readOnly && (
          <div className="wf-palette" role="group" aria-label="Add a stage">
            {palette.map((kind) => (
              <button
                key={kind}
                type="button"
                className={`btn btn-sm wf-palette-btn wf-kind-${kind}`}
                aria-label={`Add ${kind} stage`}
                title={`Add ${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind} stage`}
                onClick={() => addKind(kind)}
              >
                <PlusIcon className="wf-plus" />
                <KindIcon kind={kind} className="wf-palette-icon" />
                {KIND_LABELS[kind]}
              </button>
            ))}
          </div>
        )}
        <div className="wf-tools">
          {!readOnly && (
            <>
              <Button size="sm" variant="ghost" onClick={undo} disabled={!history.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
                Undo
              </Button>
              <Button size="sm" variant="ghost" onClick={redo} disabled={!history.canRedo} aria-label="Redo" title="Redo (Shift+Ctrl+Z)">
                Redo
              </Button>
              <Button size="sm" variant="ghost" onClick={tidy} disabled={graph.stages.length === 0} title="Lay the stages out left to right">
                Tidy up
              </Button>
              <span className="wf-sep" aria-hidden="true" />
            </>
          )}
          <Button size="sm" variant="ghost" className="wf-icon-btn" onClick={() => zoomButton(1 / 1.2)} aria-label="Zoom out" title="Zoom out">
            −
          </Button>
          <button type="button" className="wf-zoom" onClick={() => setView((v) => ({ ...v, k: 1 }))} aria-label="Zoom to 100%" title="Zoom to 100%">
            {Math.round(view.k * 100)}%
          </button>
          <Button size="sm" variant="ghost" className="wf-icon-btn" onClick={() => zoomButton(1.2)} aria-label="Zoom in" title="Zoom in">
            +
          </Button>
          <Button size="sm" variant="ghost" onClick={fit} aria-label="Fit to view" title="Fit the whole workflow in view">
            Fit
          </Button>
        </div>
      </div>
      <div className="wf-body">
        <div className="wf-canvas-wrap">
          <svg
            ref={svgRef}
            className="wf-canvas"
            role="application"
            aria-label="Workflow graph"
            aria-describedby={helpId}
            aria-roledescription="workflow editor"
            tabIndex={0}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={(e) => endGesture(e, false)}
            onPointerCancel={(e) => endGesture(e, true)}
            onFocus={onFocus}
          >
            <defs>
              <pattern
                id={`${uid}-grid`}
                width={gridSize}
                height={gridSize}
                patternUnits="userSpaceOnUse"
                x={view.x % gridSize}
                y={view.y % gridSize}
              >
                <circle className="wf-grid-dot" cx={1} cy={1} r={1} />
              </pattern>
              {(
                [
                  [markers.normal, "wf-arrow"],
                  [markers.selected, "wf-arrow wf-arrow-selected"],
                  [markers.error, "wf-arrow wf-arrow-error"],
                ] as const
              ).map(([id, cls]) => (
                <marker
                  key={id}
                  id={id}
                  className={cls}
                  viewBox="0 0 10 10"
                  refX={9}
                  refY={5}
                  markerWidth={9}
                  markerHeight={9}
                  markerUnits="userSpaceOnUse"
                  orient="auto"
                >
                  <path d="M0,1 L10,5 L0,9 z" />
                </marker>
              ))}
            </defs>
            <rect className="wf-bg" width="100%" height="100%" fill={`url(#${uid}-grid)`} />
            <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
              {content}
              {link && <LinkLine link={link} target={link.target ? byId.get(link.target) : undefined} />}
            </g>
          </svg>
          {graph.stages.length === 0 && (
            <div className="wf-empty">
              <p className="state-title">No stages yet</p>
              <p className="muted">{readOnly ? "This workflow is empty." : "Add a start, the stages people work on and a complete from the toolbar."}</p>
            </div>
          )}
          <p id={helpId} className="visually-hidden">
            {readOnly
              ? "Drag the background to pan, scroll to zoom. Tab to a stage or an edge to see it in the side panel."
              : "Drag a stage to move it, or press the arrow keys. Drag from an outcome's port onto a stage to connect them, or choose the target in the side panel. Delete removes the selected stage or edge, Escape deselects, Ctrl+Z undoes and Shift+Ctrl+Z redoes."}
          </p>
        </div>
        <aside className="wf-panel" aria-label={selStage ? `Stage ${selStage.name}` : selEdge ? "Edge" : "Workflow"}>
          {panel}
        </aside>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
