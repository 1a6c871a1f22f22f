import { useId, useRef, useState, type DragEvent } from "react";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { TextAreaField } from "../../components/Field";
import { UploadIcon } from "../../components/icons";
import { parseMetadataJSON } from "../../lib/metadata";
import { UploadList } from "./UploadList";
import { useUploads } from "./useUploads";

/** UploadPanel takes files by drag-and-drop or the file picker and uploads them, three at a time. */
export function UploadPanel({ workspaceId, datasetId }: { workspaceId: string; datasetId: string }) {
  const { queue, uploads, summary } = useUploads(workspaceId, datasetId);
  const [metadata, setMetadata] = useState("");
  const [metaError, setMetaError] = useState("");
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const inputId = useId();

  function add(list: FileList | null) {
    const files = Array.from(list ?? []);
    if (files.length === 0) return;
    const meta = parseMetadataJSON(metadata);
    if (!meta.ok) {
      setMetaError(`${meta.error}. Fix it, then add the files again.`);
      return;
    }
    setMetaError("");
    const text = meta.value ? JSON.stringify(meta.value) : undefined;
    queue.add(files.map((file) => ({ name: file.name, size: file.size, job: { file, metadata: text } })));
  }

  const drag = {
    onDragEnter: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      depth.current++;
      setDragging(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      add(e.dataTransfer.files);
    },
  };

  return (
    <Card
      title="Upload"
      description="Images, video, audio, UTF-8 text and PDFs, one item per file."
      actions={
        summary.done + summary.failed > 0 && (
          <Button size="sm" variant="ghost" onClick={() => queue.clearFinished()}>
            Clear finished
          </Button>
        )
      }
    >
      <div className="upload">
        <div className={dragging ? "dropzone is-dragging" : "dropzone"} {...drag}>
          <UploadIcon />
          <p>
            Drop files here, or{" "}
            <label htmlFor={inputId} className="link-button">
              choose files
            </label>
          </p>
          <input
            id={inputId}
            type="file"
            multiple
            data-testid="upload-input"
            className="visually-hidden"
            onChange={(e) => {
              add(e.currentTarget.files);
              e.currentTarget.value = "";
            }}
          />
        </div>
        <TextAreaField
          name="upload_metadata"
          label="Metadata for the next files"
          rows={2}
          spellCheck={false}
          value={metadata}
          onChange={(e) => {
            setMetadata(e.target.value);
            setMetaError("");
          }}
          placeholder='{"camera": "front", "split": "train"}'
          hint="Optional: a JSON object stored with each file added from now on."
          error={metaError}
        />
        <UploadList uploads={uploads} summary={summary} onCancel={(id) => queue.cancel(id)} onRetry={(id) => queue.retry(id)} />
      </div>
    </Card>
  );
}
