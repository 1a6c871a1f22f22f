import { useState } from "react";
import { asFormError } from "../api/client";
import { exportURL, useAuditAnchor, useAuditLog, useVerifyAudit, type AuditFilter } from "../api/audit";
import { useAllMembers } from "../api/workspaces";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Badge } from "../components/Badge";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { CopyButton } from "../components/CopyButton";
import { FormAlert } from "../components/Field";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { compactDetail, dayRange, describeAction, KNOWN_ACTIONS } from "../lib/audit";
import { formatDate } from "../lib/format";
import { can } from "../lib/permissions";

const TARGETS = ["workspace", "user", "invitation", "group", "integration", "dataset", "item", "ontology", "project"];

export function AuditPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  if (!can(role, "audit.read")) {
    return (
      <div className="page">
        <PageHeader title="Audit log" />
        <EmptyState title="Only admins read the audit log">Ask a workspace admin for what you need from it.</EmptyState>
      </div>
    );
  }
  return <AuditView workspaceId={workspaceId} />;
}

function AuditView({ workspaceId }: { workspaceId: string }) {
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [target, setTarget] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const range = dayRange(fromDay, toDay);
  const filter: AuditFilter = {
    ...(action && { action }),
    ...(actor && { actor_id: actor }),
    ...(target && { target_type: target }),
    ...range,
  };
  const log = useAuditLog(workspaceId, filter);
  const members = useAllMembers(workspaceId);

  let body;
  if (log.isPending) body = <LoadingState label="Loading the audit log…" />;
  else if (log.isError) body = <ErrorState error={log.error} onRetry={() => void log.refetch()} />;
  else if (log.items.length === 0) body = <EmptyState title="Nothing recorded">No entry matches these filters.</EmptyState>;
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table audit-table">
            <thead>
              <tr>
                <th className="cell-num">#</th>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Detail</th>
                <th>From</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((e) => (
                <tr key={e.seq} data-audit={e.action}>
                  <td className="cell-num cell-muted">{e.seq}</td>
                  <td className="cell-nowrap cell-muted">{formatDate(e.at)}</td>
                  <td className="cell-nowrap">{e.actor_email || <span className="muted">—</span>}</td>
                  <td>
                    {describeAction(e.action)}{" "}
                    <Badge>{e.target_type}</Badge>
                    <div className="muted small mono clamp-1" title={e.target_id}>
                      {e.action}
                    </div>
                  </td>
                  <td className="small audit-detail" title={JSON.stringify(e.detail)}>
                    {compactDetail(e.detail)}
                  </td>
                  <td className="cell-muted small mono">{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...log} />
      </>
    );

  return (
    <div className="page page-wide">
      <title>Audit log · Loupe</title>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where. Each entry carries the hash of the one before it, so an entry altered or removed afterwards breaks the chain."
        actions={
          <a className="btn btn-secondary" href={exportURL(workspaceId, range)} download>
            Export JSON Lines
          </a>
        }
      />
      <div className="audit-tools">
        <VerifyCard workspaceId={workspaceId} />
        <AnchorCard workspaceId={workspaceId} />
      </div>
      <Card title="Entries" flush>
        <div className="audit-filters">
          <label className="field">
            <span>Action</span>
            <select className="input" value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">Any action</option>
              {KNOWN_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Who</span>
            <select className="input" value={actor} onChange={(e) => setActor(e.target.value)}>
              <option value="">Anyone</option>
              {(members.data ?? []).map((m) => (
                <option key={m.user.id} value={m.user.id}>
                  {m.user.name} ({m.user.email})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>About</span>
            <select className="input" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Anything</option>
              {TARGETS.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>From</span>
            <input className="input" type="date" value={fromDay} onChange={(e) => setFromDay(e.target.value)} />
          </label>
          <label className="field">
            <span>To</span>
            <input className="input" type="date" value={toDay} onChange={(e) => setToDay(e.target.value)} />
          </label>
        </div>
        {body}
      </Card>
    </div>
  );
}

function VerifyCard({ workspaceId }: { workspaceId: string }) {
  const verify = useVerifyAudit(workspaceId);
  const r = verify.data;
  return (
    <Card title="Verify the chain" description="Recomputes every entry's hash from the first.">
      <FormAlert message={verify.error ? asFormError(verify.error).message : undefined} />
      {r && (
        <p className={r.intact ? "notice" : "notice notice-warning"} role="status" data-testid="audit-verify">
          {r.intact
            ? `Intact: all ${r.entries.toLocaleString("en")} entries are as they were written.`
            : `Broken at entry ${r.broken_at}: ${r.reason}`}
        </p>
      )}
      <Button onClick={() => verify.mutate()} pending={verify.isPending}>
        Verify now
      </Button>
    </Card>
  );
}

function AnchorCard({ workspaceId }: { workspaceId: string }) {
  const [day, setDay] = useState(new Date().toISOString().slice(0, 10));
  const anchor = useAuditAnchor(workspaceId, day);
  return (
    <Card title="Daily anchor" description="The hash of a day's last entry. Keep it elsewhere: it later proves that nothing up to it changed.">
      <label className="field">
        <span>Day (UTC)</span>
        <input className="input" type="date" value={day} onChange={(e) => setDay(e.target.value)} />
      </label>
      {anchor.isError ? (
        <p className="muted">No entries up to that day.</p>
      ) : anchor.data ? (
        <div className="audit-anchor">
          <code className="mono small" data-testid="audit-anchor">
            #{anchor.data.seq} {anchor.data.hash}
          </code>
          <CopyButton text={`${anchor.data.date} #${anchor.data.seq} ${anchor.data.hash}`} />
        </div>
      ) : null}
    </Card>
  );
}
