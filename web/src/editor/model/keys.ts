// The editor's keyboard map: a key press to a command, with no DOM in it.
//
// The ontology's hotkeys come first: a plain letter or digit that an object
// class claims picks that class, one a classification claims goes to its
// field. The editor's own letter commands (H hide, L lock, V select tool,
// F fit, K keyframe) answer to the plain letter when the ontology leaves it
// free, and to Shift+letter always — "l" is Lane marking's in the docs'
// ontology, and Shift+L still locks.

import type { Ontology } from "../../ontology/types";
import { classForHotkey, classificationForHotkey } from "./state";

export type Command =
  | { type: "class"; classId: string }
  | { type: "classification"; classificationId: string }
  | { type: "next" }
  | { type: "prev" }
  | { type: "delete" }
  | { type: "deleteTrack" }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "duplicate" }
  | { type: "escape" }
  | { type: "nudge"; dx: number; dy: number }
  | { type: "hide" }
  | { type: "lock" }
  | { type: "submit" }
  | { type: "skip" }
  | { type: "help" }
  | { type: "finishDraft" }
  | { type: "removeLastPoint" }
  | { type: "skipKeypoint" }
  | { type: "zoomIn" }
  | { type: "zoomOut" }
  | { type: "fit" }
  | { type: "frame"; delta: number }
  | { type: "keyframe" }
  | { type: "selectTool" }
  | { type: "raise"; delta: number };

export type CommandType = Command["type"];

/** The parts of a KeyboardEvent the map reads. */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

export interface KeyContext {
  ontology: Ontology;
  /** The kind of drawing in progress, if any. */
  drafting?: "box" | "rotated" | "path" | "skeleton" | null;
  video?: boolean;
  readOnly?: boolean;
  /** Whether Enter and Shift+Enter have anything to do. */
  canSubmit?: boolean;
  canSkip?: boolean;
  /**
   * The ids of the classes this item can have (classDraws, or text spans on
   * a text); the hotkeys of other classes are ignored, leaving their keys to
   * the editor. All classes when left out.
   */
  classes?: readonly string[];
}

/** Commands that change the label; read-only editors ignore them. */
const EDITS: ReadonlySet<CommandType> = new Set<CommandType>([
  "class",
  "delete",
  "deleteTrack",
  "undo",
  "redo",
  "duplicate",
  "nudge",
  "lock",
  "submit",
  "skip",
  "finishDraft",
  "removeLastPoint",
  "skipKeypoint",
  "keyframe",
  "raise",
]);

/** The editor's own letters, taken by Shift+letter always and the plain letter when no hotkey has it. */
const LETTERS: Record<string, Command> = {
  h: { type: "hide" },
  l: { type: "lock" },
  v: { type: "selectTool" },
  f: { type: "fit" },
  k: { type: "keyframe" },
};

/** keyCommand maps a key press to the editor's command, or null when the editor leaves the key alone. */
export function keyCommand(e: KeyPress, ctx: KeyContext): Command | null {
  const cmd = rawCommand(e, ctx);
  if (!cmd) return null;
  if (ctx.readOnly && EDITS.has(cmd.type)) return null;
  if (cmd.type === "keyframe" && !ctx.video) return null;
  if (cmd.type === "frame" && !ctx.video) return null;
  if (cmd.type === "deleteTrack" && !ctx.video) return { type: "delete" };
  return cmd;
}

function rawCommand(e: KeyPress, ctx: KeyContext): Command | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  const key = e.key;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  if (mod) {
    if (e.altKey) return null;
    if (lower === "z") return e.shiftKey ? { type: "redo" } : { type: "undo" };
    if (lower === "y" && !e.shiftKey) return { type: "redo" };
    if (lower === "d" && !e.shiftKey) return { type: "duplicate" };
    return null;
  }
  if (e.altKey) return null;
  switch (key) {
    case "Escape":
      return { type: "escape" };
    case "Enter":
      if (ctx.drafting) return { type: "finishDraft" };
      if (e.shiftKey) return ctx.canSkip ? { type: "skip" } : null;
      return ctx.canSubmit ? { type: "submit" } : null;
    case "Tab":
      if (ctx.drafting === "skeleton" && !e.shiftKey) return { type: "skipKeypoint" };
      if (ctx.drafting === "skeleton") return { type: "removeLastPoint" };
      return e.shiftKey ? { type: "prev" } : { type: "next" };
    case "Delete":
    case "Backspace":
      if (ctx.drafting === "path" || ctx.drafting === "skeleton") return { type: "removeLastPoint" };
      if (ctx.drafting) return null;
      return e.shiftKey ? { type: "deleteTrack" } : { type: "delete" };
    case "ArrowLeft":
    case "ArrowRight":
    case "ArrowUp":
    case "ArrowDown": {
      const step = e.shiftKey ? 10 : 1;
      const dx = key === "ArrowLeft" ? -step : key === "ArrowRight" ? step : 0;
      const dy = key === "ArrowUp" ? -step : key === "ArrowDown" ? step : 0;
      return { type: "nudge", dx, dy };
    }
    case "+":
    case "=":
      return { type: "zoomIn" };
    case "-":
    case "_":
      return { type: "zoomOut" };
    case "?":
      return { type: "help" };
    case ",":
      return { type: "frame", delta: -1 };
    case ".":
      return { type: "frame", delta: 1 };
    case "<":
      return { type: "frame", delta: -10 };
    case ">":
      return { type: "frame", delta: 10 };
    case "[":
      return { type: "raise", delta: -1 };
    case "]":
      return { type: "raise", delta: 1 };
  }
  if (lower.length !== 1 || !/[a-z0-9]/.test(lower)) return null;
  if (!e.shiftKey) {
    const c = classForHotkey(usable(ctx.ontology, ctx.classes), lower);
    if (c) return { type: "class", classId: c.id };
    const cl = classificationForHotkey(ctx.ontology, lower);
    if (cl) return { type: "classification", classificationId: cl.id };
  }
  return LETTERS[lower] ?? null;
}

function usable(o: Ontology, classes: readonly string[] | undefined): Ontology {
  return classes ? { ...o, objects: o.objects.filter((c) => classes.includes(c.id)) } : o;
}

export interface Shortcut {
  keys: string;
  action: string;
}

/** letterKey is how the shortcut sheet writes one of the editor's letters for this ontology. */
function letterKey(ontology: Ontology, letter: string): string {
  const taken = !!classForHotkey(ontology, letter) || !!classificationForHotkey(ontology, letter);
  return taken ? `Shift+${letter.toUpperCase()}` : `${letter.toUpperCase()} or Shift+${letter.toUpperCase()}`;
}

/** shortcuts lists the keys in effect for an ontology, for the shortcut sheet (the hotkeys of classes first). */
export function shortcuts(all: Ontology, opts: { video?: boolean; mod?: string; classes?: readonly string[] } = {}): { group: string; items: Shortcut[] }[] {
  const mod = opts.mod ?? "Ctrl";
  const ontology = usable(all, opts.classes);
  const hot: Shortcut[] = [
    ...ontology.objects.filter((c) => c.hotkey).map((c) => ({ keys: c.hotkey!.toUpperCase(), action: `Draw ${c.name}` })),
    ...ontology.classifications.filter((c) => c.hotkey).map((c) => ({ keys: c.hotkey!.toUpperCase(), action: `Go to ${c.name}` })),
  ];
  const groups = [
    { group: "Ontology", items: hot },
    {
      group: "Objects",
      items: [
        { keys: "Tab / Shift+Tab", action: "Next / previous object" },
        { keys: "Delete", action: "Delete the selected object" },
        { keys: `${mod}+D`, action: "Duplicate" },
        { keys: "Arrows (Shift: ×10)", action: "Nudge by 1 pixel" },
        { keys: letterKey(ontology, "h"), action: "Hide or show" },
        { keys: letterKey(ontology, "l"), action: "Lock or unlock" },
        { keys: "[ / ]", action: "Send backward / bring forward" },
        { keys: letterKey(ontology, "v"), action: "Select tool" },
      ],
    },
    {
      group: "Drawing",
      items: [
        { keys: "Enter", action: "Finish a polygon, polyline or skeleton" },
        { keys: "Backspace", action: "Take back the last point" },
        { keys: "Tab", action: "Skip a skeleton point" },
        { keys: "Alt+click", action: "Place a skeleton point as hidden" },
        { keys: "Escape", action: "Cancel the drawing" },
      ],
    },
    {
      group: "View",
      items: [
        { keys: "+ / −", action: "Zoom in / out" },
        { keys: "Wheel", action: "Zoom at the cursor" },
        { keys: letterKey(ontology, "f"), action: "Fit to view" },
        { keys: "Space+drag, middle drag", action: "Pan" },
      ],
    },
    {
      group: "Task",
      items: [
        { keys: `${mod}+Z / Shift+${mod}+Z`, action: "Undo / redo" },
        { keys: "Enter", action: "Submit" },
        { keys: "Shift+Enter", action: "Skip" },
        { keys: "?", action: "This sheet" },
      ],
    },
  ];
  if (opts.video) {
    groups.splice(3, 0, {
      group: "Video",
      items: [
        { keys: ", / .", action: "Previous / next frame" },
        { keys: "< / >", action: "10 frames back / on" },
        { keys: letterKey(ontology, "k"), action: "Make a keyframe here" },
        { keys: "Shift+Delete", action: "Delete the whole track" },
      ],
    });
  }
  return groups.filter((g) => g.items.length > 0);
}
