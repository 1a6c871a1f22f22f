import { describe, expect, it } from "vitest";
import { freshFor, isFresh, MIN_REFRESH_MS, refreshDelay, refreshMargin, toSignedURL } from "./signedUrl";

const t0 = Date.parse("2026-11-25T12:00:00Z");
const min = 60_000;

describe("toSignedURL", () => {
  it("places the expiry on the client's clock using the server's Date", () => {
    // The client's clock is 10 minutes behind the server's.
    const receivedAt = t0 - 10 * min;
    const u = toSignedURL({ url: "/b/x", expires_at: "2026-11-25T12:15:00Z" }, receivedAt, "Wed, 25 Nov 2026 12:00:00 GMT");
    expect(u).toEqual({ url: "/b/x", expiresAt: receivedAt + 15 * min, lifetime: 15 * min });
  });

  it("trusts the client's clock without a Date header", () => {
    expect(toSignedURL({ url: "u", expires_at: "2026-11-25T12:15:00Z" }, t0).lifetime).toBe(15 * min);
    expect(toSignedURL({ url: "u", expires_at: "2026-11-25T12:15:00Z" }, t0, "garbage").lifetime).toBe(15 * min);
  });

  it("treats an unreadable or past expiry as already expired", () => {
    expect(toSignedURL({ url: "u", expires_at: "soon" }, t0)).toEqual({ url: "u", expiresAt: t0, lifetime: 0 });
    expect(toSignedURL({ url: "u", expires_at: "2026-11-25T11:00:00Z" }, t0).lifetime).toBe(0);
  });
});

describe("refreshMargin", () => {
  it.each([
    [15 * min, 60_000],
    [2 * min, 30_000],
    [20_000, 5_000],
    [2_000, 1_000],
    [0, 1_000],
  ])("lifetime %d ms → %d ms", (lifetime, want) => {
    expect(refreshMargin(lifetime)).toBe(want);
  });
});

describe("refreshDelay", () => {
  it("refreshes a minute before a 15-minute URL expires", () => {
    const u = toSignedURL({ url: "u", expires_at: "2026-11-25T12:15:00Z" }, t0);
    expect(refreshDelay(u, t0)).toBe(14 * min);
    expect(refreshDelay(u, t0 + 10 * min)).toBe(4 * min);
  });

  it("refreshes short-lived URLs a quarter of their life early", () => {
    const u = { url: "u", expiresAt: t0 + 40_000, lifetime: 40_000 };
    expect(refreshDelay(u, t0)).toBe(30_000);
  });

  it("never goes below the floor, even past expiry", () => {
    const u = { url: "u", expiresAt: t0 + 2_000, lifetime: 2_000 };
    expect(refreshDelay(u, t0)).toBe(MIN_REFRESH_MS);
    expect(refreshDelay(u, t0 + 60 * min)).toBe(MIN_REFRESH_MS);
  });
});

describe("freshFor", () => {
  it("is the lifetime less the margin, from when the URL arrived", () => {
    expect(freshFor({ url: "u", expiresAt: 0, lifetime: 15 * min })).toBe(14 * min);
    expect(freshFor({ url: "u", expiresAt: 0, lifetime: 40_000 })).toBe(30_000);
    expect(freshFor({ url: "u", expiresAt: 0, lifetime: 0 })).toBe(0);
  });
});

describe("isFresh", () => {
  it("keeps a second of slack before expiry", () => {
    const u = { url: "u", expiresAt: t0 + 10_000, lifetime: 10_000 };
    expect(isFresh(u, t0)).toBe(true);
    expect(isFresh(u, t0 + 8_999)).toBe(true);
    expect(isFresh(u, t0 + 9_000)).toBe(false);
    expect(isFresh(undefined, t0)).toBe(false);
  });
});
