import { describe, expect, it } from "vitest";
import { ensureVisible, fitView, MAX_SCALE, MIN_SCALE, panBy, screenTolerance, toImage, toScreen, wheelFactor, zoomAt, zoomTo } from "./view";

describe("view maths", () => {
  const v = { scale: 2, x: 10, y: 20 };

  it("toScreen and toImage are inverses", () => {
    expect(toScreen(v, { x: 5, y: 5 })).toEqual({ x: 20, y: 30 });
    expect(toImage(v, { x: 20, y: 30 })).toEqual({ x: 5, y: 5 });
    const p = { x: 123.4, y: -56.7 };
    const back = toImage(v, toScreen(v, p));
    expect(back.x).toBeCloseTo(p.x, 9);
    expect(back.y).toBeCloseTo(p.y, 9);
  });

  it("zoomAt keeps the point under the cursor still", () => {
    const at = { x: 300, y: 200 };
    const before = toImage(v, at);
    const z = zoomAt(v, at, 1.7);
    expect(z.scale).toBeCloseTo(3.4, 9);
    const after = toImage(z, at);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it("zoomAt stays within the scale limits", () => {
    expect(zoomAt(v, { x: 0, y: 0 }, 1e9).scale).toBe(MAX_SCALE);
    expect(zoomAt(v, { x: 0, y: 0 }, 1e-9).scale).toBe(MIN_SCALE);
  });

  it("zoomTo sets the scale about a point", () => {
    const z = zoomTo(v, { x: 10, y: 20 }, 4);
    expect(z).toEqual({ scale: 4, x: 10, y: 20 });
  });

  it("panBy shifts the view", () => {
    expect(panBy(v, 5, -5)).toEqual({ scale: 2, x: 15, y: 15 });
  });

  it("fitView centres a large image scaled down, with padding", () => {
    const f = fitView({ width: 2000, height: 1000 }, { width: 1040, height: 800 }, 20);
    expect(f.scale).toBeCloseTo(0.5, 9);
    expect(f.x).toBeCloseTo(20, 9);
    expect(f.y).toBeCloseTo(150, 9);
  });

  it("fitView shows a small image at its own size, centred", () => {
    expect(fitView({ width: 100, height: 50 }, { width: 300, height: 150 }, 0)).toEqual({ scale: 1, x: 100, y: 50 });
  });

  it("fitView of an unknown size is the identity at the padding", () => {
    expect(fitView({ width: 0, height: 0 }, { width: 300, height: 150 }, 8)).toEqual({ scale: 1, x: 8, y: 8 });
  });

  it("wheelFactor zooms in on a wheel up, out on a wheel down, evenly", () => {
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(-100) * wheelFactor(100)).toBeCloseTo(1, 12);
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-48), 12);
  });

  it("screenTolerance turns screen pixels into item pixels", () => {
    expect(screenTolerance({ scale: 4, x: 0, y: 0 }, 8)).toBe(2);
  });

  it("ensureVisible pans just enough to show a rectangle, and leaves a shown one alone", () => {
    const v = { scale: 1, x: 0, y: 0 };
    const vp = { width: 400, height: 300 };
    expect(ensureVisible(v, { x: 10, y: 10, w: 20, h: 20 }, vp, 0)).toBe(v);
    expect(ensureVisible(v, { x: 500, y: 10, w: 20, h: 20 }, vp, 10)).toEqual({ scale: 1, x: -130, y: 0 });
    expect(ensureVisible(v, { x: -50, y: 0, w: 10, h: 10 }, vp, 10)).toEqual({ scale: 1, x: 60, y: 10 });
    expect(ensureVisible(v, { x: 0, y: 20, w: 1000, h: 10 }, vp, 10)).toEqual({ scale: 1, x: -300, y: 0 });
  });
});
