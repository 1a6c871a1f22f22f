import { useState, type ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { asFormError } from "../api/client";
import { useQueryClient } from "@tanstack/react-query";
import { fetchWorkflowCheck, fromApiGraph, useCreateProject, useWorkflowTemplates, type WorkflowTemplate } from "../api/projects";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { FormAlert } from "../components/Field";
import { ArrowLeftIcon, CheckIcon, FolderIcon } from "../components/icons";
import { EmptyState } from "../components/States";
import { useToast } from "../components/Toasts";
import { can } from "../lib/permissions";
import { problemErrors } from "./projects/errors";
import { PeopleStep } from "./projects/PeopleStep";
import { useLiveValidation } from "./projects/useLiveValidation";
import { usePeople } from "./projects/usePeople";
import {
  checkStep,
  createRequest,
  emptyDraft,
  firstErrorStep,
  hasProblems,
  pickTemplate,
  placeErrors,
  STEP_LABELS,
  STEPS,
  stepsWithErrors,
  type CreateErrors,
  type Draft,
  type Step,
  type StepProblems,
} from "./projects/wizard";
import { DataStep, DetailsStep, OntologyStep } from "./projects/WizardSteps";
import type { Graph } from "../workflow/types";
import { WorkflowStep } from "./projects/WorkflowStep";

export function NewProjectPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const back = (
    <Link to={`/w/${workspaceId}/projects`} className="back-link">
      <ArrowLeftIcon /> Projects
    </Link>
  );
  if (!can(role, "projects.create")) {
    return (
      <div className="page">
        <PageHeader title="New project" before={back} />
        <EmptyState icon={<FolderIcon />} title="You may not create projects">
          Ask a workspace admin to create the project and add you to it.
        </EmptyState>
      </div>
    );
  }
  return <Wizard workspaceId={workspaceId} back={back} />;
}

function Wizard({ workspaceId, back }: { workspaceId: string; back: ReactNode }) {
  const { role } = useCurrentWorkspace();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateProject(workspaceId);
  const templates = useWorkflowTemplates(workspaceId);
  const { people } = usePeople();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState<Step>("details");
  const [reached, setReached] = useState(0);
  const [tried, setTried] = useState<ReadonlySet<Step>>(new Set());
  const [server, setServer] = useState<CreateErrors | null>(null);
  const check = useLiveValidation(workspaceId, draft.workflow);
  const qc = useQueryClient();
  // The verdict Next waited for, until the live check has one of its own.
  const [verdict, setVerdict] = useState<{ graph: Graph; valid: boolean } | null>(null);
  const [checking, setChecking] = useState(false);

  // Start the workflow from a template as soon as the templates are known.
  if (!draft.workflow && !draft.templateId && templates.data?.length) {
    const t = pickTemplate(templates.data);
    if (t) setDraft({ ...draft, templateId: t.id, workflow: fromApiGraph(t.graph) });
  }

  const index = STEPS.indexOf(step);
  const ctx = { workflowValid: check.valid ?? (verdict && verdict.graph === draft.workflow ? verdict.valid : undefined) };

  /** update changes the draft and forgets what the server said about what changed. */
  function update(patch: Partial<Draft>) {
    setDraft((d) => ({ ...d, ...patch }));
    if (!server) return;
    const s = { ...server, details: { ...server.details }, people: { ...server.people } };
    if ("name" in patch) delete s.details.name;
    if ("description" in patch) delete s.details.description;
    if ("tagIds" in patch) delete s.details.tag_ids;
    if ("datasetIds" in patch) s.data = {};
    if ("ontologyId" in patch) s.ontology = {};
    if ("workflow" in patch) s.workflow = [];
    if ("collaborators" in patch) {
      const keys = new Set(patch.collaborators!.map((c) => c.key));
      for (const k of Object.keys(s.people)) if (k && !keys.has(k.split(".")[0])) delete s.people[k];
    }
    setServer(s);
  }

  function chooseTemplate(t: WorkflowTemplate) {
    update({ templateId: t.id, workflow: fromApiGraph(t.graph) });
  }

  /** problems shows a step's own checks once Next or Create was tried there, and the server's. */
  function problems(s: Step): StepProblems {
    const own = tried.has(s) ? checkStep(s, draft, ctx) : {};
    const theirs: StepProblems =
      s === "details" ? server?.details ?? {} : s === "data" ? server?.data ?? {} : s === "ontology" ? server?.ontology ?? {} : s === "people" ? server?.people ?? {} : {};
    return { ...own, ...theirs };
  }

  function go(to: Step) {
    const i = STEPS.indexOf(to);
    setStep(to);
    setReached((r) => Math.max(r, i));
  }

  async function next() {
    setTried((t) => new Set(t).add(step));
    let c = ctx;
    // Leaving the workflow step waits for the server's verdict on the graph as it is.
    if (step === "workflow" && draft.workflow && c.workflowValid === undefined) {
      const g = draft.workflow;
      setChecking(true);
      try {
        const v = await fetchWorkflowCheck(qc, workspaceId, g);
        setVerdict({ graph: g, valid: v.valid });
        c = { workflowValid: v.valid };
      } catch {
        // Could not check now: Create checks it again.
      } finally {
        setChecking(false);
      }
    }
    if (hasProblems(checkStep(step, draft, c))) return;
    go(STEPS[index + 1]);
  }

  function submit() {
    const all = new Set<Step>(STEPS);
    setTried(all);
    const bad = STEPS.find((s) => hasProblems(checkStep(s, draft, ctx)));
    if (bad) {
      go(bad);
      return;
    }
    const { body, sent } = createRequest(draft);
    setServer(null);
    create.mutate(body, {
      onSuccess: (p) => {
        toast.success(`Project “${p.name}” created`);
        navigate(`/w/${workspaceId}/projects/${p.id}`);
      },
      onError: (e) => {
        const placed = placeErrors(asFormError(e).message, problemErrors(e), sent);
        setServer(placed);
        const first = firstErrorStep(placed);
        if (first) go(first);
      },
    });
  }

  const errorSteps = new Set(server ? stepsWithErrors(server) : []);
  const here = problems(step);

  let body;
  switch (step) {
    case "details":
      body = <DetailsStep workspaceId={workspaceId} draft={draft} update={update} problems={here} canCreateTags={can(role, "tags.manage")} />;
      break;
    case "data":
      body = <DataStep workspaceId={workspaceId} draft={draft} update={update} problems={here} />;
      break;
    case "ontology":
      body = <OntologyStep workspaceId={workspaceId} draft={draft} update={update} problems={here} />;
      break;
    case "workflow":
      body = (
        <WorkflowStep
          workspaceId={workspaceId}
          templates={templates}
          templateId={draft.templateId}
          workflow={draft.workflow}
          onTemplate={chooseTemplate}
          onChange={(workflow) => update({ workflow })}
          check={check}
          serverErrors={server?.workflow ?? []}
          problem={tried.has("workflow") ? checkStep("workflow", draft, ctx)[""] : undefined}
          people={people}
        />
      );
      break;
    case "people":
      body = <PeopleStep rows={draft.collaborators} onChange={(collaborators) => update({ collaborators })} problems={here} />;
      break;
  }

  // When the refusal is placed on the steps, say so rather than repeat it.
  const serverMessage = !server
    ? ""
    : errorSteps.size
      ? ["The project was not created: see the steps marked in red", ...server.general].join(". ")
      : [server.message, ...server.general].filter(Boolean).join(": ");

  return (
    <div className={step === "workflow" ? "page pj-page-wide" : "page"}>
      <PageHeader title="New project" before={back} description="Five steps: what it is, the data, the ontology, the workflow and the people." />
      <nav aria-label="Steps">
        <ol className="pj-stepper">
          {STEPS.map((s, i) => {
            const state = s === step ? "current" : i <= reached ? "done" : "todo";
            return (
              <li key={s} className={`pj-step pj-step-${state}${errorSteps.has(s) ? " pj-step-error" : ""}`} data-step-link={s}>
                <button type="button" onClick={() => go(s)} disabled={i > reached} aria-current={s === step ? "step" : undefined}>
                  <span className="pj-step-num" aria-hidden="true">
                    {state === "done" && !errorSteps.has(s) ? <CheckIcon /> : i + 1}
                  </span>
                  <span className="pj-step-label">{STEP_LABELS[s]}</span>
                  {errorSteps.has(s) && <span className="visually-hidden"> (has problems)</span>}
                </button>
              </li>
            );
          })}
        </ol>
      </nav>
      {serverMessage && (
        <FormAlert message={serverMessage} />
      )}
      <Card title={`${index + 1}. ${STEP_LABELS[step]}`}>
        <section data-step={step} aria-label={STEP_LABELS[step]}>
          {body}
        </section>
        <div className="form-actions form-actions-split pj-wizard-actions">
          <div>
            {index > 0 && (
              <Button onClick={() => go(STEPS[index - 1])} disabled={create.isPending}>
                Back
              </Button>
            )}
          </div>
          <div>
            {index < STEPS.length - 1 ? (
              <Button variant="primary" onClick={() => void next()} pending={checking}>
                Next
              </Button>
            ) : (
              <Button variant="primary" onClick={submit} pending={create.isPending}>
                Create project
              </Button>
            )}
          </div>
        </div>
      </Card>
    </div>
  );
}
