// Form controls the node form needs beyond components/Field: a number box
// that keeps what is being typed, a checkbox, a colour picker with the
// palette, and a one-key hotkey box.
import { useEffect, useId, useState } from "react";
import { PALETTE } from "./model";

function ErrorText({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={id}>
      {error}
    </p>
  );
}

function sameNumber(text: string, value: number | undefined): boolean {
  if (text.trim() === "") return value === undefined;
  return Number(text) === value;
}

/** NumberField edits an optional number; an empty box is no number. */
export function NumberField({
  label,
  value,
  onChange,
  error,
  hint,
  disabled,
  placeholder,
  integer,
}: {
  label: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
  placeholder?: string;
  integer?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? "" : String(value));
  // Follow the value when it changes from outside (another node, an import),
  // but leave a half-typed "-" or "1." alone.
  useEffect(() => {
    setText((t) => (sameNumber(t, value) ? t : value === undefined ? "" : String(value)));
  }, [value]);
  const described = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="number"
        step={integer ? 1 : "any"}
        inputMode={integer ? "numeric" : "decimal"}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === "") onChange(undefined);
          else if (Number.isFinite(Number(t))) onChange(Number(t));
        }}
      />
      <ErrorText id={`${id}-error`} error={error} />
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function CheckField({
  label,
  checked,
  onChange,
  error,
  hint,
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string;
  hint?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="field field-check">
      <label className="check">
        <input
          type="checkbox"
          checked={checked}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span className="check-label">{label}</span>
      </label>
      <ErrorText id={`${id}-error`} error={error} />
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** ColourField is a native colour picker, the hex value, and the palette as one-click swatches. */
export function ColourField({
  value,
  onChange,
  error,
  disabled,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const valid = /^#[0-9a-fA-F]{6}$/.test(value);
  return (
    <div className="field">
      <label htmlFor={id}>Colour</label>
      <div className="onto-colour">
        <input
          id={id}
          type="color"
          className="onto-colour-input"
          value={valid ? value.toLowerCase() : "#000000"}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        <code className="onto-colour-value">{value}</code>
        {!disabled && (
          <div className="onto-palette" role="group" aria-label="Palette">
            {PALETTE.map((c) => (
              <button
                key={c}
                type="button"
                className={`onto-palette-swatch${c === value.toLowerCase() ? " is-current" : ""}`}
                style={{ background: c }}
                aria-label={`Use ${c}`}
                aria-pressed={c === value.toLowerCase()}
                title={c}
                onClick={() => onChange(c)}
              />
            ))}
          </div>
        )}
      </div>
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  );
}

/**
 * HotkeyField takes one key, a-z or 0-9. check says why a key cannot be
 * had (it is another node's); such a key is refused, and the reason shown
 * until the next key.
 */
export function HotkeyField({
  value,
  onChange,
  check,
  error,
  free,
  disabled,
}: {
  value: string;
  onChange: (v: string) => void;
  check: (key: string) => string | null;
  error?: string;
  /** Keys still free, for the hint. */
  free: readonly string[];
  disabled?: boolean;
}) {
  const id = useId();
  const [refused, setRefused] = useState("");
  const shown = refused || error;
  const hint = free.length ? `One key, a–z or 0–9. Free: ${free.slice(0, 10).join(" ")}${free.length > 10 ? " …" : ""}` : "Every key is taken.";
  return (
    <div className="field">
      <label htmlFor={id}>Hotkey</label>
      <input
        id={id}
        className="input onto-hotkey-input"
        value={value}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={shown ? true : undefined}
        aria-describedby={[shown ? `${id}-error` : "", `${id}-hint`].filter(Boolean).join(" ")}
        onFocus={(e) => e.target.select()}
        onBlur={() => setRefused("")}
        onChange={(e) => {
          const typed = e.target.value;
          if (typed === "") {
            setRefused("");
            onChange("");
            return;
          }
          // Whatever was there, the key just typed is the one wanted.
          const key = (typed.startsWith(value) && typed.length > value.length ? typed.slice(value.length) : typed).slice(-1).toLowerCase();
          if (!/^[a-z0-9]$/.test(key)) {
            setRefused("use a letter a–z or a digit 0–9");
            return;
          }
          const why = check(key);
          if (why) {
            setRefused(why);
            return;
          }
          setRefused("");
          onChange(key);
        }}
      />
      <ErrorText id={`${id}-error`} error={shown} />
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
