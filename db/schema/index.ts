export * from "./users";
export * from "./projects";
export * from "./labels";
export * from "./documents";
export * from "./annotations";
export * from "./review";
export * from "./audit";
