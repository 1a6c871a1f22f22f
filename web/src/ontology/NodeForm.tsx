// The form of the selected node: an object class, an attribute, an option or
// a classification. Every change goes straight to onChange.
import { useEffect, useId } from "react";
import { Button } from "../components/Button";
import { SelectField, TextField } from "../components/Field";
import {
  freeHotkeys,
  getNode,
  hotkeyOwner,
  isAutoId,
  isChoice,
  nodeKind,
  nodeName,
  parentPath,
  updateNode,
  type NodeKind,
  type NodePatch,
  type NodePath,
} from "./model";
import {
  ATTRIBUTE_TYPES,
  SCOPES,
  SHAPES,
  type Attribute,
  type AttributeType,
  type Classification,
  type ObjectClass,
  type Ontology,
  type Option,
  type Scope,
  type Shape,
} from "./types";
import { CheckField, ColourField, HotkeyField, NumberField } from "./fields";
import { ArrowDownIcon, ArrowUpIcon, choices, SCOPE_LABELS, SHAPE_LABELS, TrashIcon, TYPE_LABELS } from "./icons";
import { SkeletonEditor } from "./SkeletonEditor";

export const KIND_LABELS: Record<NodeKind, string> = {
  object: "Object class",
  classification: "Classification",
  attribute: "Attribute",
  option: "Option",
};

/** The fields each kind of node shows next to its control; errors on any other field go above the form. */
const SHOWN: Record<NodeKind, readonly string[]> = {
  object: ["name", "id", "shape", "color", "hotkey"],
  classification: ["name", "id", "type", "options", "scope", "hotkey", "required", "max_length", "min", "max", "integer"],
  attribute: ["name", "id", "type", "options", "required", "max_length", "min", "max", "integer"],
  option: ["label", "id"],
};

function isShown(kind: NodeKind, field: string): boolean {
  if (SHOWN[kind].includes(field)) return true;
  return kind === "object" && field.startsWith("skeleton");
}

interface NodeFormProps {
  ontology: Ontology;
  path: NodePath;
  /** This node's errors by field. */
  errors: Record<string, string>;
  readOnly: boolean;
  /** Whether a rename may still move the id (false once labels may use it). */
  autoId: boolean;
  isSavedPoint: (pointId: string) => boolean;
  onChange: (o: Ontology) => void;
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
  canMoveUp: boolean;
  canMoveDown: boolean;
  /** Bumped to put the cursor in the name box (after an add). */
  focusName: number;
}

export function NodeForm(props: NodeFormProps) {
  const { ontology, path, errors, readOnly, autoId, onChange, focusName } = props;
  const formId = useId();
  const kind = nodeKind(path);
  const node = getNode(ontology, path)!;
  const set = (patch: NodePatch) => onChange(updateNode(ontology, path, patch, { autoId }));
  const nameField = kind === "option" ? "label" : "name";
  const name = nodeName(node);

  useEffect(() => {
    if (!focusName) return;
    const el = document.getElementById(`${formId}-name`) as HTMLInputElement | null;
    el?.focus();
    el?.select();
  }, [focusName, formId]);

  const loose = Object.entries(errors).filter(([f]) => !isShown(kind, f));
  const idHint = readOnly
    ? undefined
    : !autoId
      ? "Labels refer to this id: renaming keeps it."
      : isAutoId(node.id, name, kind)
        ? "Made from the name until you change it. Labels refer to the id."
        : "Labels refer to the id.";

  return (
    <section className="onto-form" aria-labelledby={`${formId}-title`}>
      <header className="onto-form-header">
        <div className="stack-tight">
          <p className="onto-form-kind">{KIND_LABELS[kind]}</p>
          <h3 id={`${formId}-title`} className="onto-form-title">
            {name.trim() || "Unnamed"}
          </h3>
          <Breadcrumb ontology={ontology} path={path} />
        </div>
        {!readOnly && (
          <div className="onto-form-actions">
            <Button size="sm" variant="ghost" disabled={!props.canMoveUp} onClick={() => props.onMove(-1)}>
              <ArrowUpIcon />
              Move up
            </Button>
            <Button size="sm" variant="ghost" disabled={!props.canMoveDown} onClick={() => props.onMove(1)}>
              <ArrowDownIcon />
              Move down
            </Button>
            <Button size="sm" variant="danger-ghost" onClick={props.onDelete}>
              <TrashIcon />
              Delete
            </Button>
          </div>
        )}
      </header>

      {loose.length > 0 && (
        <div role="alert" className="alert alert-error onto-form-alert">
          {loose.map(([f, m]) => (
            <p key={f}>{f ? `${f}: ${m}` : m}</p>
          ))}
        </div>
      )}

      <div className="onto-form-body">
        <div className="form-grid">
          <TextField
            id={`${formId}-name`}
            name={nameField}
            label={kind === "option" ? "Label" : "Name"}
            value={name}
            maxLength={100}
            disabled={readOnly}
            autoComplete="off"
            error={errors[nameField]}
            onChange={(e) => set(kind === "option" ? { label: e.target.value } : { name: e.target.value })}
          />
          <TextField
            name="id"
            label="Id"
            className="onto-mono"
            value={node.id}
            disabled={readOnly}
            autoComplete="off"
            spellCheck={false}
            error={errors.id}
            hint={idHint}
            onChange={(e) => set({ id: e.target.value })}
          />
        </div>
        {kind === "object" && <ObjectFields {...props} node={node as ObjectClass} set={set} />}
        {(kind === "attribute" || kind === "classification") && <AttributeFields {...props} node={node as Attribute} set={set} />}
        {kind === "option" && <OptionFacts node={node as Option} />}
      </div>
    </section>
  );
}

function Breadcrumb({ ontology, path }: { ontology: Ontology; path: NodePath }) {
  const trail: string[] = [];
  for (let p = parentPath(path); p; p = parentPath(p)) {
    const n = getNode(ontology, p);
    if (n) trail.unshift(nodeName(n).trim() || "Unnamed");
  }
  if (!trail.length) return null;
  return <p className="onto-breadcrumb">in {trail.join(" › ")}</p>;
}

type FieldsProps<T> = NodeFormProps & { node: T; set: (patch: NodePatch) => void };

function hotkeyProps(ontology: Ontology, path: NodePath) {
  return {
    free: freeHotkeys(ontology, path),
    check: (key: string) => {
      const owner = hotkeyOwner(ontology, key, path);
      return owner ? `'${key}' is already the hotkey of '${owner.name}'` : null;
    },
  };
}

function ObjectFields({ ontology, path, errors, readOnly, node, set, onChange, isSavedPoint }: FieldsProps<ObjectClass>) {
  return (
    <>
      <div className="form-grid">
        <SelectField
          name="shape"
          label="Shape"
          value={node.shape}
          disabled={readOnly}
          error={errors.shape}
          options={choices(SHAPES, SHAPE_LABELS, node.shape)}
          onChange={(e) => set({ shape: e.target.value as Shape })}
        />
        <HotkeyField
          key={path.index}
          value={node.hotkey ?? ""}
          disabled={readOnly}
          error={errors.hotkey}
          onChange={(hotkey) => set({ hotkey })}
          {...hotkeyProps(ontology, path)}
        />
      </div>
      <ColourField value={node.color} disabled={readOnly} error={errors.color} onChange={(color) => set({ color })} />
      {node.shape === "skeleton" && (
        <SkeletonEditor
          key={path.index}
          ontology={ontology}
          objectIndex={path.index}
          skeleton={node.skeleton ?? { points: [], edges: [] }}
          onChange={onChange}
          errors={errors}
          isSaved={isSavedPoint}
          readOnly={readOnly}
        />
      )}
      {node.shape !== "skeleton" && errors.skeleton && <p className="field-error">{errors.skeleton}</p>}
    </>
  );
}

function AttributeFields({ ontology, path, errors, readOnly, node, set }: FieldsProps<Attribute>) {
  const kind = nodeKind(path);
  const options = node.options?.length ?? 0;
  const typeHint = isChoice(node.type)
    ? `${options} option${options === 1 ? "" : "s"}; add more with "Add option" in the tree.`
    : "Changing to radio or checklist adds an option.";
  return (
    <>
      <div className="form-grid">
        <SelectField
          name="type"
          label="Type"
          value={node.type}
          disabled={readOnly}
          error={[errors.type, errors.options].filter(Boolean).join("; ") || undefined}
          hint={readOnly ? undefined : typeHint}
          options={choices(ATTRIBUTE_TYPES, TYPE_LABELS, node.type)}
          onChange={(e) => set({ type: e.target.value as AttributeType })}
        />
        {kind === "classification" && (
          <SelectField
            name="scope"
            label="Scope"
            value={(node as Classification).scope}
            disabled={readOnly}
            error={errors.scope}
            options={choices(SCOPES, SCOPE_LABELS, (node as Classification).scope)}
            onChange={(e) => set({ scope: e.target.value as Scope })}
          />
        )}
        {kind === "classification" && (
          <HotkeyField
            key={path.index}
            value={(node as Classification).hotkey ?? ""}
            disabled={readOnly}
            error={errors.hotkey}
            onChange={(hotkey) => set({ hotkey })}
            {...hotkeyProps(ontology, path)}
          />
        )}
      </div>
      <CheckField
        label="Required"
        checked={!!node.required}
        disabled={readOnly}
        error={errors.required}
        hint={path.rest.length > 1 ? "Required only when its option is chosen." : undefined}
        onChange={(required) => set({ required: required || undefined })}
      />
      {node.type === "text" && (
        <div className="form-grid">
          <NumberField
            label="Max length"
            integer
            value={node.max_length}
            placeholder="10000"
            disabled={readOnly}
            error={errors.max_length}
            hint="Characters; 10000 when empty."
            onChange={(max_length) => set({ max_length })}
          />
        </div>
      )}
      {node.type === "number" && (
        <>
          <div className="form-grid">
            <NumberField label="Min" integer={node.integer} value={node.min} disabled={readOnly} error={errors.min} onChange={(min) => set({ min })} />
            <NumberField label="Max" integer={node.integer} value={node.max} disabled={readOnly} error={errors.max} onChange={(max) => set({ max })} />
          </div>
          <CheckField
            label="Integer"
            checked={!!node.integer}
            disabled={readOnly}
            error={errors.integer}
            onChange={(integer) => set({ integer: integer || undefined })}
          />
        </>
      )}
    </>
  );
}

function OptionFacts({ node }: { node: Option }) {
  const n = node.attributes?.length ?? 0;
  return (
    <p className="muted small">
      {n === 0
        ? "Choosing this option can reveal nested attributes: add them in the tree."
        : `Choosing this option reveals ${n} nested attribute${n === 1 ? "" : "s"}.`}
    </p>
  );
}
