import { useState } from "react";
import { asFormError, type Integration } from "../api/client";
import { useDeleteIntegration, useIntegrations } from "../api/storage";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Card, PageHeader } from "../components/Card";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { HardDriveIcon } from "../components/icons";
import { Modal } from "../components/Modal";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { useToast } from "../components/Toasts";
import { can } from "../lib/permissions";
import { IntegrationForm } from "./storage/IntegrationForm";
import { IntegrationRow } from "./storage/IntegrationRow";

export function StoragePage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const canManage = can(role, "storage.manage");
  const toast = useToast();
  return (
    <div className="page">
      <PageHeader
        title="Storage"
        description="Your own buckets, for datasets whose files must stay in them. Browsers fetch the files through short-lived signed links; datasets without a bucket use Loupe's own storage, encrypted at rest."
      />
      {canManage && (
        <Card title="Add storage" description="Then use Test connection to check that Loupe can reach the bucket.">
          <IntegrationForm workspaceId={workspaceId} onSaved={(g) => toast.success(`Storage “${g.name}” added`)} />
        </Card>
      )}
      <IntegrationsCard workspaceId={workspaceId} canManage={canManage} />
    </div>
  );
}

function IntegrationsCard({ workspaceId, canManage }: { workspaceId: string; canManage: boolean }) {
  const list = useIntegrations(workspaceId);
  const del = useDeleteIntegration(workspaceId);
  const toast = useToast();
  const [editing, setEditing] = useState<Integration | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);

  let body;
  if (list.isPending) body = <LoadingState label="Loading storage…" />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (list.items.length === 0)
    body = (
      <EmptyState icon={<HardDriveIcon />} title="No storage of your own yet">
        Datasets keep their files in Loupe&rsquo;s storage, encrypted. {canManage && "Add an S3, GCS or Azure bucket above to keep them in yours."}
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Credentials</th>
                <th>Connection</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((g) => (
                <IntegrationRow
                  key={g.id}
                  workspaceId={workspaceId}
                  integration={g}
                  canManage={canManage}
                  onEdit={() => setEditing(g)}
                  onDelete={() => {
                    del.reset();
                    setDeleting(g);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...list} />
      </>
    );

  return (
    <Card title="Storage integrations" flush>
      {body}
      {editing && (
        <Modal title={`Edit “${editing.name}”`} onClose={() => setEditing(null)}>
          <IntegrationForm
            workspaceId={workspaceId}
            integration={editing}
            onCancel={() => setEditing(null)}
            onSaved={(g) => {
              setEditing(null);
              toast.success(`Storage “${g.name}” saved`);
            }}
          />
        </Modal>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete “${deleting?.name}”?`}
        confirmLabel="Delete"
        pending={del.isPending}
        error={del.error ? asFormError(del.error).message : undefined}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const g = deleting;
          if (!g) return;
          del.mutate(g.id, {
            onSuccess: () => {
              setDeleting(null);
              toast.success(`Storage “${g.name}” deleted`);
            },
          });
        }}
      >
        Loupe forgets the bucket and its credentials; the files in it stay. Storage that datasets still use cannot be deleted.
      </ConfirmDialog>
    </Card>
  );
}
