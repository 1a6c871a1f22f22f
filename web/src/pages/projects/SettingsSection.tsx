// The project's settings: name, description and tags; deleting it.
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { asFormError } from "../../api/client";
import { useDeleteProject, useUpdateProject, type ProjectDetail } from "../../api/projects";
import { useCurrentWorkspace } from "../../app/workspaceContext";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { FormAlert, TextAreaField, TextField } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { useToast } from "../../components/Toasts";
import { formFields } from "../../lib/form";
import { plural } from "../../lib/format";
import { can } from "../../lib/permissions";
import type { ProjectAbilities } from "./access";
import { errorsUnder, messageAt, problemErrors } from "./errors";
import { TagPicker } from "./TagPicker";
import { DESCRIPTION_MAX, NAME_MAX } from "./wizard";

interface SectionProps {
  workspaceId: string;
  project: ProjectDetail;
  abilities: ProjectAbilities;
}

export function SettingsSection({ workspaceId, project, abilities }: SectionProps) {
  return (
    <>
      <Card title="Details">
        <SettingsForm key={project.updated_at} workspaceId={workspaceId} project={project} readOnly={!abilities.editSettings} />
      </Card>
      {abilities.deleteProject && <DeleteProjectCard workspaceId={workspaceId} project={project} />}
    </>
  );
}

function SettingsForm({ workspaceId, project, readOnly }: { workspaceId: string; project: ProjectDetail; readOnly: boolean }) {
  const { role } = useCurrentWorkspace();
  const update = useUpdateProject(workspaceId, project.id);
  const toast = useToast();
  const [tagIds, setTagIds] = useState(() => project.tags.map((t) => t.id));
  const errors = problemErrors(update.error);
  const fields = {
    name: messageAt(errors, "body.name"),
    description: messageAt(errors, "body.description"),
    tags: errorsUnder(errors, "body.tag_ids")
      .map((e) => e.message)
      .join("; "),
  };
  const message = update.error && !fields.name && !fields.description && !fields.tags ? asFormError(update.error).message : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const { name, description } = formFields(e.currentTarget);
    update.mutate({ name, description, tag_ids: tagIds }, { onSuccess: () => toast.success("Project saved") });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Project details">
      <FormAlert message={message} />
      <TextField name="name" label="Name" required maxLength={NAME_MAX} defaultValue={project.name} error={fields.name} disabled={readOnly} />
      <TextAreaField
        name="description"
        label="Description"
        rows={3}
        maxLength={DESCRIPTION_MAX}
        defaultValue={project.description}
        error={fields.description}
        disabled={readOnly}
      />
      <TagPicker
        workspaceId={workspaceId}
        value={tagIds}
        onChange={setTagIds}
        error={fields.tags || undefined}
        canCreate={can(role, "tags.manage")}
        disabled={readOnly}
      />
      {!readOnly && (
        <div className="form-actions">
          <Button type="submit" variant="primary" pending={update.isPending}>
            Save
          </Button>
        </div>
      )}
    </form>
  );
}

function DeleteProjectCard({ workspaceId, project }: { workspaceId: string; project: ProjectDetail }) {
  const del = useDeleteProject(workspaceId, project.id);
  const toast = useToast();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const matches = typed.trim() === project.name.trim();

  function close() {
    if (del.isPending) return;
    setConfirming(false);
    setTyped("");
  }

  return (
    <Card title="Danger zone">
      <div className="danger-zone danger-zone-flat">
        <div>
          <strong>Delete this project</strong>
          <p className="muted">
            Its {plural(project.task_count, "task")} and their labels are deleted. Its datasets and its ontology stay.
          </p>
        </div>
        <Button
          variant="danger"
          onClick={() => {
            del.reset();
            setConfirming(true);
          }}
        >
          Delete project
        </Button>
      </div>
      {confirming && (
        <Modal title={`Delete “${project.name}”?`} onClose={close}>
          <form
            className="form"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!matches) return;
              del.mutate(undefined, {
                onSuccess: () => {
                  toast.success(`Project “${project.name}” deleted`);
                  navigate(`/w/${workspaceId}/projects`, { replace: true });
                },
              });
            }}
          >
            <p>
              {plural(project.task_count, "task")} and their labels are deleted. This cannot be undone. To confirm, type the project's name:{" "}
              <strong>{project.name}</strong>
            </p>
            <TextField
              name="confirm_name"
              label="Type the project's name to confirm"
              autoComplete="off"
              autoFocus
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
            />
            <FormAlert message={del.error ? asFormError(del.error).message : undefined} />
            <div className="dialog-actions">
              <Button onClick={close} disabled={del.isPending}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" pending={del.isPending} disabled={!matches}>
                Delete project
              </Button>
            </div>
          </form>
        </Modal>
      )}
    </Card>
  );
}
