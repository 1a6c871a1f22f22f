// TagPicker chooses a project's tags from the workspace's, and, for those who
// may, defines a new one on the spot (it is chosen at once).
import { useId, useState, type KeyboardEvent } from "react";
import { asFormError } from "../../api/client";
import { useCreateTag, useTags } from "../../api/projects";
import { Button } from "../../components/Button";
import { Spinner } from "../../components/Spinner";
import { useToast } from "../../components/Toasts";
import { tagStyle } from "./access";

const COLORS = ["#4f46e5", "#0086c9", "#067647", "#b54708", "#d92d20", "#7a5af8", "#64748b"];

interface TagPickerProps {
  workspaceId: string;
  value: string[];
  onChange(ids: string[]): void;
  /** The server's complaint about the tags (tag_ids). */
  error?: string;
  canCreate: boolean;
  disabled?: boolean;
}

export function TagPicker({ workspaceId, value, onChange, error, canCreate, disabled }: TagPickerProps) {
  const tags = useTags(workspaceId);
  const create = useCreateTag(workspaceId);
  const toast = useToast();
  const [name, setName] = useState("");
  const [color, setColor] = useState(COLORS[0]);
  const [localError, setLocalError] = useState("");
  const id = useId();
  const createErr = create.error ? asFormError(create.error) : undefined;
  const nameError = localError || createErr?.fields.name || createErr?.message;

  function toggle(tagId: string, on: boolean) {
    onChange(on ? [...value.filter((x) => x !== tagId), tagId] : value.filter((x) => x !== tagId));
  }

  function add() {
    const n = name.trim();
    if (!n) {
      setLocalError("Name the tag");
      return;
    }
    const same = tags.data?.find((t) => t.name.toLowerCase() === n.toLowerCase());
    if (same) {
      toggle(same.id, true);
      setName("");
      return;
    }
    setLocalError("");
    create.mutate(
      { name: n, color },
      {
        onSuccess: (t) => {
          toast.success(`Tag “${t.name}” created`);
          onChange([...value, t.id]);
          setName("");
          create.reset();
        },
      },
    );
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  }

  return (
    <fieldset className="fieldset pj-tag-picker" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">Tags</legend>
      {tags.isPending ? (
        <Spinner size="sm" label="Loading tags" />
      ) : tags.isError ? (
        <p className="field-error">Could not load the tags: {asFormError(tags.error).message}</p>
      ) : tags.data.length === 0 ? (
        <p className="muted small">{canCreate ? "No tags yet; define one below." : "The workspace has no tags yet."}</p>
      ) : (
        <div className="pj-tag-options">
          {tags.data.map((t) => (
            <label key={t.id} className="pj-tag pj-tag-option" style={tagStyle(t.color)} data-tag={t.name}>
              <input type="checkbox" checked={value.includes(t.id)} disabled={disabled} onChange={(e) => toggle(t.id, e.target.checked)} />
              <span className="pj-tag-dot" aria-hidden="true" />
              {t.name}
            </label>
          ))}
        </div>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {canCreate && !disabled && (
        <div className="pj-tag-new">
          <div className="field field-grow">
            <label htmlFor={`${id}-name`}>New tag</label>
            <input
              id={`${id}-name`}
              className="input"
              value={name}
              maxLength={100}
              placeholder="e.g. Pilot"
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? `${id}-name-error` : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setLocalError("");
              }}
              onKeyDown={onKeyDown}
            />
            {nameError && (
              <p className="field-error" id={`${id}-name-error`}>
                {nameError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-color`}>Colour</label>
            <input id={`${id}-color`} className="pj-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
          </div>
          <div className="field field-button">
            <Button onClick={add} pending={create.isPending}>
              Add tag
            </Button>
          </div>
        </div>
      )}
    </fieldset>
  );
}
