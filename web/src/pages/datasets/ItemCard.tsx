import { useRef, useState } from "react";
import type { DataItem } from "../../api/client";
import { useItemURL } from "../../api/datasets";
import { itemFacts, itemTypeLabel } from "../../lib/items";
import { isFresh } from "../../lib/signedUrl";
import { TypeIcon } from "./TypeIcon";
import { useInView } from "./useInView";

interface ItemCardProps {
  workspaceId: string;
  datasetId: string;
  item: DataItem;
  onOpen: () => void;
}

/** ItemCard is one item of the grid: a thumbnail for images, the type's icon otherwise. */
export function ItemCard({ workspaceId, datasetId, item, onOpen }: ItemCardProps) {
  return (
    <figure className="item-card" data-testid="item-card" data-name={item.name} data-type={item.type}>
      <button type="button" className="item-thumb" onClick={onOpen} aria-label={`Open ${item.name}`}>
        {item.type === "image" ? (
          <Thumbnail workspaceId={workspaceId} datasetId={datasetId} item={item} />
        ) : (
          <TypeIcon type={item.type} className="item-type-icon" />
        )}
      </button>
      <figcaption className="item-caption">
        <span className="item-name" title={item.name}>
          {item.name}
        </span>
        <span className="item-facts">
          {itemTypeLabel(item.type)} · {itemFacts(item).join(" · ")}
        </span>
      </figcaption>
    </figure>
  );
}

/**
 * Thumbnail fetches the image's signed URL once the card nears the viewport.
 * Until the image has loaded it keeps the URL fresh; after, it keeps the
 * URL it loaded from, as the browser needs no other.
 */
function Thumbnail({ workspaceId, datasetId, item }: Omit<ItemCardProps, "onOpen">) {
  const ref = useRef<HTMLSpanElement>(null);
  const inView = useInView(ref);
  const [shown, setShown] = useState<string>();
  const [failures, setFailures] = useState(0);
  const url = useItemURL(workspaceId, datasetId, item.id, { enabled: inView && !shown, keepFresh: !shown });
  const src = shown ?? (isFresh(url.data, Date.now()) ? url.data.url : undefined);
  const broken = failures > 1 || url.isError;

  return (
    <span ref={ref} className="item-thumb-frame">
      {src && !broken ? (
        <img
          src={src}
          alt=""
          decoding="async"
          onLoad={(e) => setShown(e.currentTarget.getAttribute("src") ?? undefined)}
          onError={() => {
            // Perhaps the URL expired on the way: one more try with a new one.
            setFailures((n) => n + 1);
            if (failures === 0) void url.refetch();
          }}
        />
      ) : (
        <TypeIcon type={item.type} className={broken ? "item-type-icon" : "item-type-icon is-loading"} />
      )}
    </span>
  );
}
