// The sidebar's workspace navigation.
import type { ReactNode } from "react";
import { DatabaseIcon, FolderIcon, GroupIcon, HardDriveIcon, KeyIcon, ScrollIcon, SettingsIcon, ShapesIcon, UsersIcon } from "../components/icons";
import type { Action } from "../lib/permissions";

export interface NavItem {
  /** Path below /w/:workspaceId. */
  to: string;
  label: string;
  icon: ReactNode;
  /** Shown only to roles that may do this. */
  requires?: Action;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

export const workspaceNav: NavSection[] = [
  {
    title: "Labeling",
    items: [
      { to: "projects", label: "Projects", icon: <FolderIcon /> },
      { to: "ontologies", label: "Ontologies", icon: <ShapesIcon />, requires: "ontologies.list" },
    ],
  },
  {
    title: "Workspace",
    items: [
      { to: "members", label: "Members", icon: <UsersIcon /> },
      { to: "groups", label: "Groups", icon: <GroupIcon /> },
      { to: "settings", label: "Settings", icon: <SettingsIcon /> },
      { to: "audit", label: "Audit log", icon: <ScrollIcon />, requires: "audit.read" },
      { to: "api-keys", label: "API keys", icon: <KeyIcon />, requires: "workspace.edit" },
    ],
  },
  {
    title: "Data",
    items: [
      { to: "datasets", label: "Datasets", icon: <DatabaseIcon /> },
      { to: "storage", label: "Storage", icon: <HardDriveIcon />, requires: "storage.list" },
    ],
  },
];
