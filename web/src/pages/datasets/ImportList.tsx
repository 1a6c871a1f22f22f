import { asFormError, type Import } from "../../api/client";
import { Badge, type BadgeTone } from "../../components/Badge";
import { formatDate, plural, relativeTime } from "../../lib/format";
import {
  formatCount,
  importCounts,
  importDuration,
  importProgress,
  importSourceLabel,
  importStatusLabel,
  importSummary,
  isActive,
  refusedNote,
} from "../../lib/imports";

interface ImportListProps {
  imports: readonly Import[];
  /** The lines of the manifests counted before upload, by import id: they make the bar determinate. */
  totals?: Readonly<Record<string, number>>;
  /** Why an import's progress could not be fetched, by import id. */
  pollErrors?: Readonly<Record<string, unknown>>;
  now?: Date;
}

/** ImportList shows a dataset's recent imports, newest first: their counts rising while they run, then what they refused. */
export function ImportList({ imports, totals = {}, pollErrors = {}, now }: ImportListProps) {
  return (
    <ul className="import-rows">
      {imports.map((imp) => (
        <ImportRow key={imp.id} imp={imp} total={totals[imp.id]} pollError={pollErrors[imp.id]} now={now} />
      ))}
    </ul>
  );
}

function statusTone(imp: Import): BadgeTone {
  switch (imp.status) {
    case "running":
      return "accent";
    case "done":
      return imp.failed > 0 ? "warning" : "success";
    case "failed":
      return "danger";
    default:
      return "neutral";
  }
}

function ImportRow({ imp, total, pollError, now }: { imp: Import; total: number | undefined; pollError: unknown; now?: Date }) {
  const active = isActive(imp.status);
  const pct = importProgress(imp, total);
  const took = importDuration(imp);
  const refused = imp.errors ?? [];
  const byLine = imp.source === "manifest";
  return (
    <li className={`import-row import-row-${imp.status}`} data-testid="import-row" data-status={imp.status} data-id={imp.id}>
      <div className="import-row-head">
        <span className="import-source">
          {imp.source === "manifest" ? (
            "Manifest"
          ) : imp.prefix ? (
            <>
              Prefix <code>{imp.prefix}</code>
            </>
          ) : (
            "Whole bucket"
          )}
        </span>
        <span className="muted small cell-nowrap" title={formatDate(imp.created_at)}>
          Started {relativeTime(imp.created_at, now)}
          {took && ` · took ${took}`}
        </span>
        <Badge tone={statusTone(imp)}>{importStatusLabel(imp.status)}</Badge>
      </div>
      <dl className="import-counts" aria-live={active ? "polite" : undefined}>
        {importCounts(imp).map((c) => (
          <div key={c.key} className={c.key === "failed" && c.value > 0 ? "import-count import-count-bad" : "import-count"} data-count={c.key}>
            <dt>{c.label}</dt>
            <dd>{formatCount(c.value)}</dd>
          </div>
        ))}
      </dl>
      {active && (
        <div
          className={pct === null ? "progress progress-indeterminate" : "progress"}
          role="progressbar"
          aria-label={`Progress of the import: ${importSourceLabel(imp)}`}
          aria-valuemin={pct === null ? undefined : 0}
          aria-valuemax={pct === null ? undefined : 100}
          aria-valuenow={pct ?? undefined}
          aria-valuetext={importSummary(imp)}
        >
          <div className="progress-bar" style={pct === null ? undefined : { width: `${pct}%` }} />
        </div>
      )}
      {active && pollError !== undefined && <p className="upload-error">Could not check its progress: {asFormError(pollError).message}</p>}
      {imp.status === "failed" && (
        <p className="upload-error" data-testid="import-error">
          {imp.error || "The import stopped."}
        </p>
      )}
      {!active && refused.length > 0 && (
        <details className="import-refused">
          <summary>Show {plural(imp.failed, "refused row")}</summary>
          <div className="table-wrap">
            <table className="table table-compact">
              <thead>
                <tr>
                  {byLine && <th className="cell-num">Line</th>}
                  <th className="import-refused-key">Key</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {refused.map((e, i) => (
                  <tr key={i} data-testid="refused-row">
                    {byLine && <td className="cell-num">{e.line ?? "—"}</td>}
                    <td className="import-refused-key">{e.key ? <code>{e.key}</code> : "—"}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {refusedNote(imp) && <p className="muted small import-refused-note">{refusedNote(imp)}</p>}
        </details>
      )}
    </li>
  );
}
