// WorkflowEditor is the workflow builder with live validation: every change
// is checked on the server a moment after it is made, and the problems found
// are drawn on the stages and edges they are about.
import type { FieldError } from "../../workflow/model";
import type { Graph } from "../../workflow/types";
import { WorkflowBuilder, type People } from "../../workflow/WorkflowBuilder";
import { CheckIcon } from "../../components/icons";
import { Spinner } from "../../components/Spinner";
import { plural } from "../../lib/format";
import type { LiveValidation } from "./useLiveValidation";

interface WorkflowEditorProps {
  value: Graph;
  onChange(g: Graph): void;
  /** The live check of value (useLiveValidation). */
  check: LiveValidation;
  /** Problems a request about value came back with; they win over the live check's until value changes. */
  serverErrors?: FieldError[];
  people?: People;
  readOnly?: boolean;
}

export function WorkflowEditor({ value, onChange, check, serverErrors, people, readOnly }: WorkflowEditorProps) {
  const errors = serverErrors?.length ? serverErrors : check.errors;
  return (
    <div className="pj-workflow-editor" data-validation={check.state}>
      {!readOnly && <ValidationLine check={check} count={errors?.length ?? 0} />}
      <WorkflowBuilder value={value} onChange={onChange} errors={errors} readOnly={readOnly} people={people} />
    </div>
  );
}

function ValidationLine({ check, count }: { check: LiveValidation; count: number }) {
  let body;
  switch (check.state) {
    case "checking":
      body = (
        <>
          <Spinner size="sm" /> Checking the workflow…
        </>
      );
      break;
    case "valid":
      body = (
        <span className="check-ok">
          <CheckIcon /> The workflow is valid
        </span>
      );
      break;
    case "invalid":
      body = <span className="pj-invalid">The workflow has {plural(count, "problem")}; they are marked on the stages and edges.</span>;
      break;
    case "unavailable":
      body = <span className="muted">Could not check the workflow just now; it is checked again when you save.</span>;
      break;
    default:
      return null;
  }
  return (
    <p className="pj-validation small" role="status" aria-live="polite">
      {body}
    </p>
  );
}
