// AttributeFields: the form of a tree of attributes over one flat map of
// values, following the ontology's nesting — the attributes under an option
// show (indented) while the option is chosen. The object attribute panel and
// the classification panel both use it. Every field is labelled by its
// attribute's name; a field's errors come right after it.

import { useEffect, useId, useState } from "react";
import type { Attribute } from "../ontology/types";
import { chosenOptions, codePoints, DEFAULT_MAX_TEXT_LENGTH, type Value, type Values } from "./model";

export interface AttributeFieldsProps {
  attributes: readonly Attribute[] | undefined;
  values: Values | undefined;
  /** Set (or, with undefined, clear) a value; group names a run of typing that undoes as one step. */
  onSet(attrId: string, v: Value | undefined, group?: string): void;
  onToggle(attrId: string, optionId: string): void;
  /** A run of typing ended (the field lost focus). */
  onEndGroup?(): void;
  /** Messages by attribute id. */
  errors?: Record<string, string[]>;
  readOnly?: boolean;
  /** Makes the undo groups of typing distinct per object: "attr:o1". */
  groupPrefix: string;
}

export function AttributeFields(props: AttributeFieldsProps) {
  const { attributes, values } = props;
  if (!attributes?.length) return null;
  return (
    <div className="ed-fields">
      {attributes.map((a) => (
        <div key={a.id} className="ed-field" data-attr-id={a.id}>
          <AttributeField {...props} attribute={a} value={values?.[a.id]} />
          {(a.options ?? [])
            .filter((op) => op.attributes?.length && chosenOptions(a, values?.[a.id]).includes(op.id))
            .map((op) => (
              <div key={op.id} className="ed-nested" data-option-id={op.id}>
                <AttributeFields {...props} attributes={op.attributes} />
              </div>
            ))}
        </div>
      ))}
    </div>
  );
}

interface FieldProps extends AttributeFieldsProps {
  attribute: Attribute;
  value: Value | undefined;
}

function FieldErrors({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={id}>
      {messages.join("; ")}
    </p>
  );
}

/** Name labels a field with exactly the attribute's name; a required one gets a mark beside it, outside the label. */
function Name({ a, id, htmlFor }: { a: Attribute; id?: string; htmlFor?: string }) {
  return (
    <span className="ed-field-name">
      {htmlFor ? (
        <label id={id} htmlFor={htmlFor}>
          {a.name}
        </label>
      ) : (
        <span id={id}>{a.name}</span>
      )}
      {a.required && (
        <span className="ed-required" title="Required" aria-hidden="true">
          {" "}
          *
        </span>
      )}
    </span>
  );
}

function AttributeField(p: FieldProps) {
  const a = p.attribute;
  const uid = useId();
  const fid = `${uid}-field`;
  const nameId = `${uid}-name`;
  const errId = `${uid}-error`;
  const messages = p.errors?.[a.id];
  const invalid = messages?.length ? true : undefined;
  const describedBy = invalid ? errId : undefined;
  const chosen = chosenOptions(a, p.value);
  const group = `${p.groupPrefix}:${a.id}`;

  switch (a.type) {
    case "radio":
      return (
        <>
          <div className="ed-field-head">
            <Name a={a} id={nameId} />
            {p.value !== undefined && !p.readOnly && (
              <button type="button" className="ed-link" onClick={() => p.onSet(a.id, undefined)} aria-label={`Clear ${a.name}`}>
                Clear
              </button>
            )}
          </div>
          <div role="radiogroup" aria-labelledby={nameId} aria-invalid={invalid} aria-describedby={describedBy} aria-required={a.required || undefined} className="ed-choices">
            {(a.options ?? []).map((op) => (
              <label key={op.id} className={chosen.includes(op.id) ? "ed-choice is-on" : "ed-choice"}>
                <input type="radio" name={fid} value={op.id} checked={chosen.includes(op.id)} disabled={p.readOnly} onChange={() => p.onSet(a.id, op.id)} />
                <span>{op.label}</span>
              </label>
            ))}
          </div>
          <FieldErrors id={errId} messages={messages} />
        </>
      );
    case "checklist":
      return (
        <>
          <div className="ed-field-head">
            <Name a={a} id={nameId} />
          </div>
          <div role="group" aria-labelledby={nameId} aria-invalid={invalid} aria-describedby={describedBy} className="ed-choices">
            {(a.options ?? []).map((op) => (
              <label key={op.id} className={chosen.includes(op.id) ? "ed-choice is-on" : "ed-choice"}>
                <input type="checkbox" value={op.id} checked={chosen.includes(op.id)} disabled={p.readOnly} onChange={() => p.onToggle(a.id, op.id)} />
                <span>{op.label}</span>
              </label>
            ))}
          </div>
          <FieldErrors id={errId} messages={messages} />
        </>
      );
    case "text": {
      const text = typeof p.value === "string" ? p.value : "";
      const limit = a.max_length || DEFAULT_MAX_TEXT_LENGTH;
      const long = limit > 200;
      const common = {
        id: fid,
        className: long ? "input textarea ed-input" : "input ed-input",
        value: text,
        readOnly: p.readOnly,
        "aria-invalid": invalid,
        "aria-describedby": describedBy,
        "aria-required": a.required || undefined,
        onChange: (e: { target: { value: string } }) => p.onSet(a.id, e.target.value, group),
        onBlur: () => p.onEndGroup?.(),
      };
      return (
        <>
          <div className="ed-field-head">
            <Name a={a} htmlFor={fid} />
            {a.max_length ? <span className={codePoints(text) > limit ? "ed-count is-over" : "ed-count"}>{`${codePoints(text)}/${limit}`}</span> : null}
          </div>
          {long ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
          <FieldErrors id={errId} messages={messages} />
        </>
      );
    }
    case "number":
      return (
        <>
          <div className="ed-field-head">
            <Name a={a} htmlFor={fid} />
            {(a.min !== undefined || a.max !== undefined) && <span className="ed-count">{rangeText(a)}</span>}
          </div>
          <NumberInput id={fid} a={a} value={typeof p.value === "number" ? p.value : undefined} readOnly={p.readOnly} invalid={invalid} describedBy={describedBy} onSet={(v) => p.onSet(a.id, v, group)} onBlur={() => p.onEndGroup?.()} />
          <FieldErrors id={errId} messages={messages} />
        </>
      );
  }
  return (
    <p className="ed-muted">
      {a.name}: type {a.type} is not supported here
    </p>
  );
}

function rangeText(a: Attribute): string {
  const lo = a.min !== undefined ? String(a.min) : "";
  const hi = a.max !== undefined ? String(a.max) : "";
  if (lo && hi) return `${lo}–${hi}`;
  return lo ? `≥ ${lo}` : `≤ ${hi}`;
}

/** NumberInput keeps what is typed while it is not yet a number ("-", "1."), and sets the value once it is. */
function NumberInput(p: {
  id: string;
  a: Attribute;
  value: number | undefined;
  readOnly?: boolean;
  invalid?: boolean;
  describedBy?: string;
  onSet(v: number | undefined): void;
  onBlur(): void;
}) {
  const [text, setText] = useState(p.value === undefined ? "" : String(p.value));
  useEffect(() => {
    // Keep the text as typed while it reads as the value ("1.50" for 1.5); otherwise show the value.
    setText((t) => (t.trim() !== "" && Number(t) === p.value ? t : p.value === undefined ? "" : String(p.value)));
  }, [p.value]);
  return (
    <input
      id={p.id}
      type="number"
      inputMode={p.a.integer ? "numeric" : "decimal"}
      className="input ed-input ed-number"
      min={p.a.min}
      max={p.a.max}
      step={p.a.integer ? 1 : "any"}
      value={text}
      readOnly={p.readOnly}
      aria-invalid={p.invalid}
      aria-describedby={p.describedBy}
      aria-required={p.a.required || undefined}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === "") p.onSet(undefined);
        else {
          const n = Number(t);
          if (Number.isFinite(n)) p.onSet(n);
        }
      }}
      onBlur={p.onBlur}
    />
  );
}
