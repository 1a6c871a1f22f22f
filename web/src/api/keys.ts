// Query keys, in one place so invalidation stays consistent.
export const keys = {
  setup: ["setup"] as const,
  me: ["me"] as const,
  sessions: ["me", "sessions"] as const,
  workspace: (ws: string) => ["workspaces", ws] as const,
  members: (ws: string) => ["workspaces", ws, "members"] as const,
  allMembers: (ws: string) => ["workspaces", ws, "members", "all"] as const,
  invitations: (ws: string) => ["workspaces", ws, "invitations"] as const,
  groups: (ws: string) => ["workspaces", ws, "groups"] as const,
  group: (ws: string, g: string) => ["workspaces", ws, "groups", g] as const,
  groupMembers: (ws: string, g: string) => ["workspaces", ws, "groups", g, "members"] as const,
  allGroups: (ws: string) => ["workspaces", ws, "groups", "all"] as const,
  integrations: (ws: string) => ["workspaces", ws, "integrations"] as const,
  allIntegrations: (ws: string) => ["workspaces", ws, "integrations", "all"] as const,
  datasets: (ws: string) => ["workspaces", ws, "datasets"] as const,
  dataset: (ws: string, ds: string) => ["workspaces", ws, "datasets", ds] as const,
  datasetAccess: (ws: string, ds: string) => ["workspaces", ws, "datasets", ds, "access"] as const,
  /** Every list and item of a dataset; signed URLs live apart, so refreshing lists keeps them. */
  items: (ws: string, ds: string) => ["workspaces", ws, "datasets", ds, "items"] as const,
  itemList: (ws: string, ds: string, filter: object) => ["workspaces", ws, "datasets", ds, "items", "list", filter] as const,
  item: (ws: string, ds: string, id: string) => ["workspaces", ws, "datasets", ds, "items", "one", id] as const,
  itemUrl: (ws: string, ds: string, id: string) => ["workspaces", ws, "datasets", ds, "item-urls", id] as const,
  itemText: (ws: string, ds: string, id: string) => ["workspaces", ws, "datasets", ds, "item-text", id] as const,
  /** A dataset's recent imports; each polled import lives under it, so invalidate the list with exact. */
  imports: (ws: string, ds: string) => ["workspaces", ws, "datasets", ds, "imports"] as const,
  import: (ws: string, ds: string, id: string) => ["workspaces", ws, "datasets", ds, "imports", id] as const,
  invitation: (token: string) => ["invitation", token] as const,
};
