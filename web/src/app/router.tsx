import { createBrowserRouter, Navigate, Outlet, redirect, type LoaderFunctionArgs } from "react-router";
import type { QueryClient } from "@tanstack/react-query";
import { meQuery, setupQuery } from "../api/auth";
import { statusOf } from "../api/client";
import { setUnauthorizedHandler } from "../api/queryClient";
import { isPublicPath, signInPath } from "../lib/nextPath";
import { AccountPage } from "../pages/AccountPage";
import { AuditPage } from "../pages/AuditPage";
import { DatasetPage } from "../pages/DatasetPage";
import { DatasetsPage } from "../pages/DatasetsPage";
import { GroupPage } from "../pages/GroupPage";
import { GroupsPage } from "../pages/GroupsPage";
import { HomePage } from "../pages/HomePage";
import { InvitePage } from "../pages/InvitePage";
import { MFAEnrollPage } from "../pages/MFAEnrollPage";
import { MembersPage } from "../pages/MembersPage";
import { NewWorkspacePage } from "../pages/NewWorkspacePage";
import { LabelPage } from "../pages/LabelPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { NewProjectPage } from "../pages/NewProjectPage";
import { OntologiesPage } from "../pages/OntologiesPage";
import { OntologyPage } from "../pages/OntologyPage";
import { ProjectPage } from "../pages/ProjectPage";
import { ProjectsPage } from "../pages/ProjectsPage";
import { SettingsPage } from "../pages/SettingsPage";
import { SetupPage } from "../pages/SetupPage";
import { SignInPage } from "../pages/SignInPage";
import { SignUpPage } from "../pages/SignUpPage";
import { StoragePage } from "../pages/StoragePage";
import { WorkspaceAPIKeysPage } from "../pages/WorkspaceAPIKeysPage";
import { LoadingState } from "../components/States";
import { AppLayout } from "./AppLayout";
import { AuthLayout } from "./AuthLayout";
import { mfaGate } from "./mfaGate";
import { RouteError } from "./RouteError";
import { WorkspaceLayout } from "./WorkspaceLayout";

export function createRouter(queryClient: QueryClient) {
  /** Before anything else: a fresh install goes to /setup. */
  async function setupLoader({ request }: LoaderFunctionArgs) {
    const { needed } = await queryClient.ensureQueryData(setupQuery);
    const { pathname } = new URL(request.url);
    if (needed && pathname !== "/setup") throw redirect("/setup");
    return null;
  }

  /** Signed-in pages: no session → /signin?next=…. */
  async function requireUser({ request }: LoaderFunctionArgs) {
    try {
      await queryClient.ensureQueryData(meQuery);
    } catch (err) {
      if (statusOf(err) === 401) {
        const url = new URL(request.url);
        throw redirect(signInPath(url.pathname, url.search));
      }
      throw err;
    }
    return null;
  }

  const router = createBrowserRouter([
    {
      id: "root",
      path: "/",
      loader: setupLoader,
      shouldRevalidate: () => false,
      element: <Outlet />,
      hydrateFallbackElement: <LoadingState label="Loading Loupe…" />,
      errorElement: <RouteError />,
      children: [
        {
          element: <AuthLayout />,
          children: [
            { path: "setup", element: <SetupPage /> },
            { path: "signin", element: <SignInPage /> },
            { path: "signup", element: <SignUpPage /> },
            { path: "invite/:token", element: <InvitePage /> },
          ],
        },
        {
          element: <AppLayout />,
          loader: requireUser,
          shouldRevalidate: () => false,
          children: [
            { index: true, element: <HomePage /> },
            { path: "workspaces/new", element: <NewWorkspacePage /> },
            { path: "account", element: <AccountPage /> },
            { path: "mfa/enroll", element: <MFAEnrollPage /> },
            {
              path: "w/:workspaceId",
              loader: mfaGate(queryClient),
              element: <WorkspaceLayout />,
              children: [
                { index: true, element: <Navigate to="members" replace /> },
                { path: "members", element: <MembersPage /> },
                { path: "groups", element: <GroupsPage /> },
                { path: "groups/:groupId", element: <GroupPage /> },
                { path: "settings", element: <SettingsPage /> },
                { path: "api-keys", element: <WorkspaceAPIKeysPage /> },
                { path: "audit", element: <AuditPage /> },
                { path: "datasets", element: <DatasetsPage /> },
                { path: "datasets/:datasetId", element: <DatasetPage /> },
                { path: "storage", element: <StoragePage /> },
                { path: "ontologies", element: <OntologiesPage /> },
                { path: "ontologies/:ontologyId", element: <OntologyPage /> },
                { path: "projects", element: <ProjectsPage /> },
                { path: "projects/new", element: <NewProjectPage /> },
                { path: "projects/:projectId", element: <ProjectPage /> },
                { path: "projects/:projectId/label", element: <LabelPage /> },
              ],
            },
            { path: "*", element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);

  // Any 401 outside the public pages means the session is gone.
  setUnauthorizedHandler(() => {
    const { pathname, search } = router.state.location;
    if (isPublicPath(pathname)) return;
    void router.navigate(signInPath(pathname, search), { replace: true });
  });

  return router;
}
