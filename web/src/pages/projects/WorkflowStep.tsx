// The wizard's workflow step: start from a template, edit it in the builder
// (checked live), and save it as a template of the workspace.
import { useState, type FormEvent } from "react";
import { asFormError } from "../../api/client";
import { fromApiGraph, useCreateTemplate, type WorkflowTemplate } from "../../api/projects";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { FormAlert, TextField } from "../../components/Field";
import { ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formFields } from "../../lib/form";
import type { FieldError } from "../../workflow/model";
import type { Graph } from "../../workflow/types";
import type { People } from "../../workflow/WorkflowBuilder";
import { errorsUnder, messageAt, problemErrors } from "./errors";
import { GraphPreview } from "./GraphPreview";
import { stagePath } from "./stages";
import type { LiveValidation } from "./useLiveValidation";
import { WorkflowEditor } from "./WorkflowEditor";

interface WorkflowStepProps {
  workspaceId: string;
  templates: { data?: WorkflowTemplate[]; isPending: boolean; isError: boolean; error: unknown; refetch(): unknown };
  templateId: string;
  workflow: Graph | null;
  onTemplate(t: WorkflowTemplate): void;
  onChange(g: Graph): void;
  check: LiveValidation;
  serverErrors: FieldError[];
  /** The step's own message (no workflow yet, problems left). */
  problem?: string;
  people: People;
}

export function WorkflowStep(props: WorkflowStepProps) {
  const { workspaceId, templates, templateId, workflow, onTemplate, onChange, check, serverErrors, problem, people } = props;
  const [saving, setSaving] = useState(false);

  let cards;
  if (templates.isPending) cards = <LoadingState label="Loading templates…" />;
  else if (templates.isError) cards = <ErrorState error={templates.error} onRetry={() => void templates.refetch()} title="Could not load the templates" />;
  else
    cards = (
      <ul className="pj-templates" aria-label="Workflow templates">
        {(templates.data ?? []).map((t) => {
          const selected = t.id === templateId;
          const graph = fromApiGraph(t.graph);
          return (
            <li key={t.id} data-template={t.id}>
              <button type="button" className={selected ? "pj-template is-selected" : "pj-template"} aria-pressed={selected} onClick={() => onTemplate(t)}>
                <GraphPreview graph={graph} label={`The ${t.name} workflow`} />
                <span className="pj-template-text">
                  <span className="pj-choice-title">
                    {t.name} {!t.built_in && <Badge>Saved</Badge>}
                  </span>
                  <span className="pj-template-path small">{stagePath(graph)}</span>
                  {t.description && <span className="muted small">{t.description}</span>}
                </span>
                <span className={selected ? "pj-template-use is-selected" : "pj-template-use"}>
                  {selected ? "In use" : "Use this template"}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    );

  return (
    <div className="pj-stack">
      <p className="muted">
        Start from a template, then change it: add stages from the toolbar, connect outcomes to stages, and name who works where. The workflow is
        checked as you edit.
      </p>
      {cards}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      {workflow && (
        <>
          <div className="pj-builder-head">
            <h3 className="pj-subtitle">Edit the workflow</h3>
            <Button size="sm" onClick={() => setSaving((s) => !s)} aria-expanded={saving}>
              Save as template
            </Button>
          </div>
          {saving && <SaveTemplateForm workspaceId={workspaceId} graph={workflow} onDone={() => setSaving(false)} />}
          <div className="pj-builder">
            <WorkflowEditor value={workflow} onChange={onChange} check={check} serverErrors={serverErrors} people={people} />
          </div>
        </>
      )}
    </div>
  );
}

/** SaveTemplateForm saves the workflow being edited as a template of the workspace. */
export function SaveTemplateForm({ workspaceId, graph, onDone }: { workspaceId: string; graph: Graph; onDone(): void }) {
  const create = useCreateTemplate(workspaceId);
  const toast = useToast();
  const errors = problemErrors(create.error);
  const nameError = messageAt(errors, "body.name");
  const descriptionError = messageAt(errors, "body.description");
  const graphProblems = errorsUnder(errors, "body.graph").length > 0;
  const message = create.error && !nameError && !descriptionError && !graphProblems ? asFormError(create.error).message : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { template_name, template_description } = formFields(e.currentTarget);
    create.mutate(
      { name: template_name, description: template_description, graph },
      {
        onSuccess: (t) => {
          toast.success(`Template “${t.name}” saved`);
          onDone();
        },
      },
    );
  }

  return (
    <form className="form form-inline pj-save-template" onSubmit={onSubmit} noValidate aria-label="Save as template">
      <FormAlert message={message} className="form-inline-full" />
      {graphProblems && <p className="field-error form-inline-full">The workflow has problems; fix those marked in the builder first.</p>}
      <TextField name="template_name" label="Template name" required maxLength={100} error={nameError} fieldClassName="field-grow" />
      <TextField name="template_description" label="Template description" maxLength={2000} error={descriptionError} fieldClassName="field-grow" />
      <div className="field field-button">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Save template
        </Button>
      </div>
      <div className="field field-button">
        <Button onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
