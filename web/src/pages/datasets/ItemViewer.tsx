import { useState, type KeyboardEvent } from "react";
import { asFormError, statusOf, type DataItem } from "../../api/client";
import { useDeleteItem, useItem } from "../../api/datasets";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ChevronLeftIcon, ChevronRightIcon } from "../../components/icons";
import { Modal } from "../../components/Modal";
import { ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { ItemDetails } from "./ItemDetails";
import { ItemPreview } from "./ItemPreview";

interface ItemViewerProps {
  workspaceId: string;
  datasetId: string;
  itemId: string;
  /** The grid's items, to step through with ← and →. */
  items: readonly DataItem[];
  canEdit: boolean;
  onNavigate: (id: string) => void;
  onClose: () => void;
}

/** ItemViewer shows one item in a modal: its file, metadata and technical fields. */
export function ItemViewer({ workspaceId, datasetId, itemId, items, canEdit, onNavigate, onClose }: ItemViewerProps) {
  const index = items.findIndex((it) => it.id === itemId);
  // An item opened from a link may not be among the loaded ones.
  const fetched = useItem(workspaceId, datasetId, itemId, index < 0);
  const item = index >= 0 ? items[index] : fetched.data;
  const prev = index > 0 ? items[index - 1] : undefined;
  const next = index >= 0 && index < items.length - 1 ? items[index + 1] : undefined;

  function onKeyDown(e: KeyboardEvent) {
    const t = e.target as HTMLElement;
    if (t.closest("input, textarea, select, video, audio")) return;
    if (e.key === "ArrowLeft" && prev) onNavigate(prev.id);
    else if (e.key === "ArrowRight" && next) onNavigate(next.id);
  }

  const nav = (
    <>
      <Button size="sm" variant="ghost" disabled={!prev} onClick={() => prev && onNavigate(prev.id)} aria-label="Previous item">
        <ChevronLeftIcon />
      </Button>
      <Button size="sm" variant="ghost" disabled={!next} onClick={() => next && onNavigate(next.id)} aria-label="Next item">
        <ChevronRightIcon />
      </Button>
    </>
  );

  let body;
  if (item) body = <ViewerBody key={item.id} workspaceId={workspaceId} datasetId={datasetId} item={item} canEdit={canEdit} onDeleted={onClose} />;
  else if (fetched.isError)
    body = (
      <ErrorState
        error={fetched.error}
        title={statusOf(fetched.error) === 404 ? "Item not found" : "Could not load this item"}
        onRetry={statusOf(fetched.error) === 404 ? undefined : () => void fetched.refetch()}
      />
    );
  else body = <LoadingState label="Loading the item…" />;

  return (
    <Modal title={item?.name ?? "Item"} onClose={onClose} size="lg" actions={index >= 0 ? nav : undefined} onKeyDown={onKeyDown}>
      <div className="viewer" data-testid="item-viewer">
        {body}
      </div>
    </Modal>
  );
}

function ViewerBody({
  workspaceId,
  datasetId,
  item,
  canEdit,
  onDeleted,
}: {
  workspaceId: string;
  datasetId: string;
  item: DataItem;
  canEdit: boolean;
  onDeleted: () => void;
}) {
  const del = useDeleteItem(workspaceId, datasetId);
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="viewer-grid">
      <ItemPreview workspaceId={workspaceId} datasetId={datasetId} item={item} />
      <aside className="viewer-side">
        <ItemDetails item={item} />
        {canEdit && (
          <div className="viewer-actions">
            <Button
              variant="danger-ghost"
              onClick={() => {
                del.reset();
                setConfirming(true);
              }}
            >
              Delete item
            </Button>
          </div>
        )}
      </aside>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${item.name}”?`}
        confirmLabel="Delete"
        pending={del.isPending}
        error={del.error ? asFormError(del.error).message : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          del.mutate(item.id, {
            onSuccess: () => {
              setConfirming(false);
              toast.success(`“${item.name}” deleted`);
              onDeleted();
            },
          })
        }
      >
        The file and its metadata are deleted. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
