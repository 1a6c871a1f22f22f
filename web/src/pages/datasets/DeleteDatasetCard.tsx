import { useState } from "react";
import { useNavigate } from "react-router";
import { asFormError, type DatasetWithRole } from "../../api/client";
import { useDeleteDataset } from "../../api/datasets";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useToast } from "../../components/Toasts";
import { plural } from "../../lib/format";

/** DeleteDatasetCard is the danger zone of a dataset, for its admins. */
export function DeleteDatasetCard({ workspaceId, dataset }: { workspaceId: string; dataset: DatasetWithRole }) {
  const del = useDeleteDataset(workspaceId, dataset.id);
  const toast = useToast();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  // Loupe deletes only what it stored: a customer's own objects stay in their bucket.
  const consequence = dataset.integration_id
    ? "are removed from Loupe; files uploaded through Loupe are deleted from your bucket, your own objects stay"
    : "and their files are deleted from Loupe's storage";
  return (
    <Card title="Danger zone">
      <div className="danger-zone danger-zone-flat">
        <div>
          <strong>Delete this dataset</strong>
          <p className="muted">
            Its {plural(dataset.item_count, "item")} {consequence}.
          </p>
        </div>
        <Button
          variant="danger"
          onClick={() => {
            del.reset();
            setConfirming(true);
          }}
        >
          Delete dataset
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${dataset.name}”?`}
        confirmLabel="Delete"
        pending={del.isPending}
        error={del.error ? asFormError(del.error).message : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          del.mutate(undefined, {
            onSuccess: () => {
              toast.success(`Dataset “${dataset.name}” deleted`);
              navigate(`/w/${workspaceId}/datasets`, { replace: true });
            },
          })
        }
      >
        {plural(dataset.item_count, "item")} {consequence}. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
