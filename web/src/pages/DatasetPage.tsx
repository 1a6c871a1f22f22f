import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useMe } from "../api/auth";
import { statusOf, type DatasetWithRole } from "../api/client";
import { useDataset } from "../api/datasets";
import { useAllIntegrations } from "../api/storage";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Badge } from "../components/Badge";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { ArrowLeftIcon, HardDriveIcon, LockIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState } from "../components/States";
import { datasetRoleLabel } from "../lib/items";
import { can, datasetAllows } from "../lib/permissions";
import { describeLocation, storageName } from "../lib/storage";
import { AccessSection } from "./datasets/AccessSection";
import { DeleteDatasetCard } from "./datasets/DeleteDatasetCard";
import { EditDatasetForm } from "./datasets/EditDatasetForm";
import { ImportsSection } from "./datasets/ImportsSection";
import { ItemsSection } from "./datasets/ItemsSection";
import { UploadPanel } from "./datasets/UploadPanel";

export function DatasetPage() {
  const { datasetId = "" } = useParams();
  // A new dataset starts afresh: its uploads, filters and forms.
  return <DatasetView key={datasetId} datasetId={datasetId} />;
}

function DatasetView({ datasetId }: { datasetId: string }) {
  const { workspaceId } = useCurrentWorkspace();
  const dataset = useDataset(workspaceId, datasetId);
  const back = (
    <Link to={`/w/${workspaceId}/datasets`} className="back-link">
      <ArrowLeftIcon /> Datasets
    </Link>
  );

  if (dataset.isPending) return <LoadingState label="Loading dataset…" />;
  if (dataset.isError) {
    return (
      <div className="page">
        <title>Dataset not found · Loupe</title>
        {back}
        {statusOf(dataset.error) === 404 ? (
          <div role="alert">
            <EmptyState title="Dataset not found">It does not exist, or you have not been given access to it.</EmptyState>
          </div>
        ) : (
          <ErrorState error={dataset.error} onRetry={() => void dataset.refetch()} title="Could not load this dataset" />
        )}
      </div>
    );
  }
  return <DatasetContent workspaceId={workspaceId} dataset={dataset.data} back={back} />;
}

function DatasetContent({ workspaceId, dataset: d, back }: { workspaceId: string; dataset: DatasetWithRole; back: ReactNode }) {
  const { role } = useCurrentWorkspace();
  const me = useMe();
  const integrations = useAllIntegrations(workspaceId, !!d.integration_id && can(role, "storage.list"));
  const [editing, setEditing] = useState(false);
  const canEdit = datasetAllows(d.my_role, "editor");
  const isAdmin = datasetAllows(d.my_role, "admin");
  const integration = integrations.data?.find((g) => g.id === d.integration_id);

  return (
    <div className="page">
      <PageHeader
        title={d.name}
        before={back}
        description={d.description || undefined}
        actions={
          canEdit &&
          !editing && (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit details
            </Button>
          )
        }
      />
      <div className="dataset-meta">
        <span className="meta-chip">
          {d.integration_id ? <HardDriveIcon /> : <LockIcon />}
          {storageName(d.integration_id, integrations.data)}
        </span>
        <span className="meta-chip">
          Your role <Badge tone={isAdmin ? "accent" : "neutral"}>{datasetRoleLabel(d.my_role)}</Badge>
        </span>
      </div>
      {editing && (
        <Card title="Edit details">
          <EditDatasetForm workspaceId={workspaceId} dataset={d} onDone={() => setEditing(false)} />
        </Card>
      )}
      {canEdit && <UploadPanel workspaceId={workspaceId} datasetId={d.id} />}
      {d.integration_id && (
        <ImportsSection
          workspaceId={workspaceId}
          datasetId={d.id}
          canEdit={canEdit}
          location={integration ? describeLocation(integration.kind, integration.config) : undefined}
        />
      )}
      <ItemsSection workspaceId={workspaceId} dataset={d} canEdit={canEdit} />
      {isAdmin && (
        <AccessSection workspaceId={workspaceId} datasetId={d.id} selfId={me.data?.user.id ?? ""} canList={can(role, "members.list")} />
      )}
      {isAdmin && <DeleteDatasetCard workspaceId={workspaceId} dataset={d} />}
    </div>
  );
}
