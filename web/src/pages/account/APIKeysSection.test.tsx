// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import type { APIKey, Membership } from "../../api/client";
import { ToastProvider } from "../../components/Toasts";
import { APIKeysSection } from "./APIKeysSection";

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

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });

const memberships: Membership[] = [
  { workspace: { id: "w1", name: "Acme", is_workforce: false }, role: "member", user_type: "external" },
  { workspace: { id: "w2", name: "Vendor", is_workforce: true }, role: "admin", user_type: "internal" },
];

const key = (over: Partial<APIKey>): APIKey => ({
  id: "k1",
  workspace_id: "w1",
  name: "nightly",
  prefix: "AbCd1234",
  scope: { read_only: true, actions: [] },
  created_at: "2026-11-25T09:00:00Z",
  expires_at: null,
  last_used_at: null,
  last_used_ip: "",
  current: false,
  ...over,
});

function setup(createAnswer: () => Response) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  let keys: APIKey[] = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (req) => {
    const path = new URL(req.url).pathname;
    const body = req.method === "GET" ? undefined : await req.clone().json().catch(() => undefined);
    sent.push({ method: req.method, path, body });
    switch (`${req.method} ${path}`) {
      case "GET /api/v1/me/api-keys":
        return json({ items: keys, next_cursor: null });
      case "POST /api/v1/me/api-keys": {
        const res = createAnswer();
        if (res.ok) keys = [key({ name: (body as { name: string }).name })];
        return res;
      }
      case "DELETE /api/v1/me/api-keys/k1":
        keys = [];
        return new Response(null, { status: 204 });
    }
    return json({ title: "No route" }, 404);
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: "/account", element: <APIKeysSection memberships={memberships} /> }], {
    initialEntries: ["/account"],
  });
  const utils = render(
    <QueryClientProvider client={qc}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  const creates = () => sent.filter((s) => s.method === "POST");
  return { ...utils, sent, creates };
}

const secret = "loupe_AbCd1234_" + "x".repeat(43);

describe("APIKeysSection", () => {
  it("checks the form before sending, shows the secret once, then lists the key without it", async () => {
    const t = setup(() => json({ ...key({ name: "nightly" }), secret }, 201));
    await screen.findByText("No API keys");
    expect(screen.getByRole("link", { name: "Vendor" }).getAttribute("href")).toBe("/w/w2/api-keys");

    fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(await screen.findByText(/Give the key a name/)).toBeTruthy();
    expect(t.creates()).toHaveLength(0);

    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "nightly" } });
    fireEvent.change(screen.getByLabelText("Workspace"), { target: { value: "w1" } });
    fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "never" } });
    fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect((await screen.findByTestId("api-key-secret")).textContent).toBe(secret);
    expect(t.creates()[0].body).toEqual({ name: "nightly", workspace_id: "w1", scope: { read_only: true } });

    fireEvent.click(screen.getByRole("button", { name: "I have saved it" }));
    await waitFor(() => expect(screen.queryByTestId("api-key-secret")).toBeNull());
    const row = await waitFor(() => {
      const r = t.container.querySelector('tr[data-key-prefix="AbCd1234"]');
      if (!r) throw new Error("no row yet");
      return r as HTMLElement;
    });
    expect(row.textContent).toContain("loupe_AbCd1234_…");
    expect(row.textContent).toContain("Read-only");
    expect(t.container.textContent).not.toContain(secret);

    fireEvent.click(within(row).getByRole("button", { name: "Revoke" }));
    fireEvent.click(await screen.findByRole("button", { name: "Revoke key" }));
    await screen.findByText("No API keys");
    expect(t.sent.some((s) => s.method === "DELETE" && s.path === "/api/v1/me/api-keys/k1")).toBe(true);
  });

  it("places the server's refusal next to its field", async () => {
    setup(() =>
      json(
        {
          title: "Unprocessable Entity",
          status: 422,
          detail: "expires_at: must be in the future",
          errors: [{ location: "body.expires_at", message: "must be in the future; 2026-11-24T00:00:00Z has passed" }],
        },
        422,
      ),
    );
    await screen.findByText("No API keys");
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "late" } });
    fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(await screen.findByText(/has passed/)).toBeTruthy();
    expect(screen.queryByTestId("api-key-secret")).toBeNull();
  });
});
