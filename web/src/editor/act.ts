import type { EditorState } from "./model";

/** Act applies a model operation to the editor's state; panels and the canvas change the state only through it. */
export type Act = (fn: (s: EditorState) => EditorState) => void;
