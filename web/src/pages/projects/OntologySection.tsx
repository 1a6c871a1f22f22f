// The project's ontology: the pinned version, and for its admins the move to
// the latest one, after a report of what changes.
import { useState } from "react";
import { Link } from "react-router";
import { asFormError } from "../../api/client";
import { useOntology } from "../../api/ontologies";
import { useMoveOntology, type OntologyMove, type ProjectDetail } from "../../api/projects";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormAlert } from "../../components/Field";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/Toasts";
import { plural } from "../../lib/format";
import type { ProjectAbilities } from "./access";

interface SectionProps {
  workspaceId: string;
  project: ProjectDetail;
  abilities: ProjectAbilities;
}

export function OntologySection({ workspaceId, project, abilities }: SectionProps) {
  const ontology = useOntology(workspaceId, project.ontology_id);
  const move = useMoveOntology(workspaceId, project.id);
  const toast = useToast();
  const [report, setReport] = useState<OntologyMove | null>(null);
  const latest = ontology.data?.version;
  const pinned = project.ontology_version;
  const newer = latest !== undefined && latest > pinned;

  function dryRun(version: number) {
    setReport(null);
    move.mutate({ version, dryRun: true }, { onSuccess: setReport });
  }

  function apply() {
    if (!report) return;
    move.mutate(
      { version: report.to, dryRun: false },
      {
        onSuccess: (mv) => {
          setReport(null);
          toast.success(`The project now labels with version ${mv.to}`);
        },
      },
    );
  }

  return (
    <Card title="Ontology" description="What annotators label with. A project is pinned to one version of its ontology.">
      <div className="pj-stack" data-ontology-version={pinned}>
        <dl className="pj-facts">
          <dt>Ontology</dt>
          <dd>
            {ontology.isPending ? (
              <Spinner size="sm" label="Loading the ontology" />
            ) : ontology.data ? (
              <Link to={`/w/${workspaceId}/ontologies/${project.ontology_id}`}>{ontology.data.name}</Link>
            ) : (
              <span className="muted">Not available to you</span>
            )}
            {ontology.data?.description && <div className="muted small">{ontology.data.description}</div>}
          </dd>
          <dt>Pinned version</dt>
          <dd>
            <strong>Version {pinned}</strong>
          </dd>
          {latest !== undefined && (
            <>
              <dt>Latest version</dt>
              <dd>
                Version {latest} {newer ? <Badge tone="warning">Newer</Badge> : <Badge tone="success">Up to date</Badge>}
              </dd>
            </>
          )}
        </dl>
        {newer && abilities.editSettings && !report && (
          <div>
            <FormAlert message={move.error ? asFormError(move.error).message : undefined} />
            <Button variant="primary" onClick={() => dryRun(latest)} pending={move.isPending}>
              Move to version {latest}
            </Button>
          </div>
        )}
        {report && (
          <section className="pj-report" aria-label="What the move changes" data-move-report>
            <h3 className="pj-subtitle">
              From version {report.from} to version {report.to}
            </h3>
            {report.changes.length === 0 ? (
              <p>The versions are the same to labels: nothing changes.</p>
            ) : (
              <>
                <p>
                  {plural(report.changes.length, "change")}
                  {report.breaking ? ", some of them breaking." : ", none of them breaking."}
                </p>
                <ul className="change-list">
                  {report.changes.map((c, i) => (
                    <li key={i} className={c.breaking ? "change change-breaking" : "change"} data-breaking={c.breaking}>
                      {c.breaking && <Badge tone="warning">Breaking</Badge>} {c.description}
                      <div className="muted small">{c.path}</div>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {report.breaking && (
              <div className="notice notice-warning">
                Labels made under version {report.from} may not be valid under version {report.to}. The project's{" "}
                {plural(report.tasks, "task")} are checked against the new version when they are next submitted.
              </div>
            )}
            <FormAlert message={move.error ? asFormError(move.error).message : undefined} />
            <div className="form-actions">
              <Button onClick={() => setReport(null)} disabled={move.isPending}>
                Cancel
              </Button>
              <Button variant={report.breaking ? "danger" : "primary"} onClick={apply} pending={move.isPending}>
                Apply the move
              </Button>
            </div>
          </section>
        )}
      </div>
    </Card>
  );
}
