// Active time in the editor: counted while the page is visible and the worker touched it lately,
// so that a tab left open over lunch does not count as work.

export const IDLE_AFTER_MS = 60_000;

/** ActiveClock accumulates active milliseconds from the times it is told of. Pure: tested alone. */
export class ActiveClock {
  private total = 0;
  private lastInput: number;
  private lastTick: number;
  private visible = true;

  constructor(now: number) {
    this.lastInput = now;
    this.lastTick = now;
  }

  /** tick counts the time since the last tick, up to when the worker went idle. */
  tick(now: number): void {
    if (this.visible) {
      const until = Math.min(now, this.lastInput + IDLE_AFTER_MS);
      if (until > this.lastTick) this.total += until - this.lastTick;
    }
    this.lastTick = now;
  }

  input(now: number): void {
    this.tick(now);
    this.lastInput = now;
  }

  setVisible(visible: boolean, now: number): void {
    this.tick(now);
    this.visible = visible;
    if (visible) this.lastInput = now;
  }

  /** take returns the active time so far and starts counting afresh. */
  take(now: number): number {
    this.tick(now);
    const t = Math.round(this.total);
    this.total = 0;
    return t;
  }
}
