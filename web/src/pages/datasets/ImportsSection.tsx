import { useState } from "react";
import { useImportPolling, useImports } from "../../api/imports";
import { Card } from "../../components/Card";
import { HardDriveIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState } from "../../components/States";
import { ImportForm } from "./ImportForm";
import { ImportList } from "./ImportList";

interface ImportsSectionProps {
  workspaceId: string;
  datasetId: string;
  /** Whether the user may start imports (editors and admins of the dataset). */
  canEdit: boolean;
  /** Where the dataset's objects live, as s3://bucket/prefix, when known. */
  location?: string;
}

/**
 * ImportsSection registers the objects already in the dataset's bucket, by
 * prefix or by manifest, and follows the imports: for datasets on a storage
 * integration only.
 */
export function ImportsSection({ workspaceId, datasetId, canEdit, location }: ImportsSectionProps) {
  const imports = useImports(workspaceId, datasetId);
  const pollErrors = useImportPolling(workspaceId, datasetId, imports.data ?? []);
  // Manifests counted before upload, by import id, for a bar that fills; for this visit only.
  const [totals, setTotals] = useState<Record<string, number>>({});

  let body;
  if (imports.isPending) body = <LoadingState label="Loading imports…" />;
  else if (imports.isError) body = <ErrorState error={imports.error} onRetry={() => void imports.refetch()} title="Could not load the imports" />;
  else if (imports.data.length === 0)
    body = (
      <EmptyState icon={<HardDriveIcon />} title="No imports yet">
        {canEdit ? "Register the objects under a prefix, or those a manifest names." : "Imports an editor starts show here, with their progress."}
      </EmptyState>
    );
  else body = <ImportList imports={imports.data} totals={totals} pollErrors={pollErrors} />;

  return (
    <Card
      title="Register from your bucket"
      description={
        <>
          Objects already in {location ? <code>{location}</code> : "the dataset's bucket"} become items where they are, without being copied.
          Registering an object twice adds it once.
        </>
      }
      flush
    >
      {canEdit && (
        <div className="card-section">
          <ImportForm
            workspaceId={workspaceId}
            datasetId={datasetId}
            location={location}
            onStarted={(imp, lines) => {
              if (lines !== undefined) setTotals((t) => ({ ...t, [imp.id]: lines }));
            }}
          />
        </div>
      )}
      {body}
    </Card>
  );
}
