import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMe } from "../api/auth";
import { ApiError, asFormError, statusOf } from "../api/client";
import {
  asDocument,
  useDeleteOntology,
  useOntology,
  useOntologyVersion,
  useOntologyVersions,
  useSaveSchema,
  useUpdateOntology,
  type OntologyDetail,
  type SchemaSave,
} from "../api/ontologies";
import { useCurrentWorkspace } from "../app/workspaceContext";
import { Badge } from "../components/Badge";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { FormAlert, TextField } from "../components/Field";
import { ArrowLeftIcon } from "../components/icons";
import { Modal } from "../components/Modal";
import { EmptyState, ErrorState, LoadingState } from "../components/States";
import { useToast } from "../components/Toasts";
import { formFields } from "../lib/form";
import { formatDate, plural } from "../lib/format";
import { OntologyEditor } from "../ontology/OntologyEditor";
import { toJSONText } from "../ontology/model";
import type { Ontology } from "../ontology/types";
import { download } from "./ontologies/download";

export function OntologyPage() {
  const { ontologyId = "" } = useParams();
  return <OntologyView key={ontologyId} ontologyId={ontologyId} />;
}

function OntologyView({ ontologyId }: { ontologyId: string }) {
  const { workspaceId } = useCurrentWorkspace();
  const ontology = useOntology(workspaceId, ontologyId);
  const back = (
    <Link to={`/w/${workspaceId}/ontologies`} className="back-link">
      <ArrowLeftIcon /> Ontologies
    </Link>
  );
  if (ontology.isPending) return <LoadingState label="Loading ontology…" />;
  if (ontology.isError) {
    return (
      <div className="page">
        {back}
        {statusOf(ontology.error) === 404 ? (
          <EmptyState title="Ontology not found">It does not exist, or it belongs to another workspace.</EmptyState>
        ) : (
          <ErrorState error={ontology.error} onRetry={() => void ontology.refetch()} title="Could not load this ontology" />
        )}
      </div>
    );
  }
  return <OntologyContent key={`${ontology.data.version}.${ontology.data.revision}`} workspaceId={workspaceId} ontology={ontology.data} back={back} />;
}

function OntologyContent({ workspaceId, ontology: o, back }: { workspaceId: string; ontology: OntologyDetail; back: ReactNode }) {
  const { role } = useCurrentWorkspace();
  const me = useMe();
  const canEdit = role === "admin" || (role !== "tasker" && me.data?.user.id === o.created_by);
  const saved = useMemo(() => asDocument(o.latest.schema), [o.latest.schema]);
  const [draft, setDraft] = useState<Ontology>(saved);
  const [review, setReview] = useState<SchemaSave | null>(null);
  const save = useSaveSchema(workspaceId, o.id);
  const toast = useToast();
  const dirty = useMemo(() => toJSONText(draft) !== toJSONText(saved), [draft, saved]);
  const problem = save.error ? asFormError(save.error) : undefined;
  const errors = save.error instanceof ApiError ? (save.error.problem?.errors ?? []) : [];

  function reviewChanges() {
    save.mutate({ schema: draft, version: o.version, revision: o.revision, dryRun: true }, { onSuccess: setReview });
  }
  function commit() {
    save.mutate(
      { schema: draft, version: o.version, revision: o.revision },
      {
        onSuccess: (r) => {
          setReview(null);
          toast.success(r.new_version ? `Saved as version ${r.version.version}` : `Saved version ${r.version.version}`);
        },
      },
    );
  }

  return (
    <div className="page page-wide">
      <title>{`${o.name} · Ontologies · Loupe`}</title>
      <PageHeader
        before={back}
        title={o.name}
        description={o.description || undefined}
        actions={
          <>
            <Badge tone="accent">
              v{o.version} · rev {o.revision}
            </Badge>
            <Button onClick={() => download(`${slug(o.name)}-v${o.version}.json`, toJSONText(saved))}>Export JSON</Button>
            {canEdit && (
              <Button variant="primary" disabled={!dirty} pending={save.isPending && !review} onClick={reviewChanges}>
                Review and save
              </Button>
            )}
          </>
        }
      />
      {!canEdit && <p className="notice">Only the ontology's creator and workspace admins change it. You can read it and export it.</p>}
      {problem && !review && <FormAlert message={problem.message} />}
      <OntologyEditor value={draft} onChange={setDraft} errors={errors} readOnly={!canEdit} savedValue={saved} />
      <VersionsCard workspaceId={workspaceId} ontology={o} />
      {canEdit && <SettingsCard workspaceId={workspaceId} ontology={o} />}
      {review && (
        <Modal title="Save these changes?" onClose={() => setReview(null)} size="lg">
          <SaveReview review={review} current={o.version} />
          <FormAlert message={problem?.message} />
          <div className="form-actions">
            <Button onClick={() => setReview(null)}>Keep editing</Button>
            <Button variant="primary" pending={save.isPending} onClick={commit}>
              {review.new_version ? `Save as version ${review.version.version}` : "Save"}
            </Button>
          </div>
        </Modal>
      )}
    </div>
  );
}

function slug(s: string) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "ontology";
}

function SaveReview({ review, current }: { review: SchemaSave; current: number }) {
  return (
    <div className="save-review" data-testid="save-review">
      {review.new_version ? (
        <p className="notice notice-warning">
          Some changes could make existing labels invalid, so they become <strong>version {review.version.version}</strong>. Projects on version{" "}
          {current} keep it until their admins move them, after a report of what changes.
        </p>
      ) : (
        <p className="notice">Every label valid today stays valid: version {current} is updated in place, and projects on it see the change at once.</p>
      )}
      {review.changes.length === 0 ? (
        <p className="muted">Only the order of things changed.</p>
      ) : (
        <ul className="change-list">
          {review.changes.map((c) => (
            <li key={c.path + c.description} className={c.breaking ? "change change-breaking" : "change"}>
              {c.breaking && <Badge tone="warning">breaking</Badge>} {c.description}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function VersionsCard({ workspaceId, ontology: o }: { workspaceId: string; ontology: OntologyDetail }) {
  const versions = useOntologyVersions(workspaceId, o.id);
  const [viewing, setViewing] = useState<number | undefined>();
  const version = useOntologyVersion(workspaceId, o.id, viewing);
  return (
    <Card title="Version history" description="A new version is made when an edit could invalidate labels; compatible edits update the latest in place." flush>
      {versions.isPending ? (
        <LoadingState />
      ) : versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Version</th>
                <th className="cell-num">Edits</th>
                <th className="cell-num">Projects on it</th>
                <th>Created</th>
                <th>Last changed</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.data.items.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <td>
                    v{v.version} {v.version === o.version && <Badge tone="success">latest</Badge>}
                  </td>
                  <td className="cell-num">{v.revision}</td>
                  <td className="cell-num">{v.project_count}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(v.created_at)}</td>
                  <td className="cell-muted cell-nowrap">{formatDate(v.updated_at)}</td>
                  <td className="cell-actions">
                    <Button size="sm" variant="ghost" onClick={() => setViewing(v.version)}>
                      View
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {viewing !== undefined && (
        <Modal
          title={`${o.name} — version ${viewing}`}
          size="lg"
          onClose={() => setViewing(undefined)}
          actions={
            version.data && (
              <Button size="sm" onClick={() => download(`${slug(o.name)}-v${viewing}.json`, toJSONText(asDocument(version.data.schema)))}>
                Export JSON
              </Button>
            )
          }
        >
          {version.isPending ? (
            <LoadingState />
          ) : version.isError ? (
            <ErrorState error={version.error} />
          ) : (
            <OntologyEditor value={asDocument(version.data.schema)} onChange={() => {}} readOnly />
          )}
        </Modal>
      )}
    </Card>
  );
}

function SettingsCard({ workspaceId, ontology: o }: { workspaceId: string; ontology: OntologyDetail }) {
  const update = useUpdateOntology(workspaceId, o.id);
  const remove = useDeleteOntology(workspaceId, o.id);
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const toast = useToast();
  const err = update.error ? asFormError(update.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name, description } = formFields(e.currentTarget);
    update.mutate({ name, description }, { onSuccess: () => toast.success("Ontology updated") });
  }

  return (
    <Card title="Settings">
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert message={err && !err.fields.name ? err.message : undefined} />
        <div className="form-grid">
          <TextField name="name" label="Ontology name" defaultValue={o.name} required maxLength={100} error={err?.fields.name} />
          <TextField name="description" label="Ontology description" defaultValue={o.description} maxLength={2000} error={err?.fields.description} />
        </div>
        <div className="form-actions form-actions-split">
          <Button variant="danger-ghost" onClick={() => setConfirming(true)} disabled={o.project_count > 0}>
            Delete ontology
          </Button>
          <Button type="submit" pending={update.isPending}>
            Save settings
          </Button>
        </div>
        {o.project_count > 0 && <p className="field-hint">{plural(o.project_count, "project")} use it: it cannot be deleted.</p>}
      </form>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${o.name}”?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error ? asFormError(remove.error).message : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => {
              toast.success("Ontology deleted");
              navigate(`/w/${workspaceId}/ontologies`);
            },
          })
        }
      >
        Every version of it goes. No project uses it.
      </ConfirmDialog>
    </Card>
  );
}
