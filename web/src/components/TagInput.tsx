import { useId, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { splitDomains } from "../lib/domains";
import { XIcon } from "./icons";

interface TagInputProps {
  /** The text input's name; its unsaved text is parsed again on submit. */
  name: string;
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
  disabled?: boolean;
}

/**
 * TagInput edits a list of email domains as chips: Enter, comma or space adds
 * what was typed, Backspace in an empty box removes the last chip, pasting a
 * list adds them all.
 */
export function TagInput({ name, label, value, onChange, error, hint, placeholder, disabled }: TagInputProps) {
  const id = `${name}-${useId()}`;
  const [draft, setDraft] = useState("");
  const [localError, setLocalError] = useState("");

  function commit(text: string): boolean {
    const { added, invalid } = splitDomains(text, value);
    if (added.length) onChange([...value, ...added]);
    if (invalid.length) {
      setLocalError(`Not a valid domain: ${invalid.join(", ")}`);
      setDraft(invalid.join(" "));
      return false;
    }
    setLocalError("");
    setDraft("");
    return true;
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter" || e.key === "," || (e.key === " " && draft.trim())) {
      e.preventDefault();
      if (draft.trim()) commit(draft);
    } else if (e.key === "Backspace" && draft === "" && value.length) {
      onChange(value.slice(0, -1));
    }
  }

  function onPaste(e: ClipboardEvent<HTMLInputElement>) {
    const text = e.clipboardData.getData("text");
    if (/[\s,;]/.test(text.trim())) {
      e.preventDefault();
      commit(draft + text);
    }
  }

  const shownError = localError || error;
  const describedBy = [shownError ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={`tag-input${disabled ? " is-disabled" : ""}${shownError ? " is-invalid" : ""}`}>
        <ul className="tag-list" aria-label={`${label} added`}>
          {value.map((d) => (
            <li key={d} className="tag">
              <span>{d}</span>
              {!disabled && (
                <button type="button" className="tag-remove" aria-label={`Remove ${d}`} onClick={() => onChange(value.filter((x) => x !== d))}>
                  <XIcon />
                </button>
              )}
            </li>
          ))}
        </ul>
        <input
          id={id}
          name={name}
          className="tag-input-box"
          value={draft}
          disabled={disabled}
          placeholder={value.length ? "" : placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            setDraft(e.target.value);
            if (localError) setLocalError("");
          }}
          onKeyDown={onKeyDown}
          // Enter adds a chip; it must never submit the form, even when a
          // synthetic keypress arrives apart from its keydown (CDP does this).
          onKeyPress={(e) => {
            if (e.key === "Enter") e.preventDefault();
          }}
          onPaste={onPaste}
          onBlur={() => {
            if (draft.trim()) commit(draft);
          }}
        />
      </div>
      {shownError && (
        <p className="field-error" id={`${id}-error`}>
          {shownError}
        </p>
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
