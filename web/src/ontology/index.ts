// The ontology editor module: the component, its model and the document types.
export { OntologyEditor, type OntologyEditorProps } from "./OntologyEditor";
export * from "./model";
export * from "./types";
