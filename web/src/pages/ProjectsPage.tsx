import { Link, useSearchParams } from "react-router";
import { useProjects, useTags, type ProjectStatus } from "../api/projects";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Card, PageHeader } from "../components/Card";
import { SelectField } from "../components/Field";
import { FolderIcon, PlusIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { formatDate } from "../lib/format";
import { can } from "../lib/permissions";
import { PROJECT_STATUSES, statusLabel } from "./projects/access";
import { StatusBadge, TagChips } from "./projects/ProjectBits";

export function ProjectsPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const [params, setParams] = useSearchParams();
  const status = (PROJECT_STATUSES as readonly string[]).includes(params.get("status") ?? "") ? (params.get("status") as ProjectStatus) : undefined;
  const tagId = params.get("tag") || undefined;
  const projects = useProjects(workspaceId, { status, tagId });
  const tags = useTags(workspaceId);
  const canCreate = can(role, "projects.create");
  const filtered = !!status || !!tagId;

  function setFilter(name: "status" | "tag", value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const newButton = canCreate && (
    <Link to="new" className="btn btn-primary">
      <PlusIcon /> New project
    </Link>
  );

  let body;
  if (projects.isPending) body = <LoadingState label="Loading projects…" />;
  else if (projects.isError) body = <ErrorState error={projects.error} onRetry={() => void projects.refetch()} />;
  else if (projects.items.length === 0)
    body = filtered ? (
      <EmptyState icon={<FolderIcon />} title="No projects match">
        No project has this status or tag. Clear the filters to see them all.
      </EmptyState>
    ) : (
      <EmptyState icon={<FolderIcon />} title="No projects yet">
        {canCreate
          ? "A project brings datasets, an ontology, a workflow and people together. Create one to start labeling."
          : "Projects you are added to show here."}
      </EmptyState>
    );
  else
    body = (
      <>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Tags</th>
                <th className="cell-num">Tasks</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {projects.items.map((p) => (
                <tr key={p.id} data-project={p.name}>
                  <td>
                    <Link to={p.id} className="row-link">
                      {p.name}
                    </Link>
                    {p.description && <div className="muted small clamp-1">{p.description}</div>}
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>
                    <TagChips tags={p.tags} />
                  </td>
                  <td className="cell-num">{p.task_count.toLocaleString("en")}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(p.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...projects} />
      </>
    );

  return (
    <div className="page">
      <PageHeader
        title="Projects"
        description="Labeling work: datasets to label, the ontology to label them with, the workflow tasks follow and the people who do it."
        actions={newButton}
      />
      <Card
        title="All projects"
        description={role === "admin" ? "Every project of the workspace." : "The projects you work on."}
        flush
      >
        <div className="card-section">
          <form className="form form-inline filters" role="search" aria-label="Filter projects" onSubmit={(e) => e.preventDefault()}>
            <SelectField
              name="status"
              label="Status"
              value={status ?? ""}
              onChange={(e) => setFilter("status", e.target.value)}
              options={[{ value: "", label: "Any status" }, ...PROJECT_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            />
            <SelectField
              name="tag"
              label="Tag"
              value={tagId ?? ""}
              onChange={(e) => setFilter("tag", e.target.value)}
              options={[
                { value: "", label: tags.isPending ? "Loading tags…" : "Any tag" },
                ...(tags.data ?? []).map((t) => ({ value: t.id, label: t.name })),
              ]}
            />
          </form>
        </div>
        {body}
      </Card>
    </div>
  );
}
