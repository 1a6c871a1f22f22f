// A workspace's API keys, for its admins: who holds which, where it was used, and revoke.
import { useState } from "react";
import { useRevokeWorkspaceAPIKey, useWorkspaceAPIKeys } from "../api/apikeys";
import { asFormError, type WorkspaceAPIKey } from "../api/client";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Card, PageHeader } from "../components/Card";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { LockIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { useToast } from "../components/Toasts";
import { maskedKey } from "../lib/apikeys";
import { KeyRow } from "./account/APIKeysSection";

export function WorkspaceAPIKeysPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const isAdmin = role === "admin";
  const keys = useWorkspaceAPIKeys(workspaceId, isAdmin);
  const revoke = useRevokeWorkspaceAPIKey(workspaceId);
  const toast = useToast();
  const [revoking, setRevoking] = useState<WorkspaceAPIKey | null>(null);

  let body;
  if (!isAdmin) body = <p className="notice">Only workspace admins see the workspace&rsquo;s API keys. Your own are under My account.</p>;
  else if (keys.isPending) body = <LoadingState label="Loading API keys…" />;
  else if (keys.isError) body = <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  else if (keys.items.length === 0)
    body = (
      <EmptyState icon={<LockIcon />} title="No API keys">
        Members create keys under My account; each is bound to one workspace, and this workspace&rsquo;s appear here.
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Key</th>
                <th>Owner</th>
                <th>Scope</th>
                <th>Last used</th>
                <th>Expires</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.items.map((k) => (
                <KeyRow key={k.id} k={k} owner={k.owner.name || k.owner.email} onRevoke={() => setRevoking(k)} />
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...keys} />
      </>
    );

  return (
    <div className="page">
      <PageHeader
        title="API keys"
        description="Keys bound to this workspace. Each acts as its owner, never beyond the owner's current role, and stops at once when revoked or when its owner leaves."
      />
      <Card flush>{body}</Card>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.owner.name || revoking?.owner.email}’s key “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        error={revoke.error ? asFormError(revoke.error).message : undefined}
        onCancel={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              toast.success(`Revoked ${revoking.name}`);
              setRevoking(null);
            },
          })
        }
      >
        Programs that use <code>{revoking && maskedKey(revoking.prefix)}</code> get 401 from their next call. The owner is not told; the audit log
        records it.
      </ConfirmDialog>
    </div>
  );
}
