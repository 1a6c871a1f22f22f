import { createContext, useContext } from "react";
import type { Membership, Role } from "../api/client";

export interface WorkspaceContextValue {
  workspaceId: string;
  membership: Membership;
  role: Role;
}

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

/** useCurrentWorkspace gives the workspace of the /w/:workspaceId page being shown. */
export function useCurrentWorkspace(): WorkspaceContextValue {
  const v = useContext(WorkspaceContext);
  if (!v) throw new Error("useCurrentWorkspace must be used below /w/:workspaceId");
  return v;
}
