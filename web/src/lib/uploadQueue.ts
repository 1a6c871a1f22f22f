// A queue of file uploads that runs a few at a time. It knows nothing of
// React or of HTTP: `start` does the transfer, and views subscribe to the
// snapshot (it fits useSyncExternalStore).

export type UploadState = "queued" | "uploading" | "done" | "error";

export interface Upload<R = unknown> {
  id: number;
  name: string;
  size: number;
  state: UploadState;
  /** Bytes sent so far and the request's total (the form's overhead included). */
  loaded: number;
  total: number;
  error?: string;
  result?: R;
}

/** A transfer under way: it settles with the server's answer, or rejects. */
export interface Transfer<R> {
  promise: Promise<R>;
  abort: () => void;
}

export type StartUpload<J, R> = (job: J, onProgress: (loaded: number, total: number) => void) => Transfer<R>;

export interface UploadQueueOptions<R> {
  /** How many transfers run at once; 3 by default. */
  concurrency?: number;
  /** The words shown for a failed transfer. */
  describeError?: (err: unknown) => string;
  /** Called once a transfer is done or has failed (not when canceled). */
  onSettled?: (upload: Upload<R>) => void;
}

export const CANCELED = "Canceled.";

export class UploadQueue<J, R = unknown> {
  private uploads: readonly Upload<R>[] = [];
  private readonly jobs = new Map<number, J>();
  private readonly running = new Map<number, Transfer<R>>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private readonly concurrency: number;

  constructor(
    private readonly start: StartUpload<J, R>,
    private readonly options: UploadQueueOptions<R> = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 3);
  }

  /** snapshot is the current list, oldest first; a new array after every change. */
  readonly snapshot = (): readonly Upload<R>[] => this.uploads;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** add queues files and starts as many as the concurrency allows; it returns their ids. */
  add(files: readonly { name: string; size: number; job: J }[]): number[] {
    const added = files.map((f): Upload<R> => {
      const id = this.nextId++;
      this.jobs.set(id, f.job);
      return { id, name: f.name, size: f.size, state: "queued", loaded: 0, total: f.size };
    });
    if (added.length === 0) return [];
    this.uploads = [...this.uploads, ...added];
    this.pump();
    this.emit();
    return added.map((u) => u.id);
  }

  /** cancel stops a queued or running upload; it then shows as failed with CANCELED. */
  cancel(id: number) {
    const u = this.find(id);
    if (!u || (u.state !== "queued" && u.state !== "uploading")) return;
    const t = this.running.get(id);
    this.running.delete(id);
    t?.abort();
    this.update(id, { state: "error", error: CANCELED });
    this.pump();
    this.emit();
  }

  /** retry queues a failed upload again. */
  retry(id: number) {
    const u = this.find(id);
    if (!u || u.state !== "error" || !this.jobs.has(id)) return;
    this.update(id, { state: "queued", loaded: 0, total: u.size, error: undefined });
    this.pump();
    this.emit();
  }

  /** clearFinished forgets the uploads that are done or failed. */
  clearFinished() {
    const keep = this.uploads.filter((u) => u.state === "queued" || u.state === "uploading");
    if (keep.length === this.uploads.length) return;
    for (const u of this.uploads) if (!keep.includes(u)) this.jobs.delete(u.id);
    this.uploads = keep;
    this.emit();
  }

  /** cancelAll stops everything still to do, for when the page goes away. */
  cancelAll() {
    for (const u of this.uploads) if (u.state === "queued" || u.state === "uploading") this.cancel(u.id);
  }

  private pump() {
    for (const u of this.uploads) {
      if (this.running.size >= this.concurrency) return;
      if (u.state === "queued") this.run(u);
    }
  }

  private run(u: Upload<R>) {
    const job = this.jobs.get(u.id) as J;
    this.update(u.id, { state: "uploading" });
    let t: Transfer<R>;
    try {
      t = this.start(job, (loaded, total) => {
        if (this.running.get(u.id) !== t) return;
        this.update(u.id, { loaded, total: total || u.size });
        this.emit();
      });
    } catch (err) {
      this.settle(u.id, { state: "error", error: this.describe(err) });
      return;
    }
    this.running.set(u.id, t);
    t.promise.then(
      (result) => {
        if (this.running.get(u.id) !== t) return;
        const cur = this.find(u.id);
        this.running.delete(u.id);
        this.jobs.delete(u.id);
        this.settle(u.id, { state: "done", result, loaded: cur?.total ?? u.size });
        this.pump();
        this.emit();
      },
      (err: unknown) => {
        if (this.running.get(u.id) !== t) return;
        this.running.delete(u.id);
        this.settle(u.id, { state: "error", error: this.describe(err) });
        this.pump();
        this.emit();
      },
    );
  }

  private settle(id: number, patch: Partial<Upload<R>>) {
    this.update(id, patch);
    const u = this.find(id);
    if (u) this.options.onSettled?.(u);
  }

  private describe(err: unknown): string {
    if (this.options.describeError) return this.options.describeError(err);
    return err instanceof Error ? err.message : String(err);
  }

  private find(id: number) {
    return this.uploads.find((u) => u.id === id);
  }

  private update(id: number, patch: Partial<Upload<R>>) {
    this.uploads = this.uploads.map((u) => (u.id === id ? { ...u, ...patch } : u));
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}

export interface UploadSummary {
  queued: number;
  uploading: number;
  done: number;
  failed: number;
  /** The share of all bytes of unfinished and finished uploads sent, 0 to 1 (failures left out). */
  progress: number;
}

/** summarize counts the uploads by state, for the panel's heading. */
export function summarize(uploads: readonly Upload[]): UploadSummary {
  const s: UploadSummary = { queued: 0, uploading: 0, done: 0, failed: 0, progress: 0 };
  let loaded = 0;
  let total = 0;
  for (const u of uploads) {
    if (u.state === "error") {
      s.failed++;
      continue;
    }
    if (u.state === "queued") s.queued++;
    else if (u.state === "uploading") s.uploading++;
    else s.done++;
    total += u.total;
    loaded += u.state === "done" ? u.total : Math.min(u.loaded, u.total);
  }
  s.progress = total > 0 ? loaded / total : s.done > 0 ? 1 : 0;
  return s;
}

/** percent is an upload's progress as a whole percentage. */
export function percent(u: Pick<Upload, "loaded" | "total" | "state">): number {
  if (u.state === "done") return 100;
  if (u.total <= 0) return 0;
  return Math.min(100, Math.floor((u.loaded / u.total) * 100));
}
