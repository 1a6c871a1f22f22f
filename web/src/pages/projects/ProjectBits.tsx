// Small shared parts of the project pages: status and role badges, tag chips.
import type { Tag } from "../../api/projects";
import { Badge } from "../../components/Badge";
import { projectRoleLabel, projectRoleTone, statusLabel, statusTone, tagStyle } from "./access";

export function StatusBadge({ status }: { status: string }) {
  return (
    <span data-status={status}>
      <Badge tone={statusTone(status)}>{statusLabel(status)}</Badge>
    </span>
  );
}

export function RoleBadge({ role }: { role: string | null | undefined }) {
  return <Badge tone={projectRoleTone(role)}>{projectRoleLabel(role)}</Badge>;
}

export function TagChip({ tag }: { tag: Pick<Tag, "name" | "color"> }) {
  return (
    <span className="pj-tag" style={tagStyle(tag.color)} data-tag={tag.name}>
      <span className="pj-tag-dot" aria-hidden="true" />
      {tag.name}
    </span>
  );
}

export function TagChips({ tags }: { tags: readonly Pick<Tag, "id" | "name" | "color">[] }) {
  if (!tags.length) return null;
  return (
    <span className="pj-tags">
      {tags.map((t) => (
        <TagChip key={t.id} tag={t} />
      ))}
    </span>
  );
}
