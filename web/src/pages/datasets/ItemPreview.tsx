import { useEffect, useRef, useState } from "react";
import type { DataItem } from "../../api/client";
import { useItemText, useItemURL } from "../../api/datasets";
import { Spinner } from "../../components/Spinner";
import { ErrorState } from "../../components/States";
import { DownloadIcon, ExternalLinkIcon } from "../../components/icons";
import { TypeIcon } from "./TypeIcon";

interface ItemPreviewProps {
  workspaceId: string;
  datasetId: string;
  item: DataItem;
}

/** ItemPreview shows the item's file, through a signed URL kept fresh while it is open. */
export function ItemPreview({ workspaceId, datasetId, item }: ItemPreviewProps) {
  const url = useItemURL(workspaceId, datasetId, item.id);
  if (url.isPending) {
    return (
      <div className="preview preview-center">
        <Spinner size="lg" label="Loading the file" />
      </div>
    );
  }
  if (url.isError) return <ErrorState error={url.error} onRetry={() => void url.refetch()} title="Could not open the file" />;
  const href = url.data.url;
  return (
    <div className="preview-wrap">
      <div className={`preview preview-for-${item.type}`}>
        <FileView workspaceId={workspaceId} datasetId={datasetId} item={item} url={href} />
      </div>
      <div className="preview-links">
        <a className="btn btn-sm btn-ghost" href={href} target="_blank" rel="noopener noreferrer">
          <ExternalLinkIcon /> Open in a new tab
        </a>
        <a className="btn btn-sm btn-ghost" href={href} download={item.name}>
          <DownloadIcon /> Download
        </a>
      </div>
    </div>
  );
}

function FileView({ workspaceId, datasetId, item, url }: ItemPreviewProps & { url: string }) {
  switch (item.type) {
    case "image":
      return <img className="preview-image" src={url} alt={item.name} />;
    case "video":
    case "audio":
      return <Media key={item.id} kind={item.type} url={url} />;
    case "text":
      return <TextPreview workspaceId={workspaceId} datasetId={datasetId} item={item} url={url} />;
    default:
      return <DocumentPreview item={item} />;
  }
}

/**
 * Media plays video or audio. It keeps the URL it started with, so that a
 * refreshed URL does not restart playback; if that URL fails (it expired and
 * the player needed another range), it moves to the fresh one and resumes.
 */
function Media({ kind, url }: { kind: "video" | "audio"; url: string }) {
  const [src, setSrc] = useState(url);
  const latest = useRef(url);
  const resumeAt = useRef(0);
  useEffect(() => {
    latest.current = url;
  }, [url]);
  const props = {
    src,
    controls: true,
    preload: "metadata",
    onError: (e: { currentTarget: HTMLMediaElement }) => {
      if (latest.current === src) return;
      resumeAt.current = e.currentTarget.currentTime;
      setSrc(latest.current);
    },
    onLoadedMetadata: (e: { currentTarget: HTMLMediaElement }) => {
      if (resumeAt.current > 0) {
        e.currentTarget.currentTime = resumeAt.current;
        resumeAt.current = 0;
      }
    },
  };
  return kind === "video" ? <video className="preview-video" {...props} /> : <audio className="preview-audio" {...props} />;
}

function TextPreview({ workspaceId, datasetId, item, url }: ItemPreviewProps & { url: string }) {
  const text = useItemText(workspaceId, datasetId, item.id, url, item.size);
  if (text.isPending) return <Spinner size="lg" label="Loading the text" />;
  if (text.isError) return <ErrorState error={text.error} onRetry={() => void text.refetch()} title="Could not load the text" />;
  return (
    <div className="text-preview-wrap">
      <pre className="text-preview">{text.data.text}</pre>
      {text.data.truncated && <p className="muted small">Only the beginning of the file is shown; download it to read it all.</p>}
    </div>
  );
}

/**
 * DocumentPreview stands in for PDFs: Loupe serves files sandboxed and never
 * inside a frame, so the browser's PDF viewer cannot show them in the page.
 */
function DocumentPreview({ item }: { item: DataItem }) {
  return (
    <div className="preview-document">
      <TypeIcon type={item.type} className="item-type-icon" />
      <p>
        <strong>{item.name}</strong>
      </p>
      <p className="muted">Documents cannot be shown inside the page. Download it to read it.</p>
    </div>
  );
}
