import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { asFormError } from "../api/client";
import { LogoMark } from "../components/icons";

/** RouteError is shown when a route's loader or render throws. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="auth-layout">
      <div className="auth-brand">
        <LogoMark />
        <span>Loupe</span>
      </div>
      <main className="auth-card">
        <h1>{notFound ? "Page not found" : "Something went wrong"}</h1>
        <p role="alert" className="muted">
          {notFound ? "There is nothing at this address." : asFormError(error).message}
        </p>
        <div className="form-actions">
          <Link to="/" className="btn btn-primary">
            Go home
          </Link>
          {!notFound && (
            <button type="button" className="btn btn-secondary" onClick={() => window.location.reload()}>
              Reload
            </button>
          )}
        </div>
      </main>
    </div>
  );
}
