import { Link } from "react-router";
import { useDatasets } from "../api/datasets";
import { useAllIntegrations } from "../api/storage";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Card, PageHeader } from "../components/Card";
import { DatabaseIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { formatDate } from "../lib/format";
import { can } from "../lib/permissions";
import { storageName } from "../lib/storage";
import { CreateDatasetForm } from "./datasets/CreateDatasetForm";

export function DatasetsPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const datasets = useDatasets(workspaceId);
  const integrations = useAllIntegrations(workspaceId, can(role, "storage.list"));
  const canCreate = can(role, "datasets.create");

  let body;
  if (datasets.isPending) body = <LoadingState label="Loading datasets…" />;
  else if (datasets.isError) body = <ErrorState error={datasets.error} onRetry={() => void datasets.refetch()} />;
  else if (datasets.items.length === 0)
    body = (
      <EmptyState icon={<DatabaseIcon />} title="No datasets yet">
        {canCreate
          ? "A dataset holds the images, videos, audio, text and documents to label. Create one above, then upload files to it."
          : "Datasets you are given access to show here."}
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
                <th className="cell-num">Items</th>
                <th>Storage</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {datasets.items.map((d) => (
                <tr key={d.id} data-dataset={d.name}>
                  <td>
                    <Link to={d.id} className="row-link">
                      {d.name}
                    </Link>
                    {d.description && <div className="muted small clamp-1">{d.description}</div>}
                  </td>
                  <td className="cell-num">{d.item_count.toLocaleString("en")}</td>
                  <td className="cell-muted">{storageName(d.integration_id, integrations.data)}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(d.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...datasets} />
      </>
    );

  return (
    <div className="page">
      <PageHeader title="Datasets" description="The data to label: files and their metadata, each dataset with its own access list." />
      {canCreate && (
        <Card title="New dataset">
          <CreateDatasetForm workspaceId={workspaceId} integrations={integrations.data} />
        </Card>
      )}
      <Card title="All datasets" description="The datasets you may see." flush>
        {body}
      </Card>
    </div>
  );
}
