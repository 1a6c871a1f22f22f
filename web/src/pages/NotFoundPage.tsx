import { Link } from "react-router";
import { EmptyState } from "../components/States";

export function NotFoundPage() {
  return (
    <div className="page">
      <title>Not found · Loupe</title>
      <EmptyState
        title="Page not found"
        action={
          <Link to="/" className="btn btn-secondary">
            Go home
          </Link>
        }
      >
        There is nothing at this address.
      </EmptyState>
    </div>
  );
}
