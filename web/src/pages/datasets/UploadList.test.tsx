// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/react";
import { summarize, CANCELED, type Upload } from "../../lib/uploadQueue";
import { UploadList } from "./UploadList";

afterEach(cleanup);

const up = (id: number, name: string, state: Upload["state"], extra: Partial<Upload> = {}): Upload => ({
  id,
  name,
  size: 1000,
  state,
  loaded: 0,
  total: 1000,
  ...extra,
});

function renderList(uploads: Upload[]) {
  const onCancel = vi.fn();
  const onRetry = vi.fn();
  const { container } = render(<UploadList uploads={uploads} summary={summarize(uploads)} onCancel={onCancel} onRetry={onRetry} />);
  const row = (name: string) => container.querySelector(`[data-testid="upload-row"][data-name="${name}"]`) as HTMLElement;
  return { container, row, onCancel, onRetry };
}

describe("UploadList", () => {
  it("shows one row per file with its state, progress and the server's reason", () => {
    const { container, row } = renderList([
      up(1, "a.png", "uploading", { loaded: 250 }),
      up(2, "b.png", "done"),
      up(3, "c.zip", "error", { error: "Loupe does not take application/zip files" }),
      up(4, "d.png", "queued"),
    ]);
    expect(container.querySelectorAll('[data-testid="upload-row"]').length).toBe(4);
    expect(row("a.png").dataset.state).toBe("uploading");
    expect(row("a.png").querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow")).toBe("25");
    expect(row("b.png").dataset.state).toBe("done");
    expect(row("b.png").textContent).toContain("Done");
    expect(row("c.zip").dataset.state).toBe("error");
    expect(row("c.zip").textContent).toContain("Loupe does not take application/zip files");
    expect(container.querySelector(".uploads-summary")?.textContent).toBe("Uploading 2 files… 41% · 1 failed");
  });

  it("says Processing once every byte is sent", () => {
    const { row } = renderList([up(1, "a.png", "uploading", { loaded: 1000 })]);
    expect(row("a.png").textContent).toContain("Processing…");
  });

  it("cancels running files and retries failed ones", () => {
    const { row, onCancel, onRetry } = renderList([up(1, "a.png", "uploading"), up(2, "b.png", "error", { error: CANCELED })]);
    fireEvent.click(row("a.png").querySelector("button")!);
    expect(onCancel).toHaveBeenCalledWith(1);
    expect(row("b.png").textContent).toContain("Canceled");
    fireEvent.click(row("b.png").querySelector("button")!);
    expect(onRetry).toHaveBeenCalledWith(2);
  });

  it("renders nothing without uploads", () => {
    const { container } = renderList([]);
    expect(container.innerHTML).toBe("");
  });
});
