// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Import } from "../../api/client";
import { keys } from "../../api/keys";
import { ToastProvider } from "../../components/Toasts";
import { ImportsSection } from "./ImportsSection";

// The API client takes fetch and Request when it is made: stand in for them first.
const fetchMock = vi.hoisted(() => {
  const Base = globalThis.Request;
  globalThis.Request = class extends Base {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(typeof input === "string" ? new URL(input, "http://loupe.test") : input, init);
    }
  };
  const f = vi.fn<(req: Request) => Promise<Response>>();
  globalThis.fetch = f as unknown as typeof fetch;
  return f;
});

afterEach(cleanup);

const imp = (over: Partial<Import> = {}): Import => ({
  id: "imp1",
  source: "prefix",
  prefix: "cams/",
  status: "running",
  seen: 0,
  added: 0,
  existing: 0,
  failed: 0,
  errors: [],
  created_at: new Date().toISOString(),
  finished_at: null,
  ...over,
});

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });

function setup(canEdit: boolean, routes: (path: string) => Response) {
  fetchMock.mockReset();
  fetchMock.mockImplementation((req) => Promise.resolve(routes(new URL(req.url).pathname)));
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  // A grid page already loaded: it must be refreshed once the import is done.
  qc.setQueryData(keys.itemList("w1", "d1", {}), { pages: [], pageParams: [] });
  const utils = render(
    <QueryClientProvider client={qc}>
      <ToastProvider>
        <ImportsSection workspaceId="w1" datasetId="d1" canEdit={canEdit} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  const row = () => utils.container.querySelector('[data-testid="import-row"]') as HTMLElement | null;
  return { ...utils, qc, row };
}

const base = "/api/v1/workspaces/w1/datasets/d1/imports";

describe("ImportsSection", () => {
  it("polls a running import every second until it is done, then refreshes the grid", async () => {
    let polls = 0;
    const { qc, row } = setup(false, (path) => {
      if (path === base) return ok({ items: [imp({ seen: 1000, added: 1000 })] });
      if (path === `${base}/imp1`) {
        polls++;
        if (polls < 2) return ok(imp({ seen: 2000, added: 1990, existing: 10 }));
        return ok(imp({ status: "done", seen: 2500, added: 2490, existing: 10, finished_at: new Date().toISOString() }));
      }
      return new Response(null, { status: 404 });
    });
    await waitFor(() => expect(row()?.dataset.status).toBe("running"));
    await waitFor(() => expect(row()?.querySelector('[data-count="seen"] dd')?.textContent).toBe("2,000"));
    expect(qc.getQueryState(keys.itemList("w1", "d1", {}))?.isInvalidated).toBe(false);
    await waitFor(() => expect(row()?.dataset.status).toBe("done"), { timeout: 3000 });
    expect(row()?.querySelector('[data-count="added"] dd')?.textContent).toBe("2,490");
    expect(row()?.querySelector('[role="progressbar"]')).toBeNull();
    expect(qc.getQueryState(keys.itemList("w1", "d1", {}))?.isInvalidated).toBe(true);
    // Nothing polls a finished import.
    expect(qc.getQueryCache().find({ queryKey: keys.import("w1", "d1", "imp1") })?.getObserversCount() ?? 0).toBe(0);
    expect(polls).toBe(2);
  });

  it("shows viewers the history without the form", async () => {
    const { row } = setup(false, () => ok({ items: [imp({ status: "done", finished_at: new Date().toISOString() })] }));
    await waitFor(() => expect(row()?.dataset.status).toBe("done"));
    expect(screen.queryByRole("button", { name: "Register objects" })).toBeNull();
    expect(fetchMock.mock.calls.map(([r]) => new URL(r.url).pathname)).toEqual([base]);
  });

  it("offers editors the form, and says when there are no imports yet", async () => {
    setup(true, () => ok({ items: [] }));
    expect(await screen.findByText("No imports yet")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Register objects" })).toBeTruthy();
  });
});
