import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

interface FieldShellProps {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** FieldShell lays out a label, a control, its error (right after the control) and a hint. */
function FieldShell({ id, label, error, hint, children, className }: FieldShellProps) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
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

function describedBy(id: string, error?: string, hint?: ReactNode) {
  const ids = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  fieldClassName?: string;
}

export function TextField({ name, label, error, hint, id, fieldClassName, className, ...rest }: TextFieldProps) {
  const auto = useId();
  const fid = id ?? `${name}-${auto}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={fieldClassName}>
      <input
        id={fid}
        name={name}
        className={className ? `input ${className}` : "input"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...rest}
      />
    </FieldShell>
  );
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name"> {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  fieldClassName?: string;
}

export function TextAreaField({ name, label, error, hint, id, fieldClassName, className, ...rest }: TextAreaFieldProps) {
  const auto = useId();
  const fid = id ?? `${name}-${auto}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={fieldClassName}>
      <textarea
        id={fid}
        name={name}
        className={className ? `input textarea ${className}` : "input textarea"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...rest}
      />
    </FieldShell>
  );
}

interface FileFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type"> {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  fieldClassName?: string;
}

/** FileField is a labelled file picker, with its error and hint like the other fields. */
export function FileField({ name, label, error, hint, id, fieldClassName, className, ...rest }: FileFieldProps) {
  const auto = useId();
  const fid = id ?? `${name}-${auto}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={fieldClassName}>
      <input
        id={fid}
        name={name}
        type="file"
        className={className ? `input input-file ${className}` : "input input-file"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...rest}
      />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> {
  name: string;
  label: ReactNode;
  options: readonly Option[];
  error?: string;
  hint?: ReactNode;
  fieldClassName?: string;
}

export function SelectField({ name, label, options, error, hint, id, fieldClassName, className, ...rest }: SelectFieldProps) {
  const auto = useId();
  const fid = id ?? `${name}-${auto}`;
  return (
    <FieldShell id={fid} label={label} error={error} hint={hint} className={fieldClassName}>
      <select
        id={fid}
        name={name}
        className={className ? `select ${className}` : "select"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, error, hint)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** FormAlert shows a form-level error (role="alert"), or nothing. */
export function FormAlert({ message, className }: { message?: string | null; className?: string }) {
  if (!message) return null;
  return (
    <div role="alert" className={className ? `alert alert-error ${className}` : "alert alert-error"}>
      {message}
    </div>
  );
}
