import { Outlet } from "react-router";
import { LogoMark } from "../components/icons";

/** AuthLayout frames the signed-out pages: setup, sign in, sign up, invitations. */
export function AuthLayout() {
  return (
    <div className="auth-layout">
      <div className="auth-brand">
        <LogoMark />
        <span>Loupe</span>
      </div>
      <main className="auth-card">
        <Outlet />
      </main>
      <p className="auth-footer">Self-hosted data annotation</p>
    </div>
  );
}
