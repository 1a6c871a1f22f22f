// The first steps of the new-project wizard: details, data and ontology.
import { Link } from "react-router";
import { useDatasets } from "../../api/datasets";
import { useAllOntologies } from "../../api/projects";
import { Button } from "../../components/Button";
import { TextAreaField, TextField } from "../../components/Field";
import { DatabaseIcon, ExternalLinkIcon, ShapesIcon } from "../../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../../components/States";
import { plural } from "../../lib/format";
import { TagPicker } from "./TagPicker";
import { DESCRIPTION_MAX, NAME_MAX, type Draft, type StepProblems } from "./wizard";

interface StepProps {
  workspaceId: string;
  draft: Draft;
  update(patch: Partial<Draft>): void;
  /** What to show by field: the wizard's own checks and the server's. */
  problems: StepProblems;
}

export function DetailsStep({ workspaceId, draft, update, problems, canCreateTags }: StepProps & { canCreateTags: boolean }) {
  return (
    <div className="form">
      <TextField
        name="name"
        label="Name"
        required
        maxLength={NAME_MAX}
        autoFocus
        placeholder="Street scenes — pedestrians"
        value={draft.name}
        onChange={(e) => update({ name: e.target.value })}
        error={problems.name}
      />
      <TextAreaField
        name="description"
        label="Description"
        rows={3}
        maxLength={DESCRIPTION_MAX}
        placeholder="Optional: what is labelled, for whom, and anything annotators should know."
        value={draft.description}
        onChange={(e) => update({ description: e.target.value })}
        error={problems.description}
      />
      <TagPicker
        workspaceId={workspaceId}
        value={draft.tagIds}
        onChange={(tagIds) => update({ tagIds })}
        error={problems.tag_ids}
        canCreate={canCreateTags}
      />
    </div>
  );
}

export function DataStep({ workspaceId, draft, update, problems }: StepProps) {
  const datasets = useDatasets(workspaceId);
  const chosen = new Set(draft.datasetIds);

  function toggle(id: string, on: boolean) {
    update({ datasetIds: on ? [...draft.datasetIds.filter((x) => x !== id), id] : draft.datasetIds.filter((x) => x !== id) });
  }

  let body;
  if (datasets.isPending) body = <LoadingState label="Loading datasets…" />;
  else if (datasets.isError) body = <ErrorState error={datasets.error} onRetry={() => void datasets.refetch()} />;
  else if (datasets.items.length === 0)
    body = (
      <EmptyState icon={<DatabaseIcon />} title="No datasets to choose from">
        You may create the project without data and attach datasets later.{" "}
        <Link to={`/w/${workspaceId}/datasets`} target="_blank" rel="noreferrer">
          Open Datasets <ExternalLinkIcon />
        </Link>
      </EmptyState>
    );
  else
    body = (
      <>
        <ul className="pj-choices" aria-label="Datasets">
          {datasets.items.map((d) => (
            <li key={d.id} className={chosen.has(d.id) ? "pj-choice is-selected" : "pj-choice"} data-dataset={d.name}>
              <label className="check">
                <input type="checkbox" checked={chosen.has(d.id)} onChange={(e) => toggle(d.id, e.target.checked)} />
                <span>
                  <span className="pj-choice-title">{d.name}</span>
                  <span className="muted small"> · {plural(d.item_count, "item")}</span>
                  {d.description && <span className="muted small pj-choice-text">{d.description}</span>}
                </span>
              </label>
              {problems[d.id] && <p className="field-error">{problems[d.id]}</p>}
            </li>
          ))}
        </ul>
        <LoadMore {...datasets} />
      </>
    );

  return (
    <div className="pj-stack">
      <p className="muted">
        Every item of the chosen datasets becomes a task. Datasets can also be attached or detached later.{" "}
        {draft.datasetIds.length > 0 && <strong>{plural(draft.datasetIds.length, "dataset")} chosen.</strong>}
      </p>
      {problems[""] && <p className="field-error">{problems[""]}</p>}
      {body}
    </div>
  );
}

export function OntologyStep({ workspaceId, draft, update, problems }: StepProps) {
  const ontologies = useAllOntologies(workspaceId);
  const createLink = (
    <Link to={`/w/${workspaceId}/ontologies`} target="_blank" rel="noreferrer">
      Create an ontology <ExternalLinkIcon />
    </Link>
  );

  let body;
  if (ontologies.isPending) body = <LoadingState label="Loading ontologies…" />;
  else if (ontologies.isError) body = <ErrorState error={ontologies.error} onRetry={() => void ontologies.refetch()} />;
  else if (ontologies.data.length === 0)
    body = (
      <EmptyState
        icon={<ShapesIcon />}
        title="No ontologies yet"
        action={
          <Button onClick={() => void ontologies.refetch()} pending={ontologies.isFetching}>
            Refresh
          </Button>
        }
      >
        A project labels against an ontology: its object classes and classifications. {createLink}, then refresh this list.
      </EmptyState>
    );
  else
    body = (
      <ul className="pj-choices" role="radiogroup" aria-label="Ontology" aria-invalid={problems.ontology_id ? true : undefined}>
        {ontologies.data.map((o) => (
          <li key={o.id} className={draft.ontologyId === o.id ? "pj-choice is-selected" : "pj-choice"} data-ontology={o.name}>
            <label className="check">
              <input type="radio" name="ontology" value={o.id} checked={draft.ontologyId === o.id} onChange={() => update({ ontologyId: o.id })} />
              <span>
                <span className="pj-choice-title">{o.name}</span>
                <span className="muted small"> · version {o.version}</span>
                {o.description && <span className="muted small pj-choice-text">{o.description}</span>}
              </span>
            </label>
          </li>
        ))}
      </ul>
    );

  return (
    <div className="pj-stack">
      <p className="muted">
        The project is pinned to the ontology's latest version; it can move to a newer one later. {ontologies.data?.length ? createLink : null}
      </p>
      {problems.ontology_id && (
        <p className="field-error" role="alert">
          {problems.ontology_id}
        </p>
      )}
      {body}
    </div>
  );
}
