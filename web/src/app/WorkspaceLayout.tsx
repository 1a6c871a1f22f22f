import { useEffect, useMemo, useRef } from "react";
import { Link, Outlet, useParams } from "react-router";
import { useMe } from "../api/auth";
import { EmptyState, LoadingState } from "../components/States";
import { rememberWorkspace } from "./lastWorkspace";
import { WorkspaceContext } from "./workspaceContext";

/** WorkspaceLayout checks that the user belongs to /w/:workspaceId and provides it to the pages. */
export function WorkspaceLayout() {
  const { workspaceId = "" } = useParams();
  const me = useMe();
  const membership = me.data?.memberships.find((m) => m.workspace.id === workspaceId);
  const refetched = useRef<string | null>(null);

  useEffect(() => {
    if (membership) rememberWorkspace(workspaceId);
  }, [membership, workspaceId]);

  // A workspace just created or joined may not be in the cached memberships yet.
  useEffect(() => {
    if (!membership && me.data && refetched.current !== workspaceId) {
      refetched.current = workspaceId;
      void me.refetch();
    }
  }, [membership, me, workspaceId]);

  const value = useMemo(
    () => (membership ? { workspaceId, membership, role: membership.role } : null),
    [membership, workspaceId],
  );

  if (!value) {
    if (me.isFetching || refetched.current !== workspaceId) return <LoadingState />;
    return (
      <div className="page">
        <EmptyState title="Workspace not found" action={<Link to="/" className="btn btn-secondary">Go to my workspaces</Link>}>
          It does not exist, or you are not a member of it.
        </EmptyState>
      </div>
    );
  }
  return (
    <WorkspaceContext.Provider value={value}>
      <Outlet />
    </WorkspaceContext.Provider>
  );
}
