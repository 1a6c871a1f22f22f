import type { ReactNode } from "react";
import type { DataItem } from "../../api/client";
import { formatBytes, formatDate, formatDuration } from "../../lib/format";
import { dimensions, itemTypeLabel } from "../../lib/items";
import { isMetadata } from "../../lib/metadata";

/** ItemDetails lists an item's technical fields and its metadata. */
export function ItemDetails({ item }: { item: DataItem }) {
  const facts: [string, ReactNode][] = [
    ["Type", itemTypeLabel(item.type)],
    ["MIME type", <code key="mime">{item.mime}</code>],
    ["Size", `${formatBytes(item.size)} (${item.size.toLocaleString("en")} bytes)`],
  ];
  const dim = dimensions(item);
  if (dim) facts.push(["Dimensions", `${dim} px`]);
  if (item.duration_ms != null) facts.push(["Duration", formatDuration(item.duration_ms)]);
  if (item.fps != null) facts.push(["Frame rate", `${Math.round(item.fps * 100) / 100} fps`]);
  if (item.frame_count != null) facts.push(["Frames", item.frame_count.toLocaleString("en")]);
  facts.push(
    ["Encrypted at rest", item.encrypted ? "Yes, by Loupe" : "No (your bucket's own settings apply)"],
    ["Added", formatDate(item.created_at)],
    ["SHA-256", <code key="sha" className="break-all">{item.sha256}</code>],
    ["ID", <code key="id" className="break-all">{item.id}</code>],
  );
  const meta = isMetadata(item.metadata) ? item.metadata : {};
  return (
    <div className="item-details">
      <section>
        <h3 className="section-title">Metadata</h3>
        {Object.keys(meta).length > 0 ? (
          <pre className="json" data-testid="item-metadata">
            {JSON.stringify(meta, null, 2)}
          </pre>
        ) : (
          <p className="muted">No metadata.</p>
        )}
      </section>
      <section>
        <h3 className="section-title">File</h3>
        <dl className="facts">
          {facts.map(([k, v]) => (
            <div key={k} className="fact">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
