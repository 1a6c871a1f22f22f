import { useLocation, useNavigate } from "react-router";
import type { Membership } from "../api/client";

const NEW = "__new__";

/** switchPath keeps the section (members, groups, settings) when switching workspace. */
export function switchPath(pathname: string, from: string | undefined, to: string): string {
  if (from) {
    const m = pathname.match(/^\/w\/[^/]+\/([^/]+)/);
    if (m) return `/w/${to}/${m[1]}`;
  }
  return `/w/${to}/members`;
}

/** WorkspaceSwitcher is a select of the user's workspaces, plus "Create workspace…". */
export function WorkspaceSwitcher({ memberships, current }: { memberships: Membership[]; current?: string }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const known = memberships.some((m) => m.workspace.id === current);
  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher" className="visually-hidden">
        Workspace
      </label>
      <select
        id="workspace-switcher"
        className="select switcher-select"
        data-testid="workspace-switcher"
        value={known ? current : ""}
        onChange={(e) => {
          const v = e.target.value;
          if (v === NEW) navigate("/workspaces/new");
          else if (v) navigate(switchPath(pathname, current, v));
        }}
      >
        {!known && (
          <option value="" disabled>
            {memberships.length ? "Choose a workspace" : "No workspace"}
          </option>
        )}
        {memberships.map((m) => (
          <option key={m.workspace.id} value={m.workspace.id}>
            {m.workspace.name}
          </option>
        ))}
        <option value={NEW}>+ Create workspace…</option>
      </select>
    </div>
  );
}
