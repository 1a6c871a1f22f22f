import { useState } from "react";
import { asFormError, type DatasetGrant } from "../../api/client";
import { useDatasetAccess, useGrantDatasetAccess, useRevokeDatasetAccess } from "../../api/datasets";
import { Card } from "../../components/Card";
import { FormAlert } from "../../components/Field";
import { UsersIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { GrantForm } from "./GrantForm";
import { GrantRow, grantLabel } from "./GrantRow";

interface AccessSectionProps {
  workspaceId: string;
  datasetId: string;
  selfId: string;
  canList: boolean;
}

/** AccessSection is the dataset's access list, for its admins. */
export function AccessSection({ workspaceId, datasetId, selfId, canList }: AccessSectionProps) {
  const access = useDatasetAccess(workspaceId, datasetId);
  const change = useGrantDatasetAccess(workspaceId, datasetId);
  const revoke = useRevokeDatasetAccess(workspaceId, datasetId);
  const toast = useToast();
  const [rowError, setRowError] = useState("");
  const target = (g: DatasetGrant) => (g.user ? { user_id: g.user.id } : { group_id: g.group?.id ?? "" });
  const key = (g: DatasetGrant) => g.user?.id ?? g.group?.id ?? "";
  const idOf = (t: object | undefined) => {
    const v = t as { user_id?: string; group_id?: string } | undefined;
    return v?.user_id ?? v?.group_id ?? "";
  };
  const busyId = change.isPending ? idOf(change.variables) : revoke.isPending ? idOf(revoke.variables) : "";

  function fail(g: DatasetGrant, verb: string) {
    return (e: unknown) => setRowError(`Could not ${verb} ${grantLabel(g)}: ${asFormError(e).message}`);
  }

  let body;
  if (access.isPending) body = <LoadingState label="Loading access…" />;
  else if (access.isError) body = <ErrorState error={access.error} onRetry={() => void access.refetch()} />;
  else if (access.data.length === 0)
    body = (
      <EmptyState icon={<UsersIcon />} title="No one has been given access">
        Workspace admins see every dataset; give others access above.
      </EmptyState>
    );
  else
    body = (
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Who</th>
              <th>Role</th>
              <th className="cell-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {access.data.map((g) => (
              <GrantRow
                key={key(g)}
                grant={g}
                isSelf={g.user?.id === selfId}
                saving={busyId !== "" && busyId === key(g)}
                onRole={(role) => {
                  setRowError("");
                  change.mutate(
                    { ...target(g), role },
                    { onSuccess: () => toast.success(`Updated ${grantLabel(g)}`), onError: fail(g, "update") },
                  );
                }}
                onRemove={() => {
                  setRowError("");
                  revoke.mutate(target(g), {
                    onSuccess: () => toast.success(`Removed ${grantLabel(g)}'s access`),
                    onError: fail(g, "remove"),
                  });
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <Card title="Access" description="Viewers see the items, editors also add and remove them, admins also manage access. Workspace admins may do everything." flush>
      <div className="card-section">
        <GrantForm workspaceId={workspaceId} datasetId={datasetId} canList={canList} />
      </div>
      {rowError && (
        <div className="card-alert">
          <FormAlert message={rowError} />
        </div>
      )}
      {body}
    </Card>
  );
}
