import { Navigate } from "react-router";
import { useMe } from "../api/auth";
import { Card } from "../components/Card";
import { CreateWorkspaceForm } from "./CreateWorkspaceForm";

/** HomePage opens the first workspace, or welcomes a user who has none. */
export function HomePage() {
  const me = useMe();
  const first = me.data?.memberships[0];
  if (first) return <Navigate to={`/w/${first.workspace.id}/members`} replace />;
  return (
    <div className="page page-narrow">
      <title>Welcome · Loupe</title>
      <div className="welcome">
        <h1>Welcome to Loupe{me.data ? `, ${me.data.user.name.split(" ")[0]}` : ""}</h1>
        <p className="page-description">
          You are not in a workspace yet. Create one for your team, or ask an admin to invite you to theirs.
        </p>
      </div>
      <Card title="Create a workspace">
        <CreateWorkspaceForm />
      </Card>
    </div>
  );
}
