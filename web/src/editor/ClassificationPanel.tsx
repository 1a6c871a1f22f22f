// The classifications of the item, and on a video those of the current frame.

import type { Act } from "./act";
import { AttributeFields } from "./AttributeFields";
import { endGroup, frameValues, isVideo, setClassification, toggleClassificationOption, type BoundErrors, type EditorState } from "./model";

export interface ClassificationPanelProps {
  state: EditorState;
  act: Act;
  errors?: BoundErrors;
  readOnly?: boolean;
}

export function ClassificationPanel({ state, act, errors, readOnly }: ClassificationPanelProps) {
  const item = state.ontology.classifications.filter((c) => c.scope !== "frame");
  const frame = isVideo(state) ? state.ontology.classifications.filter((c) => c.scope === "frame") : [];
  if (item.length === 0 && frame.length === 0) return null;
  const set = (id: string, v: Parameters<typeof setClassification>[2], group?: string) => act((s) => setClassification(s, id, v, group));
  const toggle = (id: string, op: string) => act((s) => toggleClassificationOption(s, id, op));
  return (
    <div className="ed-classifications">
      {item.length > 0 && (
        <section aria-label="Item classifications">
          <h4 className="ed-subhead">{isVideo(state) ? "Whole video" : "Whole item"}</h4>
          <AttributeFields
            attributes={item}
            values={state.label.classifications}
            errors={errors?.classifications}
            readOnly={readOnly}
            groupPrefix="item"
            onSet={set}
            onToggle={toggle}
            onEndGroup={() => act(endGroup)}
          />
        </section>
      )}
      {frame.length > 0 && (
        <section aria-label="Frame classifications">
          <h4 className="ed-subhead">Frame {state.frame}</h4>
          <AttributeFields
            key={state.frame}
            attributes={frame}
            values={frameValues(state.label, state.frame)}
            errors={errors?.frames[state.frame]}
            readOnly={readOnly}
            groupPrefix={`frame:${state.frame}`}
            onSet={set}
            onToggle={toggle}
            onEndGroup={() => act(endGroup)}
          />
        </section>
      )}
    </div>
  );
}
