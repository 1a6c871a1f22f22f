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
  invitation: (token: string) => ["invitation", token] as const,
};
