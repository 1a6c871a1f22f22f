// The one typed API client, and the few schema types the app uses.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { toFormError, type FormError, type Problem, isProblem } from "./problem";

export type { FormError, Problem } from "./problem";

type Schemas = components["schemas"];
export type User = Schemas["User"];
export type Membership = Schemas["Membership"];
export type Workspace = Schemas["Workspace"];
export type Member = Schemas["Member"];
export type Invitation = Schemas["Invitation"];
export type Group = Schemas["Group"];
export type Session = Schemas["Session"];
export type UserSummary = Member["user"];
export type Role = Member["role"];
export type UserType = Member["user_type"];
export type CreatedInvitation = Invitation & { link: string };
export type Integration = Schemas["Integration"];
export type StorageKind = Integration["kind"];
export type BucketConfig = Schemas["BucketConfig"];
export type BucketCredentials = Schemas["BucketCredentials"];
export type Dataset = Schemas["Dataset"];
export type DatasetWithRole = Schemas["DatasetWithRole"];
export type DatasetRole = DatasetWithRole["my_role"];
export type DatasetGrant = Schemas["DatasetGrant"];
export type DataItem = Schemas["DataItem"];
export type ItemType = DataItem["type"];
export type Import = Schemas["Import"];
export type ImportError = Schemas["ImportError"];
export type APIKey = Schemas["APIKey"];
export type APIKeyScope = Schemas["APIKeyScope"];
export type CreatedAPIKey = Schemas["CreatedAPIKey"];
export type WorkspaceAPIKey = Schemas["WorkspaceAPIKey"];
export type APIKeyAction = Schemas["APIKeyAction"];

export const api = createClient<paths>({
  baseUrl: "",
  credentials: "same-origin",
  headers: { Accept: "application/json, application/problem+json" },
});

/** ApiError is thrown by every hook in src/api when a call fails. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  readonly form: FormError;

  constructor(status: number, body: unknown) {
    const form = toFormError(body, status === 0 ? "Could not reach the server." : `Request failed (${status}).`);
    super(form.message);
    this.name = "ApiError";
    this.status = status;
    this.problem = isProblem(body) ? body : undefined;
    this.form = form;
  }
}

/** asFormError gives the FormError of any thrown value. */
export function asFormError(err: unknown): FormError {
  if (err instanceof ApiError) return err.form;
  return toFormError(err);
}

export function statusOf(err: unknown): number | undefined {
  return err instanceof ApiError ? err.status : undefined;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * call runs one openapi-fetch request and returns its data, or throws ApiError.
 * A network failure becomes an ApiError with status 0.
 */
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let res: FetchResult<T>;
  try {
    res = await request;
  } catch (e) {
    throw new ApiError(0, e instanceof Error && e.name !== "TypeError" ? e : undefined);
  }
  if (!res.response.ok) throw new ApiError(res.response.status, res.error);
  return res.data as T;
}

/** One page of a cursor-paginated list (the server's generated schema allows items to be null). */
export interface Page<T> {
  items?: T[] | null;
  next_cursor?: string | null;
}

export const PAGE_SIZE = 50;
