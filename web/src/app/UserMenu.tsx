import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { User } from "../api/client";
import { useSignOut } from "../api/auth";
import { Avatar } from "../components/Avatar";
import { useLeaveToSignIn } from "./useLeaveToSignIn";
import { ChevronDownIcon, LogOutIcon, UserIcon } from "../components/icons";

/** UserMenu is the avatar button at the top right with Account and Sign out. */
export function UserMenu({ user }: { user: User }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const signOut = useSignOut();
  const leave = useLeaveToSignIn();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={user.name} email={user.email} size="sm" />
        <span className="menu-button-label">{user.name || user.email}</span>
        <ChevronDownIcon />
      </button>
      {open && (
        <div className="menu-popover" role="menu">
          <div className="menu-header">
            <div className="menu-name">{user.name}</div>
            <div className="menu-email">{user.email}</div>
          </div>
          <Link to="/account" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <UserIcon />
            Account
          </Link>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            disabled={signOut.isPending}
            onClick={() =>
              signOut.mutate(undefined, {
                onSettled: leave,
              })
            }
          >
            <LogOutIcon />
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
