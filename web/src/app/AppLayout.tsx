import { Link, Navigate, NavLink, Outlet, useLocation, useMatch } from "react-router";
import { useMe } from "../api/auth";
import { statusOf, type Membership } from "../api/client";
import { LogoMark, UserIcon } from "../components/icons";
import { ErrorState, LoadingState } from "../components/States";
import { signInPath } from "../lib/nextPath";
import { roleLabel } from "../lib/format";
import { can } from "../lib/permissions";
import { lastWorkspace } from "./lastWorkspace";
import { workspaceNav } from "./nav";
import { UserMenu } from "./UserMenu";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher";

/** AppLayout is the signed-in shell: top bar, sidebar and the page. */
export function AppLayout() {
  const me = useMe();
  const location = useLocation();
  const match = useMatch("/w/:workspaceId/*");
  const routeWs = match?.params.workspaceId;

  if (me.isPending) return <LoadingState label="Loading Loupe…" />;
  if (me.isError) {
    if (statusOf(me.error) === 401) return <Navigate to={signInPath(location.pathname, location.search)} replace />;
    return (
      <div className="page-narrow">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} title="Could not load your account" />
      </div>
    );
  }

  const { user, memberships } = me.data;
  const navWs = pickNavWorkspace(memberships, routeWs);

  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          <LogoMark />
          <span>Loupe</span>
        </Link>
        <WorkspaceSwitcher memberships={memberships} current={routeWs ?? navWs?.workspace.id} />
        <div className="topbar-spacer" />
        <UserMenu user={user} />
      </header>
      <nav className="sidebar" aria-label="Main">
        {navWs &&
          workspaceNav.map((section, i) => (
            <div className="nav-section" key={section.title}>
              <div className="nav-heading">
                <span className="nav-heading-title">{section.title}</span>
                {i === 0 && <span className="nav-heading-role">{roleLabel(navWs.role)}</span>}
              </div>
              {section.items.filter((item) => !item.requires || can(navWs.role, item.requires)).map((item) => (
                <NavLink key={item.to} to={`/w/${navWs.workspace.id}/${item.to}`} className="nav-link">
                  {item.icon}
                  <span>{item.label}</span>
                </NavLink>
              ))}
            </div>
          ))}
        <div className="nav-section nav-bottom">
          <NavLink to="/account" className="nav-link">
            <UserIcon />
            <span>Account</span>
          </NavLink>
        </div>
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

function pickNavWorkspace(memberships: Membership[], routeWs: string | undefined): Membership | undefined {
  const byId = (id: string | null | undefined) => memberships.find((m) => m.workspace.id === id);
  return byId(routeWs) ?? (routeWs ? undefined : (byId(lastWorkspace()) ?? memberships[0]));
}
