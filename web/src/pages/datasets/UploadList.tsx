import { Button } from "../../components/Button";
import { CheckIcon } from "../../components/icons";
import { formatBytes, plural } from "../../lib/format";
import { CANCELED, percent, type Upload, type UploadSummary } from "../../lib/uploadQueue";

interface UploadListProps {
  uploads: readonly Upload[];
  summary: UploadSummary;
  onCancel: (id: number) => void;
  onRetry: (id: number) => void;
}

/** UploadList shows each file's progress, and the server's reason when it refused one. */
export function UploadList({ uploads, summary, onCancel, onRetry }: UploadListProps) {
  if (uploads.length === 0) return null;
  const left = summary.queued + summary.uploading;
  return (
    <div className="uploads">
      <p className="uploads-summary" aria-live="polite">
        {left > 0
          ? `Uploading ${plural(left, "file")}… ${Math.floor(summary.progress * 100)}%`
          : `${plural(summary.done, "file")} uploaded`}
        {summary.failed > 0 && <span className="uploads-failed"> · {summary.failed} failed</span>}
      </p>
      <ul className="upload-rows">
        {uploads.map((u) => (
          <UploadRow key={u.id} upload={u} onCancel={() => onCancel(u.id)} onRetry={() => onRetry(u.id)} />
        ))}
      </ul>
    </div>
  );
}

function UploadRow({ upload: u, onCancel, onRetry }: { upload: Upload; onCancel: () => void; onRetry: () => void }) {
  const pct = percent(u);
  let status;
  if (u.state === "queued") status = <span className="muted">Waiting</span>;
  else if (u.state === "uploading") status = <span className="muted">{pct < 100 ? `${pct}%` : "Processing…"}</span>;
  else if (u.state === "done")
    status = (
      <span className="upload-done">
        <CheckIcon /> Done
      </span>
    );
  else status = <span className="upload-failed">{u.error === CANCELED ? "Canceled" : "Failed"}</span>;
  return (
    <li className={`upload-row upload-row-${u.state}`} data-testid="upload-row" data-state={u.state} data-name={u.name}>
      <div className="upload-row-head">
        <span className="upload-name" title={u.name}>
          {u.name}
        </span>
        <span className="muted small cell-nowrap">{formatBytes(u.size)}</span>
        <span className="upload-status">{status}</span>
        {(u.state === "queued" || u.state === "uploading") && (
          <Button size="sm" variant="ghost" onClick={onCancel} aria-label={`Cancel ${u.name}`}>
            Cancel
          </Button>
        )}
        {u.state === "error" && (
          <Button size="sm" variant="ghost" onClick={onRetry} aria-label={`Retry ${u.name}`}>
            Retry
          </Button>
        )}
      </div>
      {u.state === "error" && u.error !== CANCELED && <p className="upload-error">{u.error}</p>}
      {u.state !== "error" && (
        <div className="progress" role="progressbar" aria-label={`Upload of ${u.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
          <div className="progress-bar" style={{ width: `${pct}%` }} />
        </div>
      )}
    </li>
  );
}
