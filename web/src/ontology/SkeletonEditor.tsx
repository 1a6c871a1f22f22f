// The points and edges of a skeleton object class.
import { useState } from "react";
import { Button } from "../components/Button";
import { PlusIcon, XIcon } from "../components/icons";
import {
  addSkeletonEdge,
  addSkeletonPoint,
  canAddEdge,
  removeSkeletonEdge,
  removeSkeletonPoint,
  updateSkeletonPoint,
} from "./model";
import type { Ontology, Skeleton } from "./types";

interface SkeletonEditorProps {
  ontology: Ontology;
  objectIndex: number;
  skeleton: Skeleton;
  onChange: (o: Ontology) => void;
  /** Field errors of the object class, "skeleton…" fields among them. */
  errors: Record<string, string>;
  /** Whether a point's id is already used by labels (and must not follow its name). */
  isSaved: (pointId: string) => boolean;
  readOnly: boolean;
}

export function SkeletonEditor({ ontology, objectIndex, skeleton, onChange, errors, isSaved, readOnly }: SkeletonEditorProps) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const names = new Map(skeleton.points.map((pt) => [pt.id, pt.name || pt.id]));
  const edges = skeleton.edges ?? [];
  const known = (id: string) => skeleton.points.some((pt) => pt.id === id);
  const edgeFrom = known(from) ? from : (skeleton.points[0]?.id ?? "");
  const edgeTo = known(to) ? to : (skeleton.points[1]?.id ?? "");
  const general = ["skeleton", "skeleton.points", "skeleton.edges"].map((f) => errors[f]).filter(Boolean);

  return (
    <fieldset className="fieldset onto-skeleton">
      <legend className="section-title">Skeleton</legend>
      {general.map((m) => (
        <p key={m} className="field-error">
          {m}
        </p>
      ))}
      <table className="table table-compact onto-points">
        <thead>
          <tr>
            <th scope="col">Point</th>
            <th scope="col">Id</th>
            {!readOnly && <th scope="col" className="cell-actions" aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {skeleton.points.map((pt, i) => {
            const nameErr = errors[`skeleton.points[${i}].name`];
            const idErr = errors[`skeleton.points[${i}].id`] ?? errors[`skeleton.points[${i}]`];
            return (
              <tr key={i} data-point={i}>
                <td>
                  <input
                    className="input"
                    aria-label={`Point ${i + 1} name`}
                    value={pt.name}
                    disabled={readOnly}
                    aria-invalid={nameErr ? true : undefined}
                    onChange={(e) => onChange(updateSkeletonPoint(ontology, objectIndex, i, { name: e.target.value }, { autoId: !isSaved(pt.id) }))}
                  />
                  {nameErr && <p className="field-error">{nameErr}</p>}
                </td>
                <td>
                  <input
                    className="input onto-mono"
                    aria-label={`Point ${i + 1} id`}
                    value={pt.id}
                    disabled={readOnly}
                    spellCheck={false}
                    aria-invalid={idErr ? true : undefined}
                    onChange={(e) => onChange(updateSkeletonPoint(ontology, objectIndex, i, { id: e.target.value }))}
                  />
                  {idErr && <p className="field-error">{idErr}</p>}
                </td>
                {!readOnly && (
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove point ${pt.name || pt.id || i + 1}`}
                      title={skeleton.points.length === 1 ? "A skeleton needs at least one point" : "Remove point"}
                      disabled={skeleton.points.length === 1}
                      onClick={() => onChange(removeSkeletonPoint(ontology, objectIndex, i))}
                    >
                      <XIcon />
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && (
        <div>
          <Button size="sm" onClick={() => onChange(addSkeletonPoint(ontology, objectIndex))}>
            <PlusIcon />
            Add point
          </Button>
        </div>
      )}

      <div className="onto-edges">
        <p className="field-label">Edges</p>
        {edges.length === 0 ? (
          <p className="muted small">No edges: the points are not joined.</p>
        ) : (
          <ul className="onto-edge-list">
            {edges.map((e, i) => (
              <li key={i} className="onto-edge" data-edge={i}>
                <span>
                  {names.get(e[0]) ?? e[0]} <span className="muted">—</span> {names.get(e[1]) ?? e[1]}
                </span>
                {errors[`skeleton.edges[${i}]`] && <span className="field-error">{errors[`skeleton.edges[${i}]`]}</span>}
                {!readOnly && (
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove edge ${names.get(e[0]) ?? e[0]} to ${names.get(e[1]) ?? e[1]}`}
                    onClick={() => onChange(removeSkeletonEdge(ontology, objectIndex, i))}
                  >
                    <XIcon />
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {!readOnly && skeleton.points.length >= 2 && (
          <div className="onto-edge-add">
            <select className="select select-sm" aria-label="Edge from" value={edgeFrom} onChange={(e) => setFrom(e.target.value)}>
              {skeleton.points.map((pt, i) => (
                <option key={i} value={pt.id}>
                  {pt.name || pt.id}
                </option>
              ))}
            </select>
            <span className="muted">to</span>
            <select className="select select-sm" aria-label="Edge to" value={edgeTo} onChange={(e) => setTo(e.target.value)}>
              {skeleton.points.map((pt, i) => (
                <option key={i} value={pt.id}>
                  {pt.name || pt.id}
                </option>
              ))}
            </select>
            <Button
              size="sm"
              disabled={!canAddEdge(skeleton, edgeFrom, edgeTo)}
              onClick={() => onChange(addSkeletonEdge(ontology, objectIndex, edgeFrom, edgeTo))}
            >
              <PlusIcon />
              Add edge
            </Button>
          </div>
        )}
      </div>
    </fieldset>
  );
}
