import { describe, expect, it } from "vitest";
import { fieldKey, GENERIC_ERROR, isProblem, toFormError } from "./problem";

describe("fieldKey", () => {
  it.each([
    ["body.email", "email"],
    ["body.workspace_name", "workspace_name"],
    ["body.email_domains[2]", "email_domains"],
    ["body.items[0].name", "name"],
    ["path.workspaceID", "workspaceID"],
    ["query.limit", "limit"],
    ["body", ""],
    ["", ""],
    [undefined, ""],
  ])("%s → %j", (location, want) => {
    expect(fieldKey(location)).toBe(want);
  });
});

describe("toFormError", () => {
  it("maps a validation problem to a message and field errors", () => {
    const got = toFormError({
      type: "about:blank",
      title: "Unprocessable Entity",
      status: 422,
      detail: "validation failed",
      errors: [
        { message: "expected valid email", location: "body.email", value: "nope" },
        { message: "expected length >= 8", location: "body.password", value: "x" },
      ],
    });
    expect(got).toEqual({
      message: "validation failed",
      fields: { email: "expected valid email", password: "expected length >= 8" },
    });
  });

  it("joins several errors on one field", () => {
    const got = toFormError({
      detail: "bad domains",
      errors: [
        { message: "not a domain", location: "body.email_domains[0]" },
        { message: "claimed by another workspace", location: "body.email_domains[1]" },
      ],
    });
    expect(got.fields).toEqual({ email_domains: "not a domain; claimed by another workspace" });
  });

  it("puts errors without a field into the form message", () => {
    const got = toFormError({
      title: "Bad Request",
      status: 400,
      detail: "request body invalid",
      errors: [{ message: "unexpected property", location: "body" }, { message: "body required" }],
    });
    expect(got.message).toBe("request body invalid: unexpected property; body required");
    expect(got.fields).toEqual({});
  });

  it("shows the detail of a plain problem, such as throttling", () => {
    const got = toFormError({
      title: "Too Many Requests",
      status: 429,
      detail: "too many sign-in attempts; try again in 5 minutes",
    });
    expect(got).toEqual({ message: "too many sign-in attempts; try again in 5 minutes", fields: {} });
  });

  it("falls back to the title when there is no detail", () => {
    expect(toFormError({ title: "Forbidden", status: 403 }).message).toBe("Forbidden");
  });

  it("ignores malformed entries in errors", () => {
    const got = toFormError({ detail: "x", errors: [null, 3, { location: "body.name" }, { message: "m", location: "body.name" }] });
    expect(got).toEqual({ message: "x", fields: { name: "m" } });
  });

  it("handles non-problem bodies", () => {
    expect(toFormError(undefined)).toEqual({ message: GENERIC_ERROR, fields: {} });
    expect(toFormError(null, "fallback")).toEqual({ message: "fallback", fields: {} });
    expect(toFormError({ foo: 1 })).toEqual({ message: GENERIC_ERROR, fields: {} });
    expect(toFormError("upstream timed out\n")).toEqual({ message: "upstream timed out", fields: {} });
    expect(toFormError("<html><body>502</body></html>", "fb").message).toBe("fb");
    expect(toFormError(new Error("boom")).message).toBe("boom");
  });
});

describe("isProblem", () => {
  it("recognizes problem documents", () => {
    expect(isProblem({ title: "x" })).toBe(true);
    expect(isProblem({ detail: "x" })).toBe(true);
    expect(isProblem({ errors: [] })).toBe(true);
    expect(isProblem({ status: 500 })).toBe(false);
    expect(isProblem([])).toBe(false);
    expect(isProblem("x")).toBe(false);
  });
});
