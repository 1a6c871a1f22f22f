import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { asFormError } from "../api/client";
import { useCreateOntology, useOntologies } from "../api/ontologies";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { FileField, FormAlert, TextField } from "../components/Field";
import { ShapesIcon } from "../components/icons";
import { EmptyState, ErrorState, LoadingState, LoadMore } from "../components/States";
import { useToast } from "../components/Toasts";
import { formFields } from "../lib/form";
import { formatDate, plural } from "../lib/format";
import { can } from "../lib/permissions";
import { emptyOntology, parseOntologyJSON } from "../ontology/model";

export function OntologiesPage() {
  const { workspaceId, role } = useCurrentWorkspace();
  const ontologies = useOntologies(workspaceId);
  const canCreate = can(role, "ontologies.list");

  let body;
  if (ontologies.isPending) body = <LoadingState label="Loading ontologies…" />;
  else if (ontologies.isError) body = <ErrorState error={ontologies.error} onRetry={() => void ontologies.refetch()} />;
  else if (ontologies.items.length === 0)
    body = (
      <EmptyState icon={<ShapesIcon />} title="No ontologies yet">
        An ontology is what annotators label with: object classes with their shapes and attributes, and classifications of the whole item.
        Create one above; every project labels against one.
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
                <th className="cell-num">Version</th>
                <th className="cell-num">Projects</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {ontologies.items.map((o) => (
                <tr key={o.id} data-ontology={o.name}>
                  <td>
                    <Link to={o.id} className="row-link">
                      {o.name}
                    </Link>
                    {o.description && <div className="muted small clamp-1">{o.description}</div>}
                  </td>
                  <td className="cell-num">v{o.version}</td>
                  <td className="cell-num">{o.project_count.toLocaleString("en")}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(o.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <LoadMore {...ontologies} />
      </>
    );

  return (
    <div className="page">
      <title>Ontologies · Loupe</title>
      <PageHeader
        title="Ontologies"
        description="Labeling schemas: what annotators draw and answer. Projects pin a version, so an edit never breaks work in progress."
      />
      {canCreate && (
        <Card title="New ontology" description="Start empty and build it in the editor, or import a JSON document you exported before.">
          <CreateOntologyForm workspaceId={workspaceId} />
        </Card>
      )}
      <Card title="All ontologies" description={ontologies.items.length ? plural(ontologies.items.length, "ontology", "ontologies") : undefined} flush>
        {body}
      </Card>
    </div>
  );
}

function CreateOntologyForm({ workspaceId }: { workspaceId: string }) {
  const create = useCreateOntology(workspaceId);
  const toast = useToast();
  const navigate = useNavigate();
  const [fileError, setFileError] = useState<string>();
  const err = create.error ? asFormError(create.error) : undefined;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const { name, description } = formFields(form);
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    let schema = emptyOntology();
    setFileError(undefined);
    if (file) {
      const parsed = parseOntologyJSON(await file.text());
      if (!parsed.ok) {
        setFileError(parsed.error);
        return;
      }
      schema = parsed.ontology;
    }
    create.mutate(
      { name, description: description || undefined, schema },
      {
        onSuccess: (o) => {
          toast.success(`Ontology “${o.name}” created`);
          navigate(`/w/${workspaceId}/ontologies/${o.id}`);
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <FormAlert message={err && Object.keys(err.fields).length === 0 ? err.message : undefined} />
      <div className="form-grid">
        <TextField name="name" label="Name" required maxLength={100} placeholder="Vehicles and people" error={err?.fields.name} />
        <TextField name="description" label="Description" maxLength={2000} placeholder="Optional" error={err?.fields.description} />
      </div>
      <FileField
        name="file"
        label="Start from a file"
        accept="application/json,.json"
        hint="Optional: an ontology document exported from Loupe (or written by hand, see docs/ontologies.md)."
        error={fileError ?? (err && Object.keys(err.fields).some((f) => f !== "name" && f !== "description") ? err.message : undefined)}
      />
      <div className="form-actions">
        <Button type="submit" variant="primary" pending={create.isPending}>
          Create ontology
        </Button>
      </div>
    </form>
  );
}
