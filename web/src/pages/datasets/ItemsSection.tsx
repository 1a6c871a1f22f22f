import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { asFormError, statusOf, type DatasetWithRole } from "../../api/client";
import { useItems } from "../../api/datasets";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ImageIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../../components/States";
import { plural } from "../../lib/format";
import { filterFromParams, isFiltered, withFilter, type ItemFilter } from "../../lib/itemFilter";
import { ItemCard } from "./ItemCard";
import { ItemFilters } from "./ItemFilters";
import { ItemViewer } from "./ItemViewer";

interface ItemsSectionProps {
  workspaceId: string;
  dataset: DatasetWithRole;
  canEdit: boolean;
}

/** ItemsSection is the filterable grid of a dataset's items, and the viewer of the one opened (?item=). */
export function ItemsSection({ workspaceId, dataset, canEdit }: ItemsSectionProps) {
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const items = useItems(workspaceId, dataset.id, filter);
  const openId = params.get("item");
  const filtered = isFiltered(filter);

  const setFilter = (f: ItemFilter) => setParams((p) => withFilter(p, f), { replace: true });
  const open = (id: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set("item", id);
        else next.delete("item");
        return next;
      },
      { replace: true },
    );

  // A refused metadata filter is the filter's fault: show it next to the field.
  const metadataError = items.isError && statusOf(items.error) === 422 ? asFormError(items.error).fields.metadata : undefined;

  let body;
  if (items.isPending) body = <LoadingState label="Loading items…" />;
  else if (items.isError && !metadataError) body = <ErrorState error={items.error} onRetry={() => void items.refetch()} />;
  else if (items.items.length === 0)
    body = filtered ? (
      <EmptyState title="No items match these filters" action={<Button onClick={() => setFilter({})}>Clear filters</Button>} />
    ) : (
      <EmptyState icon={<ImageIcon />} title="No items yet">
        {!canEdit
          ? "Items added to this dataset show here."
          : dataset.integration_id
            ? "Upload files or register your bucket's objects above: each becomes an item."
            : "Upload files above: each becomes an item."}
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="item-grid" data-testid="item-grid">
          {items.items.map((it) => (
            <ItemCard key={it.id} workspaceId={workspaceId} datasetId={dataset.id} item={it} onOpen={() => open(it.id)} />
          ))}
        </div>
        <LoadMore {...items} />
      </>
    );

  return (
    <Card
      title="Items"
      description={
        filtered
          ? `${plural(items.items.length, "item")} shown${items.hasNextPage ? " so far" : ""}, of ${plural(dataset.item_count, "item")}`
          : plural(dataset.item_count, "item")
      }
      flush
    >
      <div className="card-section">
        <ItemFilters filter={filter} onChange={setFilter} serverError={metadataError} />
      </div>
      {body}
      {openId && (
        <ItemViewer
          workspaceId={workspaceId}
          datasetId={dataset.id}
          itemId={openId}
          items={items.items}
          canEdit={canEdit}
          onNavigate={(id) => open(id)}
          onClose={() => open(null)}
        />
      )}
    </Card>
  );
}
