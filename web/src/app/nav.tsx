// The sidebar's workspace navigation. Add Projects, Datasets… here.
import type { ReactNode } from "react";
import { GroupIcon, SettingsIcon, UsersIcon } from "../components/icons";

export interface NavItem {
  /** Path below /w/:workspaceId. */
  to: string;
  label: string;
  icon: ReactNode;
}

export interface NavSection {
  title: string;
  items: NavItem[];
}

export const workspaceNav: NavSection[] = [
  {
    title: "Workspace",
    items: [
      { to: "members", label: "Members", icon: <UsersIcon /> },
      { to: "groups", label: "Groups", icon: <GroupIcon /> },
      { to: "settings", label: "Settings", icon: <SettingsIcon /> },
    ],
  },
];
