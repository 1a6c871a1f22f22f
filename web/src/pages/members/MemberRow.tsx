import type { Member, Role, UserType } from "../../api/client";
import { Avatar } from "../../components/Avatar";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/Spinner";
import { formatDate, roleLabel, ROLES, USER_TYPES, userTypeLabel } from "../../lib/format";
import { roleAllowedFor } from "../../lib/permissions";

export interface MemberRowProps {
  member: Member;
  isSelf: boolean;
  /** canManage enables the role and type selects and the Remove button; without it, the user's own row offers Leave. */
  canManage: boolean;
  saving: boolean;
  onChange: (patch: { role?: Role; user_type?: UserType }) => void;
  onRemove: () => void;
  /** onResetMFA, when given, offers an admin's "Reset two-factor" (for internal members other than oneself). */
  onResetMFA?: () => void;
}

/** MemberRow is one row of the members table; its selects save on change. */
export function MemberRow({ member, isSelf, canManage, saving, onChange, onRemove, onResetMFA }: MemberRowProps) {
  const { user, role, user_type } = member;
  const label = user.name || user.email;
  return (
    <tr data-email={user.email}>
      <td>
        <div className="person">
          <Avatar name={user.name} email={user.email} />
          <div>
            <div className="person-name">
              {user.name || "—"} {isSelf && <Badge tone="accent">You</Badge>}
            </div>
            <div className="person-email">{user.email}</div>
          </div>
        </div>
      </td>
      <td>
        <select
          name="role"
          className="select select-sm"
          aria-label={`Role of ${label}`}
          value={role}
          disabled={!canManage || saving}
          onChange={(e) => onChange({ role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r} disabled={!roleAllowedFor(r, user_type)}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <select
          name="user_type"
          className="select select-sm"
          aria-label={`User type of ${label}`}
          value={user_type}
          disabled={!canManage || saving}
          onChange={(e) => onChange({ user_type: e.target.value as UserType })}
        >
          {USER_TYPES.map((t) => (
            <option key={t} value={t} disabled={!roleAllowedFor(role, t)}>
              {userTypeLabel(t)}
            </option>
          ))}
        </select>
      </td>
      <td className="cell-muted cell-nowrap">{formatDate(member.created_at)}</td>
      <td className="cell-actions">
        {saving && <Spinner size="sm" label="Saving" />}
        {canManage && onResetMFA && (
          <Button size="sm" variant="ghost" onClick={onResetMFA} disabled={saving} title="Remove their authenticator app, passkeys and recovery codes">
            Reset two-factor
          </Button>
        )}
        {canManage ? (
          <Button size="sm" variant="danger-ghost" onClick={onRemove} disabled={saving}>
            Remove
          </Button>
        ) : (
          isSelf && (
            <Button size="sm" variant="ghost" onClick={onRemove}>
              Leave
            </Button>
          )
        )}
      </td>
    </tr>
  );
}
