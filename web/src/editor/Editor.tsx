// The annotation editor: one item (an image, a video, a text), its label, and
// the ontology it is labelled against. It is controlled: it shows value and
// reports every change of the label through onChange. Everything else — the
// selection, hidden and locked objects, the tool, the frame, undo — lives in
// the model's EditorState here (model/state.ts); the canvas, the text view
// and the panels render it and change it only through model operations.
//
// A new value from outside (another task, a reload) replaces the label and
// starts the undo history again; the value the editor itself last reported
// does not.

import { Component, lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import "./editor.css";
import type { ObjectClass, Ontology } from "../ontology/types";
import { Button } from "../components/Button";
import type { Act } from "./act";
import { AttributePanel } from "./AttributePanel";
import { ClassificationPanel } from "./ClassificationPanel";
import { ClassList } from "./ClassList";
import { RedoIcon, UndoIcon } from "./icons";
import { ObjectList } from "./ObjectList";
import { ShortcutSheet } from "./ShortcutSheet";
import { selectionOffsets, TextView } from "./TextView";
import { Timeline } from "./Timeline";
import {
  addKeyframe,
  bindErrors,
  boundsOf,
  cancelDraft,
  canRedo,
  canUndo,
  centreOf,
  classById,
  copyFrom,
  createSpan,
  createState,
  currentKeypoint,
  deleteObject,
  deleteTrack,
  duplicateObject,
  emptyErrors,
  endGroup,
  ensureVisible,
  findObject,
  finishDraft,
  fitView,
  frameObjects,
  IDENTITY,
  isVideo,
  keyCommand,
  mergeErrors,
  nudge,
  panBy,
  parseLocation,
  raise,
  redo,
  removeLastPoint,
  replaceLabel,
  select,
  selectNext,
  setActiveClass,
  setAllHidden,
  setContext,
  setFrame,
  setReadOnly,
  setSize,
  setTool,
  skipKeypoint,
  stepFrame,
  toggleHidden,
  toggleLocked,
  trimSpan,
  undo,
  usableClasses,
  validateLocal,
  wheelFactor,
  zoomAt,
  ZOOM_STEP,
  type Command,
  type EditorState,
  type FieldError,
  type Issue,
  type Item,
  type Label,
  type Size,
  type View,
} from "./model";

const Canvas = lazy(() => import("./Canvas"));

/** CanvasBoundary keeps the panels working when the canvas's code cannot load (a deploy replaced the chunk, a network error). */
class CanvasBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (this.state.failed) {
      return (
        <div className="ed-banner" role="alert">
          <span>The drawing canvas could not load. Reload the page to try again; the labels are kept.</span>
        </div>
      );
    }
    return this.props.children;
  }
}

export interface EditorProps {
  ontology: Ontology;
  item: Item;
  value: Label;
  onChange(l: Label): void;
  /** Review mode: everything shown, nothing editable. */
  readOnly?: boolean;
  /** The server's field errors about the label (a problem's errors), e.g. body.label.objects[3].attributes.occlusion. */
  errors?: FieldError[];
  onSubmit?(): void;
  onSkip?(): void;
  /** The previous task's label: offers "Copy previous", which adds its objects and values to this one. */
  previous?: Label;
}

/** Keys that controls keep for themselves (a focused button's Enter and Space, a slider's arrows, Tab between controls). */
const CONTROL_KEYS = new Set(["Enter", " ", "Tab", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  if ((el as HTMLElement).isContentEditable) return true;
  if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
  if (el.tagName !== "INPUT") return false;
  const type = (el as HTMLInputElement).type;
  return !["checkbox", "radio", "range", "button", "submit", "reset", "color", "file"].includes(type);
}

function isControl(el: Element | null): boolean {
  return !!el && (el.tagName === "BUTTON" || el.tagName === "A" || el.tagName === "INPUT" || el.getAttribute("role") === "button");
}

/** A required value not given yet: shown next to its field only after a submit attempt. */
const isMissing = (i: Issue) => / is required$/.test(i.message);

function Section({ title, count, actions, children, label }: { title: string; count?: number; actions?: ReactNode; children: ReactNode; label?: string }) {
  return (
    <section className="ed-section" aria-label={label ?? title}>
      <header className="ed-section-head">
        <h3>
          {title}
          {count !== undefined && <span className="ed-count-badge">{count}</span>}
        </h3>
        {actions}
      </header>
      {children}
    </section>
  );
}

function hint(s: EditorState, readOnly: boolean, placing: boolean): string {
  if (readOnly) return "Review: read-only. Tab goes through the objects; H hides one.";
  if (placing) return "Click on the image to place the point. Escape cancels.";
  if (s.item.kind === "text") {
    const c = classById(s, s.activeClass);
    return c ? `${c.name}: select text to mark it.` : "Select text, then press a class's key or click the class.";
  }
  const d = s.draft;
  const kp = currentKeypoint(s);
  if (kp) return `Place ${kp.name} (${kp.index + 1} of ${kp.count}): click. Tab skips it, Alt+click marks it hidden, Enter finishes, Backspace goes back.`;
  if (d?.kind === "rotated" && d.phase === "angle") return "Move to turn the box, click (or Enter) to fix it. Escape cancels.";
  if (d?.kind === "path") return d.closed ? "Click to add points; click the first point or press Enter to close. Backspace takes one back." : "Click to add points; Enter ends the line. Backspace takes one back.";
  if (s.tool === "draw") {
    const c = classById(s, s.activeClass);
    if (c?.shape === "point") return `${c.name}: click to place. V or Escape to select.`;
    if (c?.shape === "rotated_box") return `${c.name}: drag the box, then turn it. Escape to select.`;
    return `${c?.name ?? "Draw"}: drag a box. Escape to select.`;
  }
  return "Pick a class (its key) to draw. Click to select, drag to move; Space+drag pans, the wheel zooms. ? shows every key.";
}

export function Editor(props: EditorProps) {
  const { ontology, value, readOnly = false, errors, onSubmit, onSkip, previous } = props;
  // The item compared by value, so a parent that writes it inline does not look like a new item each render.
  const itemKey = JSON.stringify([props.item.kind, props.item.url, props.item.text, props.item.width, props.item.height, props.item.frames, props.item.fps]);
  const item = useMemo(() => props.item, [itemKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const [state, setState] = useState(() => createState({ ontology, item, label: value, readOnly }));
  const act = useCallback<Act>((fn) => setState(fn), []);
  const stateRef = useRef(state);
  stateRef.current = state;

  // ---------- the value, in and out ----------
  const onChangeRef = useRef(props.onChange);
  onChangeRef.current = props.onChange;
  const reported = useRef(value);
  useEffect(() => {
    if (value !== reported.current && value !== stateRef.current.label) {
      reported.current = value;
      act((s) => replaceLabel(s, value));
    }
  }, [value, act]);
  useEffect(() => {
    if (state.label !== reported.current) {
      reported.current = state.label;
      onChangeRef.current(state.label);
    }
  }, [state.label]);
  useEffect(() => act((s) => setContext(s, ontology, item)), [ontology, item, act]);
  useEffect(() => act((s) => setReadOnly(s, readOnly)), [readOnly, act]);

  // ---------- problems ----------
  const [server, setServer] = useState(emptyErrors);
  // Bound to the label they came with, once per set of errors (a parent writing errors inline must not
  // rebind them to a label edited since, where the indexes they give may name other objects).
  const errorsKey = JSON.stringify(errors ?? []);
  useEffect(() => setServer(bindErrors(JSON.parse(errorsKey) as FieldError[], stateRef.current.label)), [errorsKey]);
  const checkItem = useMemo<Item>(() => ({ ...item, width: item.width ?? state.size?.width, height: item.height ?? state.size?.height }), [item, state.size]);
  const issues = useMemo(() => validateLocal(state.label, ontology, checkItem), [state.label, ontology, checkItem]);
  const [attempted, setAttempted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const shownIssues = useMemo(() => (attempted ? issues : issues.filter((i) => !isMissing(i))), [issues, attempted]);
  const fieldErrors = useMemo(() => mergeErrors(server, bindErrors(shownIssues, state.label)), [server, shownIssues, state.label]);
  const listErrors = useMemo(() => mergeErrors(server, bindErrors(issues, state.label)), [server, issues, state.label]);
  const errorCount = issues.filter((i) => i.severity === "error").length;
  useEffect(() => {
    if (errorCount === 0) setConfirming(false);
  }, [errorCount]);

  // ---------- view ----------
  const rootRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [viewport, setViewport] = useState<Size>({ width: 0, height: 0 });
  const [view, setView] = useState<View>(IDENTITY);
  const viewRef = useRef(view);
  viewRef.current = view;
  const fittedFor = useRef<string | null>(null);
  const spatial = item.kind !== "text";

  useLayoutEffect(() => {
    const el = stageRef.current;
    if (!el) return;
    const measure = () => setViewport((v) => (v.width === el.clientWidth && v.height === el.clientHeight ? v : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const fit = useCallback(() => {
    const size = stateRef.current.size;
    if (size && viewport.width > 0) setView(fitView(size, viewport, 16, 4));
  }, [viewport]);

  // Fit once per item, when both its size and the viewport are known.
  useEffect(() => {
    const size = state.size;
    if (!spatial || !size || viewport.width === 0 || fittedFor.current === itemKey) return;
    fittedFor.current = itemKey;
    setView(fitView(size, viewport, 16, 4));
  }, [state.size, viewport, itemKey, spatial]);

  const zoomBy = useCallback((factor: number) => setView((v) => zoomAt(v, centreOf(viewport), factor)), [viewport]);

  // The wheel zooms at the cursor (a native listener: React's wheel listeners are passive).
  useEffect(() => {
    const el = stageRef.current;
    if (!el || !spatial) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const at = { x: e.clientX - r.left, y: e.clientY - r.top };
      setView((v) => zoomAt(v, at, wheelFactor(e.deltaY, e.deltaMode)));
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [spatial]);

  // Panning: Space+drag, a middle-button drag, or a drag from empty canvas with the select tool.
  const [space, setSpace] = useState(false);
  const [panning, setPanning] = useState(false);
  const startPan = useCallback((x0: number, y0: number) => {
    let lx = x0;
    let ly = y0;
    setPanning(true);
    const move = (e: MouseEvent) => {
      const dx = e.clientX - lx;
      const dy = e.clientY - ly;
      lx = e.clientX;
      ly = e.clientY;
      setView((v) => panBy(v, dx, dy));
    };
    const up = () => {
      setPanning(false);
      window.removeEventListener("mousemove", move);
      window.removeEventListener("mouseup", up);
    };
    window.addEventListener("mousemove", move);
    window.addEventListener("mouseup", up);
  }, []);

  const focusStage = useCallback(() => stageRef.current?.focus({ preventScroll: true }), []);

  /** Bring an object into view (after Tab or a pick in the list). */
  const reveal = useCallback(
    (id: string | null) => {
      if (!id || !spatial) return;
      const b = boundsOf(stateRef.current, id);
      if (b && viewport.width > 0) setView((v) => ensureVisible(v, b, viewport));
    },
    [spatial, viewport],
  );

  // ---------- media ----------
  const [playing, setPlaying] = useState(false);
  const fps = item.fps && item.fps > 0 ? item.fps : 25;
  useEffect(() => {
    const v = videoRef.current;
    if (!v || playing) return;
    const t = (state.frame + 0.5) / fps;
    if (Math.abs(v.currentTime - t) > 0.5 / fps) {
      try {
        v.currentTime = t;
      } catch {
        // Not seekable yet: the metadata will come.
      }
    }
  }, [state.frame, fps, playing]);
  useEffect(() => {
    const v = videoRef.current;
    if (!v || !playing) return;
    let raf = 0;
    const tick = () => {
      act((s) => setFrame(s, Math.floor(v.currentTime * fps)));
      if (v.ended) setPlaying(false);
      else raf = requestAnimationFrame(tick);
    };
    void v.play()?.catch(() => setPlaying(false));
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      v.pause();
    };
  }, [playing, fps, act]);

  const onMediaSize = (w: number, h: number) => {
    if (w > 0 && h > 0 && !(item.width && item.height)) act((s) => setSize(s, { width: w, height: h }));
  };

  // ---------- actions ----------
  const [help, setHelp] = useState(false);
  const [placing, setPlacing] = useState<{ objectId: string; pointId: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const trySubmit = useCallback(
    (force: boolean) => {
      if (!onSubmit || readOnly) return;
      if (!force && errorCount > 0) {
        setAttempted(true);
        setConfirming(true);
        const first = issues.find((i) => i.severity === "error");
        const t = first?.location ? parseLocation(first.location) : null;
        if (t?.scope === "object") {
          const o = stateRef.current.label.objects[t.index];
          if (o) act((s) => select(s, o.id));
        }
        return;
      }
      setConfirming(false);
      onSubmit();
    },
    [onSubmit, readOnly, errorCount, issues, act],
  );

  const makeSpan = useCallback(
    (c: ObjectClass): boolean => {
      const root = textRef.current;
      const text = item.text ?? "";
      const off = root ? selectionOffsets(root) : null;
      const t = off ? trimSpan(text, off.start, off.end) : null;
      if (!t) return false;
      act((s) => createSpan(s.activeClass === c.id ? s : setActiveClass(s, c.id), c.id, t.start, t.end));
      root?.ownerDocument.getSelection()?.removeAllRanges();
      return true;
    },
    [item.text, act],
  );

  const pickClass = useCallback(
    (c: ObjectClass) => {
      if (readOnly) return;
      if (item.kind === "text" && c.shape === "text_span") {
        if (!makeSpan(c)) act((s) => (s.activeClass === c.id ? setActiveClass(s, null) : setActiveClass(s, c.id)));
        return;
      }
      setPlacing(null);
      act((s) => setActiveClass(s, c.id));
      focusStage();
    },
    [readOnly, item.kind, makeSpan, act, focusStage],
  );

  const copyPrevious = () => {
    if (!previous) return;
    const r = copyFrom(stateRef.current, previous, "append");
    setState(r.state);
    setNotice(r.copied === 0 ? "The previous task has nothing to copy." : `Copied ${r.copied} object${r.copied === 1 ? "" : "s"}${r.skipped ? `; ${r.skipped} left out (not for this item or ontology)` : ""}. Undo takes it back.`);
  };

  const withSelected = (fn: (s: EditorState, id: string) => EditorState) => act((s) => (s.selected ? fn(s, s.selected) : s));

  const run = (cmd: Command) => {
    switch (cmd.type) {
      case "class": {
        const c = classById(stateRef.current, cmd.classId);
        if (c) pickClass(c);
        return;
      }
      case "classification": {
        const field = rootRef.current?.querySelector<HTMLElement>(`.ed-classifications [data-attr-id="${cmd.classificationId}"]`);
        field?.querySelector<HTMLElement>("input, select, textarea")?.focus();
        field?.scrollIntoView?.({ block: "nearest" });
        return;
      }
      case "next":
      case "prev": {
        const next = selectNext(stateRef.current, cmd.type === "next" ? 1 : -1);
        setState(next);
        reveal(next.selected);
        return;
      }
      case "delete":
        return withSelected(deleteObject);
      case "deleteTrack":
        return act((s) => {
          const f = findObject(s, s.selected);
          if (!f) return s;
          return f.object.track ? deleteTrack(s, f.object.track) : deleteObject(s, f.object.id);
        });
      case "undo":
        return act(undo);
      case "redo":
        return act(redo);
      case "duplicate":
        return withSelected(duplicateObject);
      case "escape":
        if (confirming) return setConfirming(false);
        if (placing) return setPlacing(null);
        return act((s) => (s.draft ? cancelDraft(s) : s.tool === "draw" ? setTool(s, "select") : s.activeClass && item.kind === "text" ? setActiveClass(s, null) : select(s, null)));
      case "nudge":
        return withSelected((s, id) => nudge(s, id, cmd.dx, cmd.dy));
      case "hide":
        return withSelected(toggleHidden);
      case "lock":
        return withSelected(toggleLocked);
      case "submit":
        return trySubmit(false);
      case "skip":
        return onSkip?.();
      case "help":
        return setHelp((h) => !h);
      case "finishDraft":
        return act(finishDraft);
      case "removeLastPoint":
        return act(removeLastPoint);
      case "skipKeypoint":
        return act(skipKeypoint);
      case "zoomIn":
        return spatial ? zoomBy(ZOOM_STEP) : undefined;
      case "zoomOut":
        return spatial ? zoomBy(1 / ZOOM_STEP) : undefined;
      case "fit":
        return spatial ? fit() : undefined;
      case "frame":
        return act((s) => stepFrame(s, cmd.delta));
      case "keyframe":
        return withSelected(addKeyframe);
      case "selectTool":
        setPlacing(null);
        return act((s) => setTool(s, "select"));
      case "raise":
        return withSelected((s, id) => raise(s, id, cmd.delta));
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  // ---------- keyboard ----------
  useEffect(() => {
    const mine = (t: EventTarget | null) => {
      const el = t as Element | null;
      const root = rootRef.current;
      if (!root || !el) return false;
      // Keys typed in a dialog (the shortcut sheet too) are the dialog's: Escape closes it.
      if (el.closest?.("dialog")) return false;
      return el === el.ownerDocument.body || root.contains(el);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !mine(e.target)) return;
      const el = e.target as Element;
      if (isTyping(el)) {
        if (e.key === "Escape") (el as HTMLElement).blur();
        return;
      }
      if (isControl(el) && CONTROL_KEYS.has(e.key) && !e.ctrlKey && !e.metaKey) return;
      if (e.key === " " && stateRef.current.item.kind !== "text") {
        e.preventDefault();
        if (!e.repeat) setSpace(true);
        return;
      }
      const s = stateRef.current;
      const cmd = keyCommand(e, {
        ontology: s.ontology,
        drafting: s.draft?.kind ?? (currentKeypoint(s) ? "skeleton" : null),
        video: isVideo(s),
        readOnly,
        canSubmit: !!onSubmit,
        canSkip: !!onSkip,
        classes: usableClasses(s),
      });
      if (!cmd) return;
      e.preventDefault();
      runRef.current(cmd);
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === " ") setSpace(false);
      if (e.key.startsWith("Arrow")) act(endGroup);
    };
    const onBlur = () => setSpace(false);
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener("keyup", onKeyUp);
    window.addEventListener("blur", onBlur);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener("keyup", onKeyUp);
      window.removeEventListener("blur", onBlur);
    };
  }, [readOnly, onSubmit, onSkip, act]);

  // ---------- render ----------
  const video = isVideo(state);
  const mediaStyle = {
    transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
    width: state.size?.width,
    height: state.size?.height,
  };
  const objectsShown = frameObjects(state);
  const serverIssues: Issue[] = (errors ?? []).map((e) => ({ location: e.location ?? "", message: e.message ?? "is not valid", severity: "error" }));
  const problemRows = listProblemRows([...serverIssues, ...issues], state);
  const stageClass = ["ed-stage", spatial ? "is-spatial" : "is-text", state.tool === "draw" || placing ? "is-drawing" : "", space || panning ? "is-panning" : "", view.scale >= 3 ? "is-pixelated" : ""].filter(Boolean).join(" ");

  return (
    <div className={readOnly ? "ed-root is-readonly" : "ed-root"} ref={rootRef}>
      <div className="ed-toolbar" role="toolbar" aria-label="Editor">
        {!readOnly && (
          <div className="ed-toolgroup">
            <Button size="sm" variant="ghost" onClick={() => act(undo)} disabled={!canUndo(state) && !state.draft} title="Undo (Ctrl+Z)">
              <UndoIcon />
              Undo
            </Button>
            <Button size="sm" variant="ghost" onClick={() => act(redo)} disabled={!canRedo(state)} title="Redo (Shift+Ctrl+Z)">
              <RedoIcon />
              Redo
            </Button>
          </div>
        )}
        {spatial && (
          <div className="ed-toolgroup">
            <Button size="sm" variant="ghost" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoomBy(1 / ZOOM_STEP)}>
              −
            </Button>
            <span className="ed-zoom" aria-label="Zoom">
              {Math.round(view.scale * 100)}%
            </span>
            <Button size="sm" variant="ghost" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoomBy(ZOOM_STEP)}>
              +
            </Button>
            <Button size="sm" variant="ghost" onClick={fit} title="Fit to view (F)">
              Fit
            </Button>
          </div>
        )}
        {!readOnly && previous && (
          <div className="ed-toolgroup">
            <Button size="sm" variant="ghost" onClick={copyPrevious} title="Add the previous task's objects and values to this label">
              Copy previous
            </Button>
          </div>
        )}
        <div className="ed-toolbar-spacer" />
        <Button size="sm" variant="ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
          ?
        </Button>
        {!readOnly && onSkip && (
          <Button size="sm" onClick={onSkip} title="Skip (Shift+Enter)">
            Skip
          </Button>
        )}
        {!readOnly && onSubmit && (
          <Button size="sm" variant="primary" onClick={() => trySubmit(false)} title="Submit (Enter)">
            Submit
          </Button>
        )}
      </div>

      <div className="ed-body">
        <div className="ed-main">
          <div
            className={stageClass}
            data-testid="editor-canvas"
            ref={stageRef}
            tabIndex={0}
            aria-label={spatial ? "Canvas" : "Text"}
            onMouseDown={(e) => {
              if (!spatial) return;
              if (e.button === 1 || (e.button === 0 && space)) {
                e.preventDefault();
                startPan(e.clientX, e.clientY);
              }
              if (e.target === e.currentTarget || (e.target as Element).tagName === "CANVAS") focusStage();
            }}
          >
            {item.kind === "image" && item.url && (
              <img className="ed-media" src={item.url} alt="" draggable={false} style={mediaStyle} onLoad={(e) => onMediaSize(e.currentTarget.naturalWidth, e.currentTarget.naturalHeight)} />
            )}
            {item.kind === "video" && item.url && (
              <video
                ref={videoRef}
                className="ed-media"
                src={item.url}
                muted
                playsInline
                preload="auto"
                style={mediaStyle}
                onLoadedMetadata={(e) => onMediaSize(e.currentTarget.videoWidth, e.currentTarget.videoHeight)}
              />
            )}
            {spatial && viewport.width > 0 && (
              <div className="ed-konva">
                <CanvasBoundary>
                  <Suspense fallback={null}>
                    <Canvas
                      state={state}
                      act={act}
                      view={view}
                      width={viewport.width}
                      height={viewport.height}
                      readOnly={readOnly}
                      panMode={space}
                      placing={placing}
                      onPlaced={() => setPlacing(null)}
                      onBackgroundPress={(e) => startPan(e.clientX, e.clientY)}
                    />
                  </Suspense>
                </CanvasBoundary>
              </div>
            )}
            {!spatial && (
              <TextView
                ref={textRef}
                state={state}
                onPickSpan={(id) => act((s) => select(s, id))}
                onSelectionEnd={() => {
                  const c = classById(stateRef.current, stateRef.current.activeClass);
                  if (c?.shape === "text_span" && !readOnly) makeSpan(c);
                }}
              />
            )}
            <div className="ed-banners">
              {confirming && (
                <div className="ed-banner" role="alert">
                  <span>
                    {errorCount} problem{errorCount === 1 ? "" : "s"} found: the server will refuse this label until {errorCount === 1 ? "it is" : "they are"} fixed.
                  </span>
                  <Button size="sm" onClick={() => setConfirming(false)}>
                    Fix
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => trySubmit(true)}>
                    Submit anyway
                  </Button>
                </div>
              )}
              {notice && (
                <div className="ed-banner ed-banner-info" role="status">
                  <span>{notice}</span>
                  <Button size="sm" variant="ghost" onClick={() => setNotice(null)}>
                    Dismiss
                  </Button>
                </div>
              )}
            </div>
            <div className="ed-hint" aria-live="polite">
              {hint(state, readOnly, !!placing)}
            </div>
          </div>
          {video && <Timeline state={state} act={act} playing={playing} onTogglePlay={() => setPlaying((p) => !p)} />}
        </div>

        <aside className="ed-side" aria-label="Labels">
          {!readOnly && (
            <Section title="Classes">
              <ClassList state={state} onPick={pickClass} readOnly={readOnly} />
            </Section>
          )}
          <Section
            title={video ? `Objects on frame ${state.frame}` : "Objects"}
            label="Objects"
            count={objectsShown.length}
            actions={
              objectsShown.length > 0 ? (
                <button type="button" className="ed-link" onClick={() => act((s) => setAllHidden(s, s.hidden.length === 0))}>
                  {state.hidden.length === 0 ? "Hide all" : "Show all"}
                </button>
              ) : undefined
            }
          >
            <ObjectList
              state={state}
              act={act}
              errors={listErrors}
              readOnly={readOnly}
              onPicked={(id) => {
                reveal(id);
                focusStage();
              }}
            />
          </Section>
          <Section title="Attributes">
            <AttributePanel
              state={state}
              act={act}
              errors={fieldErrors}
              readOnly={readOnly}
              placing={placing}
              onPlaceKeypoint={(objectId, pointId) => {
                setPlacing({ objectId, pointId });
                act((s) => setTool(s, "select"));
              }}
            />
          </Section>
          {ontology.classifications.length > 0 && (
            <Section title="Classifications">
              <ClassificationPanel state={state} act={act} errors={fieldErrors} readOnly={readOnly} />
            </Section>
          )}
          {problemRows.length > 0 && (
            <Section title="Problems" count={problemRows.length}>
              <ul className="ed-problem-list">
                {problemRows.map((p, i) => (
                  <li key={i}>
                    {p.id ? (
                      <button
                        type="button"
                        className="ed-link"
                        onClick={() => {
                          const id = p.id!;
                          act((s) => select(s, id));
                          reveal(id);
                        }}
                      >
                        {p.text}
                      </button>
                    ) : (
                      p.text
                    )}
                  </li>
                ))}
              </ul>
            </Section>
          )}
        </aside>
      </div>
      {help && <ShortcutSheet ontology={ontology} video={video} classes={usableClasses(state)} onClose={() => setHelp(false)} />}
    </div>
  );
}

/** listProblemRows writes the local issues for the problem list, each naming its object when it has one. */
function listProblemRows(issues: readonly Issue[], s: EditorState): { text: string; id: string | null }[] {
  return issues.map((i) => {
    if (!i.location) return { text: i.message, id: null };
    const t = parseLocation(i.location);
    if (t.scope === "object") {
      const o = s.label.objects[t.index];
      const c = o ? classById(s, o.class) : undefined;
      const what = t.field === "attributes" && t.key ? findName(c, t.key) ?? t.key : t.field || "object";
      return { text: `${c?.name ?? o?.class ?? "Object"} ${t.index + 1}${o?.frame !== undefined ? ` (frame ${o.frame})` : ""}, ${what}: ${i.message}`, id: o?.id ?? null };
    }
    if (t.scope === "frame") return { text: `Frame ${s.label.frames?.[t.index]?.frame ?? t.index}: ${i.message}`, id: null };
    if (t.scope === "classification") return { text: `Classifications: ${i.message}`, id: null };
    return { text: `${i.location}: ${i.message}`, id: null };
  });
}

function findName(c: ObjectClass | undefined, attrId: string): string | undefined {
  let name: string | undefined;
  const walk = (attrs: ObjectClass["attributes"]) =>
    attrs?.forEach((a) => {
      if (a.id === attrId) name = a.name;
      a.options?.forEach((op) => walk(op.attributes));
    });
  walk(c?.attributes);
  return name;
}
