import { describe, expect, it } from "vitest";
import { ApiError, asFormError, call, statusOf } from "./client";

function result<T>(status: number, body: { data?: T; error?: unknown }) {
  return Promise.resolve({ ...body, response: new Response(null, { status }) });
}

describe("call", () => {
  it("returns the data of a successful response", async () => {
    await expect(call(result(200, { data: { needed: true } }))).resolves.toEqual({ needed: true });
  });

  it("returns undefined for 204", async () => {
    await expect(call(result<undefined>(204, {}))).resolves.toBeUndefined();
  });

  it("throws ApiError with the problem's form error", async () => {
    const err = await call(
      result(401, { error: { title: "Unauthorized", status: 401, detail: "invalid email or password" } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(statusOf(err)).toBe(401);
    expect(asFormError(err)).toEqual({ message: "invalid email or password", fields: {} });
    expect((err as ApiError).problem?.title).toBe("Unauthorized");
  });

  it("throws ApiError even when the error body is empty", async () => {
    const err = await call(result(403, {})).catch((e: unknown) => e);
    expect(statusOf(err)).toBe(403);
    expect((err as ApiError).message).toBe("Request failed (403).");
  });

  it("turns a network failure into status 0", async () => {
    const err = await call(Promise.reject(new TypeError("Failed to fetch"))).catch((e: unknown) => e);
    expect(statusOf(err)).toBe(0);
    expect((err as ApiError).message).toBe("Could not reach the server.");
  });
});
