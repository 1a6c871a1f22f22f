// Reading a failed request's problem by exact location, where toFormError's
// last-segment keys would mix a graph's fields (stages[2].name) with a form's.
import { ApiError } from "../../api/client";
import type { FieldError } from "../../workflow/model";

/** problemErrors gives the errors of a failed call's problem, or none. */
export function problemErrors(err: unknown): FieldError[] {
  return err instanceof ApiError ? (err.problem?.errors ?? []) : [];
}

/** messageAt joins the messages about exactly that location ("body.name"), or gives undefined. */
export function messageAt(errors: readonly FieldError[], location: string): string | undefined {
  const ms = errors.filter((e) => e.location === location).map((e) => e.message || "invalid");
  return ms.length ? ms.join("; ") : undefined;
}

/** errorsUnder keeps the errors at or below a location ("body.graph" keeps body.graph.stages[1].name). */
export function errorsUnder(errors: readonly FieldError[], location: string): FieldError[] {
  return errors.filter((e) => {
    const l = e.location ?? "";
    return l === location || l.startsWith(`${location}.`) || l.startsWith(`${location}[`);
  });
}
