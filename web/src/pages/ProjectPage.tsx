import { useId, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { asFormError, statusOf } from "../api/client";
import { useJoinProject, useProject, type ProjectDetail } from "../api/projects";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Button } from "../components/Button";
import { PageHeader } from "../components/Card";
import { ArrowLeftIcon, LockIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState } from "../components/States";
import { useToast } from "../components/Toasts";
import { plural } from "../lib/format";
import { projectAbilities, type ProjectAbilities, worksTasks } from "./projects/access";
import { OntologySection } from "./projects/OntologySection";
import { OverviewSection } from "./projects/OverviewSection";
import { PeopleSection } from "./projects/PeopleSection";
import { RoleBadge, StatusBadge, TagChips } from "./projects/ProjectBits";
import { SettingsSection } from "./projects/SettingsSection";
import { StatusMenu } from "./projects/StatusMenu";
import { TasksSection } from "./projects/TasksSection";
import { WorkflowSection } from "./projects/WorkflowSection";

export function ProjectPage() {
  const { projectId = "" } = useParams();
  // Another project starts afresh: its tab, edits and forms.
  return <ProjectView key={projectId} projectId={projectId} />;
}

function ProjectView({ projectId }: { projectId: string }) {
  const { workspaceId } = useCurrentWorkspace();
  const project = useProject(workspaceId, projectId);
  const back = (
    <Link to={`/w/${workspaceId}/projects`} className="back-link">
      <ArrowLeftIcon /> Projects
    </Link>
  );

  if (project.isPending) return <LoadingState label="Loading project…" />;
  if (project.isError) {
    return (
      <div className="page">
        <title>Project not found · Loupe</title>
        {back}
        {statusOf(project.error) === 404 || statusOf(project.error) === 403 ? (
          <div role="alert">
            <EmptyState title="Project not found">It does not exist, or you do not work on it.</EmptyState>
          </div>
        ) : (
          <ErrorState error={project.error} onRetry={() => void project.refetch()} title="Could not load this project" />
        )}
      </div>
    );
  }
  return <ProjectContent workspaceId={workspaceId} project={project.data} back={back} />;
}

type Section = "overview" | "tasks" | "workflow" | "ontology" | "people" | "settings";

const SECTION_LABELS: Record<Section, string> = {
  overview: "Overview",
  tasks: "Tasks",
  workflow: "Workflow",
  ontology: "Ontology",
  people: "People",
  settings: "Settings",
};

function sectionsFor(a: ProjectAbilities): Section[] {
  const s: Section[] = a.seeTasks ? ["overview", "tasks", "workflow", "ontology", "people"] : ["overview", "workflow", "ontology", "people"];
  if (a.editSettings || a.deleteProject) s.push("settings");
  return s;
}

function ProjectContent({ workspaceId, project: p, back }: { workspaceId: string; project: ProjectDetail; back: ReactNode }) {
  const { role } = useCurrentWorkspace();
  const join = useJoinProject(workspaceId, p.id);
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const abilities = projectAbilities(role, p.my_role, p.status);
  const sections = sectionsFor(abilities);
  const asked = params.get("tab") as Section | null;
  const section: Section = asked && sections.includes(asked) ? asked : "overview";
  const uid = useId();

  function show(s: Section) {
    const next = new URLSearchParams(params);
    if (s === "overview") next.delete("tab");
    else next.set("tab", s);
    setParams(next, { replace: true });
  }

  const props = { workspaceId, project: p, abilities };
  let body;
  switch (section) {
    case "overview":
      body = <OverviewSection {...props} />;
      break;
    case "tasks":
      body = <TasksSection {...props} />;
      break;
    case "workflow":
      body = <WorkflowSection {...props} />;
      break;
    case "ontology":
      body = <OntologySection {...props} />;
      break;
    case "people":
      body = <PeopleSection {...props} />;
      break;
    case "settings":
      body = <SettingsSection {...props} />;
      break;
  }

  const actions = (
    <>
      {abilities.join && (
        <Button
          variant="primary"
          pending={join.isPending}
          onClick={() =>
            join.mutate(undefined, {
              onSuccess: () => toast.success("You are now an admin of this project"),
              onError: (e) => toast.error(`Could not join: ${asFormError(e).message}`),
            })
          }
        >
          Join as admin
        </Button>
      )}
      {worksTasks(p.my_role) && ["not_started", "in_progress"].includes(p.status) && (
        <Link className="btn btn-primary" to={`/w/${workspaceId}/projects/${p.id}/label`}>
          Start labeling
        </Link>
      )}
      {abilities.changeStatus && <StatusMenu workspaceId={workspaceId} project={p} />}
    </>
  );

  return (
    <div className={section === "workflow" ? "page pj-page-wide" : "page"} data-project-status={p.status}>
      <PageHeader title={p.name} before={back} description={p.description || undefined} actions={actions} />
      <div className="dataset-meta pj-meta">
        <span className="meta-chip">
          Status <StatusBadge status={p.status} />
        </span>
        <span className="meta-chip" data-my-role={p.my_role ?? ""}>
          Your role <RoleBadge role={p.my_role} />
        </span>
        <span className="meta-chip">{plural(p.task_count, "task")}</span>
        <TagChips tags={p.tags} />
      </div>
      {abilities.archived && (
        <div className="notice notice-warning pj-banner" role="status" data-banner="archived">
          <LockIcon /> This project is archived and read-only.{" "}
          {abilities.changeStatus ? "Restore it (Change status → Restore) to change it again." : "Its admins may restore it."}
        </div>
      )}
      {!abilities.archived && abilities.join && (
        <div className="notice pj-banner" role="status" data-banner="not-joined">
          You are not on this project. As a workspace admin you may change it; join it to work on it as its admin.
        </div>
      )}
      {!abilities.archived && !abilities.editSettings && (
        <div className="notice pj-banner" role="status" data-banner="read-only">
          {abilities.managePeople
            ? "As a team manager you manage this project's annotators and reviewers; its admins change its settings."
            : "You see this project as it is; its admins change it."}
        </div>
      )}
      <div className="pj-tabs" role="tablist" aria-label="Project sections">
        {sections.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            id={`${uid}-tab-${s}`}
            aria-selected={s === section}
            aria-controls={`${uid}-panel`}
            tabIndex={s === section ? 0 : -1}
            className={s === section ? "pj-tab is-selected" : "pj-tab"}
            data-tab={s}
            onClick={() => show(s)}
            onKeyDown={(e) => {
              const i = sections.indexOf(s);
              const to = e.key === "ArrowRight" ? sections[(i + 1) % sections.length] : e.key === "ArrowLeft" ? sections[(i - 1 + sections.length) % sections.length] : null;
              if (!to) return;
              e.preventDefault();
              show(to);
              document.getElementById(`${uid}-tab-${to}`)?.focus();
            }}
          >
            {SECTION_LABELS[s]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${uid}-panel`} aria-labelledby={`${uid}-tab-${section}`} className="pj-panel" data-section={section}>
        {body}
      </div>
    </div>
  );
}
