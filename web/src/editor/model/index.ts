// The editor's model: the label document, the editing state and its
// operations, geometry, view maths, video interpolation and local
// validation. Pure TypeScript: nothing here imports React or touches the DOM.
export * from "./types";
export * from "./geometry";
export * from "./view";
export * from "./values";
export * from "./text";
export * from "./video";
export * from "./ids";
export * from "./serialize";
export * from "./errors";
export * from "./validate";
export * from "./state";
export * from "./keys";
