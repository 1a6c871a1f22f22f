// The ontology editor: the tree of object classes and classifications on the
// left, the selected node's form in the middle, the live JSON on the right.
// It is controlled: value in, every edit out through onChange. The model
// (model.ts) does the editing; this file only wires it to the page.
import { useId, useMemo, useRef, useState } from "react";
import { Badge } from "../components/Badge";
import { Button } from "../components/Button";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { CopyButton } from "../components/CopyButton";
import { EmptyState } from "../components/States";
import { PlusIcon } from "../components/icons";
import {
  addAttribute,
  addClassification,
  addObject,
  addOption,
  canAddAttribute,
  canAddOption,
  childPaths,
  errorsByPath,
  getNode,
  idPath,
  indexOf,
  mergeErrors,
  moveNode,
  nodeKind,
  nodeName,
  parentPath,
  parsePathKey,
  pathKey,
  pointIdPath,
  removeNode,
  savedIds,
  toJSONText,
  validateLocal,
  type Edit,
  type FieldError,
  type NodePath,
} from "./model";
import type { Ontology } from "./types";
import { buildRows, OntologyTree, type TreeRow } from "./OntologyTree";
import { KIND_LABELS, NodeForm } from "./NodeForm";
import { ImportDialog } from "./ImportDialog";
import "./ontology.css";

export interface OntologyEditorProps {
  value: Ontology;
  onChange(o: Ontology): void;
  /** The server's field errors (problem+json "errors"), placed on their nodes and fields. */
  errors?: FieldError[];
  readOnly?: boolean;
  /**
   * The document as last saved: labels may use its ids, so renaming one of
   * its nodes keeps the id. Without it, the editor takes the last value it
   * was given that it did not make itself (the one loaded, or reloaded
   * after a save).
   */
  savedValue?: Ontology;
}

function firstKey(o: Ontology): string | null {
  if (o.objects.length) return "objects/0";
  if (o.classifications.length) return "classifications/0";
  return null;
}

/** remapKeys renumbers the keys under one sibling list ("objects/0/attributes") after a move or a removal. */
function remapKeys(keys: ReadonlySet<string>, list: string, map: (i: number) => number | null): Set<string> {
  const at = list.split("/").length;
  const out = new Set<string>();
  for (const k of keys) {
    if (!k.startsWith(`${list}/`)) {
      out.add(k);
      continue;
    }
    const parts = k.split("/");
    const j = map(Number(parts[at]));
    if (j === null) continue;
    parts[at] = String(j);
    out.add(parts.join("/"));
  }
  return out;
}

function listOf(key: string): string {
  return key.split("/").slice(0, -1).join("/");
}

function withoutAncestors(keys: ReadonlySet<string>, key: string): Set<string> {
  return new Set([...keys].filter((k) => !key.startsWith(`${k}/`)));
}

function descendants(o: Ontology, p: NodePath): { attributes: number; options: number } {
  const n = { attributes: 0, options: 0 };
  const down = (q: NodePath) =>
    childPaths(o, q).forEach((c) => {
      n[nodeKind(c) === "option" ? "options" : "attributes"]++;
      down(c);
    });
  down(p);
  return n;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function OntologyEditor({ value, onChange: emit, errors, readOnly = false, savedValue }: OntologyEditorProps) {
  const previewId = useId();
  // The last document this editor made, to tell its own edits from a document
  // loaded from outside, whose ids labels may already use.
  const made = useRef<Ontology | null>(null);
  const [outside, setOutside] = useState(value);
  const [selectedKey, setSelectedKey] = useState<string | null>(() => firstKey(value));
  if (value !== outside && value !== made.current) {
    setOutside(value);
    const current = selectedKey ? parsePathKey(selectedKey) : null;
    if (!current || !getNode(value, current)) setSelectedKey(firstKey(value));
  }
  const saved = useMemo(() => savedIds(savedValue ?? outside), [savedValue, outside]);
  const onChange = (o: Ontology) => {
    made.current = o;
    emit(o);
  };
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [showJSON, setShowJSON] = useState(true);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<NodePath | null>(null);
  const [focusName, setFocusName] = useState(0);

  const local = useMemo(() => validateLocal(value), [value]);
  const nodeErrors = useMemo(() => mergeErrors(errorsByPath(errors), errorsByPath(local)), [errors, local]);
  const errorKeys = useMemo(() => new Set(Object.keys(nodeErrors).filter((k) => k !== "")), [nodeErrors]);
  const problemCount = useMemo(() => Object.values(nodeErrors).reduce((n, f) => n + Object.keys(f).length, 0), [nodeErrors]);
  const json = useMemo(() => toJSONText(value), [value]);
  const objectRows = useMemo(() => buildRows(value, "objects"), [value]);
  const classificationRows = useMemo(() => buildRows(value, "classifications"), [value]);

  const selectedPath = selectedKey ? parsePathKey(selectedKey) : null;
  const selected = selectedPath && getNode(value, selectedPath) ? selectedPath : null;

  function added(edit: Edit) {
    const key = pathKey(edit.path);
    onChange(edit.ontology);
    setSelectedKey(key);
    setCollapsed((c) => withoutAncestors(c, key));
    setFocusName((n) => n + 1);
  }

  function move(p: NodePath, delta: -1 | 1) {
    const edit = moveNode(value, p, delta);
    if (edit.ontology === value) return;
    const i = indexOf(p);
    const j = indexOf(edit.path);
    onChange(edit.ontology);
    setSelectedKey(pathKey(edit.path));
    setCollapsed((c) => remapKeys(c, listOf(pathKey(p)), (k) => (k === i ? j : k === j ? i : k)));
  }

  function remove(p: NodePath) {
    const next = removeNode(value, p);
    const i = indexOf(p);
    const key = pathKey(p);
    const list = listOf(key);
    const siblingsLeft = (parentPath(p) ? childPaths(next, parentPath(p)!) : next[p.root]).length;
    let sel: string | null;
    if (siblingsLeft > i) sel = key;
    else if (i > 0) sel = `${list}/${i - 1}`;
    else if (parentPath(p)) sel = pathKey(parentPath(p)!);
    else sel = firstKey(next);
    onChange(next);
    setSelectedKey(sel);
    setCollapsed((c) => remapKeys(c, list, (k) => (k === i ? null : k > i ? k - 1 : k)));
    setDeleting(null);
  }

  function askRemove(p: NodePath) {
    const d = descendants(value, p);
    if (d.attributes + d.options === 0) remove(p);
    else setDeleting(p);
  }

  const rowActions = (row: TreeRow) => {
    if (readOnly) return null;
    const tab = row.key === selectedKey ? 0 : -1;
    const name = nodeName(row.node).trim() || "Unnamed";
    const button = (text: string, title: string, edit: () => Edit) => (
      <Button
        size="sm"
        variant="ghost"
        className="onto-add-child"
        tabIndex={tab}
        title={title}
        onClick={(e) => {
          e.stopPropagation();
          added(edit());
        }}
      >
        <PlusIcon />
        {text}
      </Button>
    );
    if (row.kind === "object") return button("Add attribute", `Add an attribute to '${name}'`, () => addAttribute(value, row.path));
    if (row.kind === "option") {
      return canAddAttribute(value, row.path)
        ? button("Add nested attribute", `Add an attribute shown when '${name}' is chosen`, () => addAttribute(value, row.path))
        : null;
    }
    return canAddOption(value, row.path) ? button("Add option", `Add an option to '${name}'`, () => addOption(value, row.path)) : null;
  };

  const toggle = (key: string, expanded: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (expanded) next.delete(key);
      else next.add(key);
      return next;
    });

  const treeProps = { selectedKey: selected ? pathKey(selected) : null, collapsed, errorKeys, onToggle: toggle, onSelect: setSelectedKey, actions: rowActions };
  const documentErrors = Object.entries(nodeErrors[""] ?? {});
  const deletingNode = deleting && getNode(value, deleting);
  const deletingCounts = deleting && deletingNode ? descendants(value, deleting) : null;

  return (
    <div className="onto-editor">
      <div className={`onto-layout${showJSON ? "" : " is-preview-hidden"}${readOnly ? " is-readonly" : ""}`}>
        <div className="onto-toolbar">
          <p className="onto-summary">
            {plural(value.objects.length, "object class", "object classes")} · {plural(value.classifications.length, "classification")}
            {problemCount > 0 && <Badge tone="danger">{plural(problemCount, "problem")}</Badge>}
          </p>
          <div className="onto-toolbar-actions">
            {!readOnly && (
              <Button size="sm" onClick={() => setImporting(true)}>
                Import JSON
              </Button>
            )}
            <Button size="sm" variant="ghost" aria-expanded={showJSON} aria-controls={previewId} onClick={() => setShowJSON((s) => !s)}>
              {showJSON ? "Hide JSON" : "Show JSON"}
            </Button>
          </div>
        </div>

        <nav className="onto-panel onto-tree-panel" aria-label="Ontology">
          {documentErrors.length > 0 && (
            <div role="alert" className="alert alert-error onto-doc-errors">
              {documentErrors.map(([f, m]) => (
                <p key={f}>{f ? `${f}: ${m}` : m}</p>
              ))}
            </div>
          )}
          <section className="onto-tree-section">
            <h3 className="section-title">Object classes</h3>
            {objectRows.length ? (
              <OntologyTree label="Object classes" rows={objectRows} {...treeProps} />
            ) : (
              <p className="onto-tree-empty">No object classes yet.</p>
            )}
            {!readOnly && (
              <Button size="sm" variant="ghost" className="onto-add-root" onClick={() => added(addObject(value))}>
                <PlusIcon />
                Add object
              </Button>
            )}
          </section>
          <section className="onto-tree-section">
            <h3 className="section-title">Classifications</h3>
            {classificationRows.length ? (
              <OntologyTree label="Classifications" rows={classificationRows} {...treeProps} />
            ) : (
              <p className="onto-tree-empty">No classifications yet.</p>
            )}
            {!readOnly && (
              <Button size="sm" variant="ghost" className="onto-add-root" onClick={() => added(addClassification(value))}>
                <PlusIcon />
                Add classification
              </Button>
            )}
          </section>
        </nav>

        <div className="onto-panel onto-form-panel">
          {selected ? (
            <NodeForm
              ontology={value}
              path={selected}
              errors={nodeErrors[pathKey(selected)] ?? {}}
              readOnly={readOnly}
              autoId={!saved.has(idPath(value, selected) ?? "")}
              isSavedPoint={(id) => saved.has(pointIdPath(value, selected.index, id))}
              onChange={onChange}
              onMove={(d) => move(selected, d)}
              onDelete={() => askRemove(selected)}
              canMoveUp={indexOf(selected) > 0}
              canMoveDown={indexOf(selected) < (parentPath(selected) ? childPaths(value, parentPath(selected)!) : value[selected.root]).length - 1}
              focusName={focusName}
            />
          ) : (
            <EmptyState title={value.objects.length || value.classifications.length ? "Nothing selected" : "An empty ontology"}>
              {readOnly
                ? "Pick an object class or a classification in the tree to see it."
                : "Add an object class or a classification, or pick one in the tree to edit it."}
            </EmptyState>
          )}
        </div>

        {showJSON && (
          <aside id={previewId} className="onto-panel onto-preview" aria-label="JSON preview">
            <header className="onto-preview-header">
              <h3 className="section-title">JSON</h3>
              <CopyButton text={json} label="Copy JSON" />
            </header>
            <pre className="json onto-json" data-testid="ontology-json">
              {json}
            </pre>
          </aside>
        )}

        {importing && (
          <ImportDialog
            current={value}
            onClose={() => setImporting(false)}
            onImport={(o) => {
              onChange(o);
              setImporting(false);
              setSelectedKey(firstKey(o));
              setCollapsed(new Set());
            }}
          />
        )}

        <ConfirmDialog
          open={!!deletingNode}
          title={`Delete ${deleting ? KIND_LABELS[nodeKind(deleting)].toLowerCase() : ""} '${deletingNode ? nodeName(deletingNode).trim() || "Unnamed" : ""}'?`}
          confirmLabel="Delete"
          onCancel={() => setDeleting(null)}
          onConfirm={() => deleting && remove(deleting)}
        >
          {deletingCounts &&
            `Everything under it goes too: ${[
              deletingCounts.attributes ? plural(deletingCounts.attributes, "attribute") : "",
              deletingCounts.options ? plural(deletingCounts.options, "option") : "",
            ]
              .filter(Boolean)
              .join(" and ")}.`}
        </ConfirmDialog>
      </div>
    </div>
  );
}
