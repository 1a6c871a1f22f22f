// What the canvas draws: stage nodes and edges, as memoized components whose
// props are plain values, so dragging one stage re-renders only that node
// and its edges. They have no handlers: the canvas handles pointer events for
// all of them by their data-* attributes.
import { memo } from "react";
import type { Stage } from "./types";
import { HEADER_H, NODE_W, inPortY, nodeHeight, outPortY } from "./geometry";
import { KIND_LABELS, outcomesOf } from "./model";
import { KindGlyph } from "./kinds";

/** truncate shortens text to at most n characters, with an ellipsis. */
export function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1).trimEnd()}…`;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

export interface StageNodeProps {
  stage: Stage;
  selected: boolean;
  /** target: a valid drop target of the edge being drawn. */
  target: boolean;
  errors: readonly string[] | undefined;
  missing: readonly string[] | undefined;
  readOnly: boolean;
}

function StageNodeView({ stage, selected, target, errors, missing, readOnly }: StageNodeProps) {
  const outcomes = outcomesOf(stage);
  const h = nodeHeight(outcomes.length);
  const x = stage.position?.x ?? 0;
  const y = stage.position?.y ?? 0;
  const kindLabel = KIND_LABELS[stage.kind] ?? stage.kind;
  const name = stage.name.trim() || "(no name)";
  const missingSet = new Set(missing ?? []);
  const cls = [
    "wf-node",
    `wf-kind-${stage.kind}`,
    selected ? "wf-selected" : "",
    target ? "wf-target" : "",
    errors?.length ? "wf-has-error" : "",
    readOnly ? "" : "wf-editable",
  ]
    .filter(Boolean)
    .join(" ");
  const r = 10;
  return (
    <g
      className={cls}
      transform={`translate(${x},${y})`}
      data-stage-id={stage.id}
      tabIndex={0}
      role="button"
      aria-pressed={selected}
      aria-label={`Stage ${stage.name} (${stage.kind})`}
    >
      <title>{[`${name} (${kindLabel})`, ...(errors ?? [])].join("\n")}</title>
      <rect className="wf-node-ring" x={-4} y={-4} width={NODE_W + 8} height={h + 8} rx={r + 4} />
      <rect className="wf-node-head" width={NODE_W} height={h} rx={r} />
      <path
        className="wf-node-body"
        d={`M0,${HEADER_H} H${NODE_W} V${h - r} Q${NODE_W},${h} ${NODE_W - r},${h} H${r} Q0,${h} 0,${h - r} Z`}
      />
      <rect className="wf-node-border" width={NODE_W} height={h} rx={r} />
      <rect className="wf-node-icon-bg" x={10} y={9} width={20} height={20} rx={6} />
      <g className="wf-node-icon">
        <KindGlyph kind={stage.kind} x={13} y={12} size={14} />
      </g>
      <text className="wf-node-kind" x={37} y={23}>
        {kindLabel.toUpperCase()}
      </text>
      <text className="wf-node-name" x={11} y={44}>
        {truncate(name, 18)}
      </text>
      {stage.kind !== "start" && <circle className="wf-port-in" cx={0} cy={inPortY(outcomes.length)} r={5} />}
      {outcomes.map((o, i) => {
        const cy = outPortY(i);
        const miss = missingSet.has(o);
        return (
          <g key={`${i}:${o}`} className={miss ? "wf-outcome wf-missing" : "wf-outcome"}>
            <text className="wf-port-label" x={NODE_W - 12} y={cy + 4}>
              {truncate(o || "(no name)", 20)}
            </text>
            <g className="wf-port" data-port={`${stage.id}:${o}`}>
              <title>{miss ? `${o}: not connected yet` : o}</title>
              <circle className="wf-port-hit" cx={NODE_W} cy={cy} r={11} />
              <circle className="wf-port-dot" cx={NODE_W} cy={cy} r={5} />
            </g>
          </g>
        );
      })}
      {errors && errors.length > 0 && (
        <g className="wf-badge" transform={`translate(${NODE_W - 2},2)`} aria-hidden="true">
          <circle r={9} />
          <text y={4}>{errors.length > 9 ? "9+" : errors.length}</text>
        </g>
      )}
    </g>
  );
}

export const StageNode = memo(
  StageNodeView,
  (a, b) =>
    a.stage === b.stage &&
    a.selected === b.selected &&
    a.target === b.target &&
    a.readOnly === b.readOnly &&
    sameList(a.errors, b.errors) &&
    sameList(a.missing, b.missing),
);

/** ARROW is how far before the input port's centre an edge ends, so its arrow head touches the port. */
const ARROW = 6;

/**
 * edgePath draws an edge from an output port to an input port: a smooth
 * S-curve when it goes forward, and a loop below both stages (at y = below)
 * when it goes back (or to its own stage). It returns the path and where its
 * label goes.
 */
export function edgePath(x1: number, y1: number, x2: number, y2: number, below?: number): { d: string; mx: number; my: number } {
  const ex = x2 - ARROW;
  if (below === undefined) {
    const dx = Math.max(30, Math.abs(ex - x1) / 2);
    return { d: `M${x1},${y1} C${x1 + dx},${y1} ${ex - dx},${y2} ${ex},${y2}`, mx: (x1 + ex) / 2, my: (y1 + y2) / 2 };
  }
  const bend = 48;
  const d =
    `M${x1},${y1} C${x1 + bend},${y1} ${x1 + bend},${below} ${x1},${below} ` +
    `L${x2},${below} C${x2 - bend},${below} ${x2 - bend},${y2} ${ex},${y2}`;
  return { d, mx: (x1 + x2) / 2, my: below };
}

export interface EdgeViewProps {
  from: string;
  outcome: string;
  fromName: string;
  toName: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** below: route a backward edge below the stages, at that y. */
  below?: number;
  selected: boolean;
  /** stray: the stage does not produce this outcome (the server will say so); drawn dashed. */
  stray: boolean;
  errors: readonly string[] | undefined;
  markers: { normal: string; selected: string; error: string };
}

function EdgeView(p: EdgeViewProps) {
  const { d, mx, my } = edgePath(p.x1, p.y1, p.x2, p.y2, p.below);
  const hasError = !!p.errors?.length;
  const label = truncate(p.outcome || "(no name)", 22);
  const w = label.length * 6.4 + 12;
  // A short edge has no room for its label between the stages: the port names the outcome already.
  const roomy = p.below !== undefined || p.x2 - p.x1 >= w + 24;
  const marker = hasError ? p.markers.error : p.selected ? p.markers.selected : p.markers.normal;
  const cls = ["wf-edge", p.selected ? "wf-selected" : "", hasError ? "wf-has-error" : "", p.stray ? "wf-stray" : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <g
      className={cls}
      data-edge={`${p.from}:${p.outcome}`}
      tabIndex={0}
      role="button"
      aria-pressed={p.selected}
      aria-label={`Edge ${p.fromName} ${p.outcome} → ${p.toName}`}
    >
      <title>{[`${p.fromName} ${p.outcome} → ${p.toName}`, ...(p.errors ?? [])].join("\n")}</title>
      <path className="wf-edge-hit" d={d} />
      <path className="wf-edge-line" d={d} markerEnd={`url(#${marker})`} />
      {(roomy || hasError || p.selected) && (
        <g className="wf-edge-label" transform={`translate(${mx},${my})`}>
          <rect x={-w / 2} y={-9} width={w} height={18} rx={9} />
          <text y={4}>{label}</text>
          {hasError && (
            <g className="wf-badge" transform={`translate(${w / 2},-8)`} aria-hidden="true">
              <circle r={7} />
              <text y={3.5}>!</text>
            </g>
          )}
        </g>
      )}
    </g>
  );
}

export const EdgeLine = memo(
  EdgeView,
  (a, b) =>
    a.from === b.from &&
    a.outcome === b.outcome &&
    a.fromName === b.fromName &&
    a.toName === b.toName &&
    a.x1 === b.x1 &&
    a.y1 === b.y1 &&
    a.x2 === b.x2 &&
    a.y2 === b.y2 &&
    a.below === b.below &&
    a.selected === b.selected &&
    a.stray === b.stray &&
    a.markers === b.markers &&
    sameList(a.errors, b.errors),
);
