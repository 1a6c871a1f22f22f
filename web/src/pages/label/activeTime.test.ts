import { describe, expect, it } from "vitest";
import { ActiveClock, IDLE_AFTER_MS } from "./activeTime";

describe("ActiveClock", () => {
  it("counts time while the worker is active", () => {
    const c = new ActiveClock(0);
    c.input(10_000);
    c.input(20_000);
    expect(c.take(25_000)).toBe(25_000);
  });
  it("stops counting a minute after the last input", () => {
    const c = new ActiveClock(0);
    c.input(1_000);
    expect(c.take(10 * 60_000)).toBe(1_000 + IDLE_AFTER_MS);
  });
  it("does not count hidden time, and starts afresh after take", () => {
    const c = new ActiveClock(0);
    c.setVisible(false, 5_000);
    c.setVisible(true, 50_000);
    expect(c.take(55_000)).toBe(10_000);
    expect(c.take(56_000)).toBe(1_000);
  });
});
