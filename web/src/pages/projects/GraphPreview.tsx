// GraphPreview is a small picture of a workflow graph, for template cards:
// the stages as boxes coloured by kind, the edges as lines.
import { useMemo } from "react";
import { autoLayout, graphBounds, needsLayout, stageRect } from "../../workflow/model";
import type { Graph } from "../../workflow/types";

export function GraphPreview({ graph, label }: { graph: Graph; label: string }) {
  const g = useMemo(() => (needsLayout(graph) ? autoLayout(graph) : graph), [graph]);
  const b = graphBounds(g);
  if (!b) return <div className="pj-preview pj-preview-empty">No stages</div>;
  const pad = 16;
  const rects = new Map(g.stages.map((s) => [s.id, stageRect(s)]));
  return (
    <svg
      className="pj-preview"
      viewBox={`${b.x - pad} ${b.y - pad} ${b.w + 2 * pad} ${b.h + 2 * pad}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
    >
      {g.edges.map((e, i) => {
        const a = rects.get(e.from);
        const z = rects.get(e.to);
        if (!a || !z) return null;
        const x1 = a.x + a.w;
        const y1 = a.y + a.h / 2;
        const x2 = z.x;
        const y2 = z.y + z.h / 2;
        const back = x2 <= x1;
        const d = back
          ? `M${x1},${y1} C${x1 + 60},${y1 + 90} ${x2 - 60},${y2 + 90} ${x2},${y2}`
          : `M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2},${y2}`;
        return <path key={i} d={d} className="pj-preview-edge" />;
      })}
      {g.stages.map((s) => {
        const r = rects.get(s.id)!;
        return (
          <g key={s.id} className={`pj-preview-stage pj-k-${s.kind}`}>
            <rect x={r.x} y={r.y} width={r.w} height={r.h} rx={10} />
            <text x={r.x + r.w / 2} y={r.y + 34} textAnchor="middle">
              {s.name.length > 16 ? `${s.name.slice(0, 15)}…` : s.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
