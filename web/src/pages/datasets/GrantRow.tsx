import type { DatasetGrant, DatasetRole } from "../../api/client";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { GroupIcon } from "../../components/icons";
import { Spinner } from "../../components/Spinner";
import { datasetRoleLabel } from "../../lib/items";
import { DATASET_ROLES } from "../../lib/permissions";

export interface GrantRowProps {
  grant: DatasetGrant;
  isSelf: boolean;
  saving: boolean;
  onRole: (role: DatasetRole) => void;
  onRemove: () => void;
}

/** grantLabel names whom a grant is for. */
export function grantLabel(g: DatasetGrant): string {
  return g.user ? g.user.name || g.user.email : (g.group?.name ?? "—");
}

/** GrantRow is one line of a dataset's access list; its role select saves on change. */
export function GrantRow({ grant: g, isSelf, saving, onRole, onRemove }: GrantRowProps) {
  const label = grantLabel(g);
  return (
    <tr data-email={g.user?.email} data-group={g.group?.name}>
      <td>
        {g.user ? (
          <div className="person">
            <Avatar name={g.user.name} email={g.user.email} size="sm" />
            <div>
              <div className="person-name">
                {g.user.name || g.user.email} {isSelf && <Badge tone="accent">You</Badge>}
              </div>
              {g.user.name && <div className="person-email">{g.user.email}</div>}
            </div>
          </div>
        ) : (
          <div className="person">
            <span className="group-mark" aria-hidden="true">
              <GroupIcon />
            </span>
            <div>
              <div className="person-name">{label}</div>
              <div className="person-email">Group</div>
            </div>
          </div>
        )}
      </td>
      <td>
        <select
          name="role"
          className="select select-sm"
          aria-label={`Role of ${label}`}
          value={g.role}
          disabled={saving}
          onChange={(e) => onRole(e.target.value as DatasetRole)}
        >
          {DATASET_ROLES.map((r) => (
            <option key={r} value={r}>
              {datasetRoleLabel(r)}
            </option>
          ))}
        </select>
      </td>
      <td className="cell-actions">
        {saving && <Spinner size="sm" label="Saving" />}
        <Button size="sm" variant="danger-ghost" onClick={onRemove} disabled={saving}>
          Remove
        </Button>
      </td>
    </tr>
  );
}
