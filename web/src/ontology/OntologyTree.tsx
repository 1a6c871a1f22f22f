// The editor's tree: one role="tree" for object classes, one for
// classifications. Arrow keys move the focus (Right and Left also open and
// close), Home and End jump, Enter or Space selects.
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { AlertIcon, ChevronRightIcon } from "../components/icons";
import {
  childPaths,
  classificationPath,
  getNode,
  nodeKind,
  nodeName,
  objectPath,
  pathKey,
  type AnyNode,
  type NodeKind,
  type NodePath,
  type Root,
} from "./model";
import type { Attribute, Classification, ObjectClass, Ontology } from "./types";
import { OptionIcon, ShapeIcon, TypeIcon } from "./icons";

export interface TreeRow {
  key: string;
  path: NodePath;
  kind: NodeKind;
  node: AnyNode;
  level: number;
  parent: string | null;
  children: TreeRow[];
}

export function buildRows(o: Ontology, root: Root): TreeRow[] {
  const make = (path: NodePath, level: number, parent: string | null): TreeRow => {
    const key = pathKey(path);
    return {
      key,
      path,
      kind: nodeKind(path),
      node: getNode(o, path)!,
      level,
      parent,
      children: childPaths(o, path).map((cp) => make(cp, level + 1, key)),
    };
  };
  return o[root].map((_, i) => make(root === "objects" ? objectPath(i) : classificationPath(i), 1, null));
}

function visibleRows(rows: TreeRow[], collapsed: ReadonlySet<string>): TreeRow[] {
  const out: TreeRow[] = [];
  const add = (r: TreeRow) => {
    out.push(r);
    if (!collapsed.has(r.key)) r.children.forEach(add);
  };
  rows.forEach(add);
  return out;
}

interface TreeProps {
  label: string;
  rows: TreeRow[];
  selectedKey: string | null;
  collapsed: ReadonlySet<string>;
  /** Keys of the nodes that have errors. */
  errorKeys: ReadonlySet<string>;
  onToggle: (key: string, expanded: boolean) => void;
  onSelect: (key: string) => void;
  /** The add-child buttons of a row. */
  actions?: (row: TreeRow) => ReactNode;
}

export function OntologyTree({ label, rows, selectedKey, collapsed, errorKeys, onToggle, onSelect, actions }: TreeProps) {
  const ref = useRef<HTMLUListElement>(null);
  const idBase = useId();
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const flat = useMemo(() => visibleRows(rows, collapsed), [rows, collapsed]);

  // The one item reached with Tab: the focused one, else the selected one, else the first.
  const tabKey =
    (focusKey && flat.some((r) => r.key === focusKey) && focusKey) ||
    (selectedKey && flat.some((r) => r.key === selectedKey) && selectedKey) ||
    flat[0]?.key;

  // Every item the keys move to is already shown: it can take the focus at once.
  function focus(k: string | undefined) {
    if (!k) return;
    setFocusKey(k);
    ref.current?.querySelector<HTMLElement>(`[data-node="${k}"]`)?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const el = e.target as HTMLElement;
    if (el.getAttribute("role") !== "treeitem") return;
    const i = flat.findIndex((r) => r.key === el.dataset.node);
    const row = flat[i];
    if (!row) return;
    const open = row.children.length > 0 && !collapsed.has(row.key);
    switch (e.key) {
      case "ArrowDown":
        focus(flat[i + 1]?.key);
        break;
      case "ArrowUp":
        focus(flat[i - 1]?.key);
        break;
      case "Home":
        focus(flat[0]?.key);
        break;
      case "End":
        focus(flat[flat.length - 1]?.key);
        break;
      case "ArrowRight":
        if (row.children.length === 0) break;
        if (open) focus(row.children[0].key);
        else onToggle(row.key, true);
        break;
      case "ArrowLeft":
        if (open) onToggle(row.key, false);
        else if (row.parent) focus(row.parent);
        break;
      case "Enter":
      case " ":
        onSelect(row.key);
        setFocusKey(row.key);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  const hasErrorBelow = (key: string) => {
    for (const k of errorKeys) if (k.startsWith(`${key}/`)) return true;
    return false;
  };

  const renderRow = (row: TreeRow): ReactNode => {
    const hasChildren = row.children.length > 0;
    const expanded = hasChildren && !collapsed.has(row.key);
    const selected = row.key === selectedKey;
    const labelId = `${idBase}-${row.key}`;
    const own = errorKeys.has(row.key);
    const marked = own || (!expanded && hasErrorBelow(row.key));
    return (
      <li
        key={row.key}
        role="treeitem"
        data-node={row.key}
        aria-level={row.level}
        aria-expanded={hasChildren ? expanded : undefined}
        aria-selected={selected}
        aria-labelledby={labelId}
        tabIndex={row.key === tabKey ? 0 : -1}
        className="onto-item"
        onFocus={(e) => {
          if (e.target === e.currentTarget) setFocusKey(row.key);
        }}
      >
        <div
          className={`onto-row${selected ? " is-selected" : ""}${marked ? " has-error" : ""}`}
          style={{ paddingLeft: `${8 + (row.level - 1) * 18}px` }}
          onClick={() => {
            onSelect(row.key);
            setFocusKey(row.key);
          }}
        >
          <span
            className={`onto-toggle${expanded ? " is-open" : ""}`}
            aria-hidden="true"
            onClick={(e) => {
              if (!hasChildren) return;
              e.stopPropagation();
              onToggle(row.key, !expanded);
            }}
          >
            {hasChildren && <ChevronRightIcon />}
          </span>
          <RowLabel row={row} id={labelId} />
          {marked && (
            <span className="onto-marker" role="img" aria-label={own ? "Has errors" : "Has errors inside"} title={own ? "Has errors" : "Has errors inside"}>
              <AlertIcon />
            </span>
          )}
          {actions && <span className="onto-row-actions">{actions(row)}</span>}
        </div>
        {expanded && (
          <ul role="group" className="onto-group">
            {row.children.map(renderRow)}
          </ul>
        )}
      </li>
    );
  };

  return (
    <ul ref={ref} role="tree" aria-label={label} className="onto-tree" onKeyDown={onKeyDown}>
      {rows.map(renderRow)}
    </ul>
  );
}

function RowLabel({ row, id }: { row: TreeRow; id: string }) {
  const name = nodeName(row.node).trim();
  const text = <span className={name ? "onto-name" : "onto-name is-empty"}>{name || "Unnamed"}</span>;
  switch (row.kind) {
    case "object": {
      const ob = row.node as ObjectClass;
      return (
        <span className="onto-label" id={id}>
          <span className="onto-swatch" style={{ background: ob.color }} aria-hidden="true" />
          <ShapeIcon shape={ob.shape} />
          {text}
          {ob.hotkey && <kbd className="onto-key" aria-label={`hotkey ${ob.hotkey}`}>{ob.hotkey}</kbd>}
        </span>
      );
    }
    case "classification": {
      const c = row.node as Classification;
      return (
        <span className="onto-label" id={id}>
          <TypeIcon type={c.type} />
          {text}
          {c.scope === "frame" && <span className="onto-meta">per frame</span>}
          {c.hotkey && <kbd className="onto-key" aria-label={`hotkey ${c.hotkey}`}>{c.hotkey}</kbd>}
        </span>
      );
    }
    case "attribute": {
      const a = row.node as Attribute;
      return (
        <span className="onto-label" id={id}>
          <TypeIcon type={a.type} />
          {text}
          {a.required && (
            <span className="onto-required" aria-label="required" title="Required">
              *
            </span>
          )}
          <span className="onto-meta">{a.type}</span>
        </span>
      );
    }
    default:
      return (
        <span className="onto-label" id={id}>
          <OptionIcon />
          {text}
        </span>
      );
  }
}
