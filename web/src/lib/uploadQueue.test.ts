import { describe, expect, it, vi } from "vitest";
import { CANCELED, percent, summarize, UploadQueue, type Transfer, type Upload } from "./uploadQueue";

/** A fake transfer the test settles by hand. */
interface Fake {
  job: string;
  progress: (loaded: number, total: number) => void;
  resolve: (v: string) => void;
  reject: (e: unknown) => void;
  aborted: boolean;
}

function setup(concurrency?: number) {
  const started: Fake[] = [];
  const onSettled = vi.fn();
  const q = new UploadQueue<string, string>(
    (job, progress): Transfer<string> => {
      let resolve!: (v: string) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<string>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const f: Fake = { job, progress, resolve, reject, aborted: false };
      started.push(f);
      return {
        promise,
        abort: () => {
          f.aborted = true;
          reject(new Error("aborted"));
        },
      };
    },
    { concurrency, onSettled },
  );
  const files = (...names: string[]) => names.map((n) => ({ name: n, size: 100, job: n }));
  const states = () => q.snapshot().map((u) => `${u.name}:${u.state}`);
  return { q, started, onSettled, files, states };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("UploadQueue", () => {
  it("runs three at a time, in order, and starts the next as one finishes", async () => {
    const { q, started, files, states } = setup();
    q.add(files("a", "b", "c", "d", "e"));
    expect(started.map((s) => s.job)).toEqual(["a", "b", "c"]);
    expect(states()).toEqual(["a:uploading", "b:uploading", "c:uploading", "d:queued", "e:queued"]);

    started[1].resolve("item-b");
    await flush();
    expect(started.map((s) => s.job)).toEqual(["a", "b", "c", "d"]);
    expect(states()).toEqual(["a:uploading", "b:done", "c:uploading", "d:uploading", "e:queued"]);
    expect(q.snapshot()[1].result).toBe("item-b");

    started[0].reject(new Error("the file is empty"));
    await flush();
    expect(started.map((s) => s.job)).toEqual(["a", "b", "c", "d", "e"]);
    expect(q.snapshot()[0]).toMatchObject({ state: "error", error: "the file is empty" });
  });

  it("never runs more than the concurrency, whatever the order of completion", async () => {
    const { q, started, files } = setup(2);
    let maxRunning = 0;
    q.subscribe(() => {
      maxRunning = Math.max(maxRunning, q.snapshot().filter((u) => u.state === "uploading").length);
    });
    q.add(files("a", "b", "c", "d", "e", "f"));
    for (let i = 0; i < 6; i++) {
      const open = started.filter((s) => !q.snapshot().find((u) => u.name === s.job && u.state !== "uploading"));
      open[open.length - 1].resolve("ok");
      await flush();
    }
    expect(maxRunning).toBe(2);
    expect(q.snapshot().every((u) => u.state === "done")).toBe(true);
  });

  it("reports progress of running uploads", () => {
    const { q, started, files } = setup();
    q.add(files("a"));
    started[0].progress(40, 160);
    expect(q.snapshot()[0]).toMatchObject({ loaded: 40, total: 160 });
    expect(percent(q.snapshot()[0])).toBe(25);
  });

  it("tells subscribers about every change with a new snapshot", async () => {
    const { q, started, files } = setup();
    const seen: (readonly Upload[])[] = [];
    const unsubscribe = q.subscribe(() => seen.push(q.snapshot()));
    q.add(files("a"));
    started[0].progress(50, 100);
    started[0].resolve("x");
    await flush();
    expect(seen.length).toBe(3);
    expect(new Set(seen).size).toBe(3);
    unsubscribe();
    q.add(files("b"));
    expect(seen.length).toBe(3);
  });

  it("calls onSettled for done and failed uploads, not canceled ones", async () => {
    const { q, started, files, onSettled } = setup();
    q.add(files("a", "b", "c"));
    started[0].resolve("x");
    started[1].reject(new Error("nope"));
    q.cancel(q.snapshot()[2].id);
    await flush();
    expect(onSettled.mock.calls.map(([u]) => [u.name, u.state])).toEqual([
      ["a", "done"],
      ["b", "error"],
    ]);
  });

  it("cancels a running upload, aborting it and starting the next", async () => {
    const { q, started, files } = setup(1);
    q.add(files("a", "b"));
    q.cancel(q.snapshot()[0].id);
    expect(started[0].aborted).toBe(true);
    expect(q.snapshot()[0]).toMatchObject({ state: "error", error: CANCELED });
    expect(started.map((s) => s.job)).toEqual(["a", "b"]);
    await flush();
    // The aborted transfer's rejection changes nothing afterwards.
    expect(q.snapshot()[0].error).toBe(CANCELED);
  });

  it("cancels a queued upload without starting it", () => {
    const { q, started, files, states } = setup(1);
    q.add(files("a", "b"));
    q.cancel(q.snapshot()[1].id);
    expect(started.length).toBe(1);
    expect(states()).toEqual(["a:uploading", "b:error"]);
  });

  it("retries a failed upload", async () => {
    const { q, started, files } = setup();
    q.add(files("a"));
    started[0].reject(new Error("network"));
    await flush();
    q.retry(q.snapshot()[0].id);
    expect(started.length).toBe(2);
    expect(q.snapshot()[0]).toMatchObject({ state: "uploading", loaded: 0, error: undefined });
    started[1].resolve("ok");
    await flush();
    expect(q.snapshot()[0].state).toBe("done");
    q.retry(q.snapshot()[0].id); // done uploads are not retried
    expect(started.length).toBe(2);
  });

  it("treats a start that throws as a failure and goes on", () => {
    const q = new UploadQueue<string, string>((job) => {
      if (job === "bad") throw new Error("cannot read the file");
      return { promise: new Promise(() => {}), abort: () => {} };
    });
    q.add([
      { name: "bad", size: 1, job: "bad" },
      { name: "good", size: 1, job: "good" },
    ]);
    expect(q.snapshot().map((u) => [u.state, u.error])).toEqual([
      ["error", "cannot read the file"],
      ["uploading", undefined],
    ]);
  });

  it("clears finished uploads and keeps the rest", async () => {
    const { q, started, files, states } = setup(1);
    q.add(files("a", "b", "c"));
    started[0].resolve("ok");
    await flush();
    started[1].reject(new Error("x"));
    await flush();
    q.clearFinished();
    expect(states()).toEqual(["c:uploading"]);
  });

  it("cancels everything left with cancelAll", () => {
    const { q, files, states } = setup(1);
    q.add(files("a", "b"));
    q.cancelAll();
    expect(states()).toEqual(["a:error", "b:error"]);
  });

  it("uses describeError for the words of a failure", async () => {
    const q = new UploadQueue<string, string>(
      () => ({ promise: Promise.reject(new Error("raw")), abort: () => {} }),
      { describeError: () => "the server refused it" },
    );
    q.add([{ name: "a", size: 1, job: "a" }]);
    await flush();
    expect(q.snapshot()[0].error).toBe("the server refused it");
  });
});

describe("summarize", () => {
  const u = (state: Upload["state"], loaded: number, total = 100): Upload => ({ id: 0, name: "", size: total, state, loaded, total });

  it("counts by state and weighs progress by bytes, leaving failures out", () => {
    expect(summarize([u("done", 0), u("uploading", 50), u("queued", 0), u("error", 10), u("uploading", 200, 200)])).toEqual({
      queued: 1,
      uploading: 2,
      done: 1,
      failed: 1,
      progress: 350 / 500,
    });
  });

  it("is empty for no uploads", () => {
    expect(summarize([])).toEqual({ queued: 0, uploading: 0, done: 0, failed: 0, progress: 0 });
  });
});

describe("percent", () => {
  it("is whole, bounded and 100 when done", () => {
    expect(percent({ state: "uploading", loaded: 1, total: 3 })).toBe(33);
    expect(percent({ state: "uploading", loaded: 5, total: 0 })).toBe(0);
    expect(percent({ state: "uploading", loaded: 500, total: 100 })).toBe(100);
    expect(percent({ state: "done", loaded: 0, total: 100 })).toBe(100);
  });
});
