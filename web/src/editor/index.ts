// The annotation editor module: the component and its model.
export { Editor, type EditorProps } from "./Editor";
export * from "./model";
