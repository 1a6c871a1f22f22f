import type { Integration } from "../../api/client";
import { useCheckIntegration } from "../../api/storage";
import { asFormError } from "../../api/client";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { CheckIcon } from "../../components/icons";
import { formatDate } from "../../lib/format";
import { describeLocation, kindShortLabel } from "../../lib/storage";

interface IntegrationRowProps {
  workspaceId: string;
  integration: Integration;
  canManage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

/** IntegrationRow is one storage integration, with its connection test. */
export function IntegrationRow({ workspaceId, integration: g, canManage, onEdit, onDelete }: IntegrationRowProps) {
  const check = useCheckIntegration(workspaceId);
  return (
    <tr data-integration={g.name}>
      <td>
        <div className="stack-tight">
          <span className="row-title">{g.name}</span>
          <code className="muted small">{describeLocation(g.kind, g.config)}</code>
        </div>
      </td>
      <td>
        <Badge tone="accent">{kindShortLabel(g.kind)}</Badge>
      </td>
      <td className="cell-muted">{g.has_credentials ? "Stored, sealed" : "Server's environment"}</td>
      <td className="cell-check" data-testid="check-result" aria-live="polite">
        {check.isPending ? (
          <span className="muted">Testing…</span>
        ) : check.isError ? (
          <span className="check-bad">{asFormError(check.error).message}</span>
        ) : check.data ? (
          check.data.ok ? (
            <span className="check-ok">
              <CheckIcon /> Connected
            </span>
          ) : (
            <span className="check-bad">{check.data.problem || "The check failed."}</span>
          )
        ) : (
          <span className="muted">{formatDate(g.updated_at)}</span>
        )}
      </td>
      <td className="cell-actions">
        {canManage && (
          <>
            <Button size="sm" pending={check.isPending} onClick={() => check.mutate(g.id)}>
              Test connection
            </Button>
            <Button size="sm" variant="ghost" onClick={onEdit}>
              Edit
            </Button>
            <Button size="sm" variant="danger-ghost" onClick={onDelete}>
              Delete
            </Button>
          </>
        )}
      </td>
    </tr>
  );
}
