import { Card, PageHeader } from "../components/Card";
import { CreateWorkspaceForm } from "./CreateWorkspaceForm";

export function NewWorkspacePage() {
  return (
    <div className="page page-narrow">
      <PageHeader title="Create workspace" description="A workspace holds its own members, groups, projects and data." />
      <Card>
        <CreateWorkspaceForm />
      </Card>
    </div>
  );
}
