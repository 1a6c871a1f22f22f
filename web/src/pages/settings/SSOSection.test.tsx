// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import type { SSOConfig } from "../../api/sso";
import { ToastProvider } from "../../components/Toasts";
import { SSOSignIn } from "../SSOSignIn";
import { SSOSection } from "./SSOSection";

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

const base: SSOConfig = {
  sso_only: false,
  oidc_redirect_url: "http://loupe.test/api/v1/auth/sso/w1/oidc/callback",
  saml_metadata_url: "http://loupe.test/api/v1/auth/sso/w1/saml/metadata",
  saml_acs_url: "http://loupe.test/api/v1/auth/sso/w1/saml/acs",
};

type Sent = { method: string; path: string; query: string; body: unknown };

function serve(routes: Record<string, (body: unknown) => Response>) {
  const sent: Sent[] = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (req) => {
    const u = new URL(req.url);
    const body = req.method === "GET" || req.method === "DELETE" ? undefined : await req.clone().json().catch(() => undefined);
    sent.push({ method: req.method, path: u.pathname, query: u.search, body });
    const route = routes[`${req.method} ${u.pathname}`];
    return route ? route(body) : json({ title: "Not Found", status: 404 }, 404);
  });
  return sent;
}

function renderAt(path: string, element: React.ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: "*", element }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={qc}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe("SSOSection", () => {
  it("saves an OpenID Connect provider with every field, and shows a failed test step by step", async () => {
    const sent = serve({
      "GET /api/v1/workspaces/w1/sso": () => json(base),
      "POST /api/v1/workspaces/w1/sso/test": () =>
        json({
          ok: false,
          checks: [
            { step: "reach", ok: true, message: "the discovery document answered" },
            { step: "issuer", ok: false, message: 'the discovery document names the issuer "https://other"' },
          ],
        }),
      "PUT /api/v1/workspaces/w1/sso/oidc": (b) =>
        json({ ...base, oidc: { protocol: "oidc", ...(b as object), has_client_secret: true, updated_at: "2026-12-01T10:00:00Z" } }),
    });
    renderAt("/", <SSOSection workspaceId="w1" />);
    const form = within(await screen.findByTestId("sso-oidc"));
    expect(form.getByText(base.oidc_redirect_url)).toBeTruthy();
    fireEvent.change(form.getByLabelText("Issuer or discovery URL"), { target: { value: "https://login.acme.test" } });
    fireEvent.change(form.getByLabelText("Client ID"), { target: { value: "loupe" } });
    fireEvent.change(form.getByLabelText("Client secret"), { target: { value: "s3cret" } });
    fireEvent.change(form.getByLabelText("Allowed email domains"), { target: { value: "acme.test" } });
    fireEvent.change(form.getByLabelText("Role of people who join"), { target: { value: "tasker" } });
    fireEvent.change(form.getByLabelText("Their user type"), { target: { value: "workforce" } });

    fireEvent.click(form.getByRole("button", { name: "Test connection" }));
    const result = await form.findByTestId("sso-test-result");
    expect(result.textContent).toContain("The connection does not work.");
    expect(result.textContent).toContain("names the issuer");
    expect(sent.find((s) => s.method === "POST")?.body).toEqual({ protocol: "oidc", discovery_url: "https://login.acme.test" });

    fireEvent.click(form.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(sent.some((s) => s.method === "PUT")).toBe(true));
    expect(sent.find((s) => s.method === "PUT")?.body).toEqual({
      enabled: true,
      email_domains: ["acme.test"],
      role: "tasker",
      user_type: "workforce",
      discovery_url: "https://login.acme.test",
      client_id: "loupe",
      client_secret: "s3cret",
    });
    // Saved: the secret is kept, not shown.
    await waitFor(() => expect(within(screen.getByTestId("sso-oidc")).getByLabelText<HTMLInputElement>("Client secret").placeholder).toMatch(/^Saved/));
  });

  it("places the server's field errors next to their fields", async () => {
    serve({
      "GET /api/v1/workspaces/w1/sso": () => json(base),
      "PUT /api/v1/workspaces/w1/sso/saml": () =>
        json({ title: "Unprocessable Entity", status: 422, errors: [{ location: "body.metadata_url", message: "the identity provider's metadata at x is unreachable" }] }, 422),
    });
    renderAt("/", <SSOSection workspaceId="w1" />);
    const form = within(await screen.findByTestId("sso-saml"));
    expect(form.getByText(base.saml_acs_url)).toBeTruthy();
    fireEvent.change(form.getByLabelText("Metadata URL"), { target: { value: "https://idp.acme.test/metadata" } });
    fireEvent.click(form.getByRole("button", { name: "Save" }));
    expect(await form.findByText(/metadata at x is unreachable/)).toBeTruthy();
  });

  it("turns SSO only on once a provider is enabled", async () => {
    const on = { ...base, oidc: { protocol: "oidc" as const, enabled: true, email_domains: ["acme.test"], role: "member", user_type: "internal", updated_at: "x" } };
    const sent = serve({
      "GET /api/v1/workspaces/w1/sso": () => json(on),
      "PUT /api/v1/workspaces/w1/sso/policy": (b) => json({ ...on, ...(b as object) }),
    });
    renderAt("/", <SSOSection workspaceId="w1" />);
    const box = await screen.findByRole<HTMLInputElement>("checkbox", { name: /SSO only/ });
    fireEvent.click(box);
    await waitFor(() => expect(sent.find((s) => s.method === "PUT")?.body).toEqual({ sso_only: true }));
    await waitFor(() => expect(screen.getByRole<HTMLInputElement>("checkbox", { name: /SSO only/ }).checked).toBe(true));
  });
});

describe("SSOSignIn", () => {
  it("shows why a provider's sign-in failed, and the workspace's way in", async () => {
    serve({
      "GET /api/v1/auth/sso": () => json({ options: [{ workspace_id: "w1", protocol: "saml", start_url: "http://loupe.test/api/v1/auth/sso/w1/saml/start" }] }),
    });
    renderAt("/signin?sso_error=the+ID+token+expired&workspace=w1", <SSOSignIn next="/" />);
    expect(screen.getByRole("alert").textContent).toBe("the ID token expired");
    expect(await screen.findByRole("button", { name: "Continue with SSO (SAML)" })).toBeTruthy();
  });

  it("asks for a work address and says when its domain has no single sign-on", async () => {
    const sent = serve({ "GET /api/v1/auth/sso": () => json({ options: [] }) });
    renderAt("/signin", <SSOSignIn next="/" />);
    fireEvent.click(screen.getByRole("button", { name: "Continue with SSO" }));
    fireEvent.change(screen.getByLabelText("Work email"), { target: { value: "ana@nowhere.test" } });
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByText(/No single sign-on is set up for this address/)).toBeTruthy();
    expect(sent[0].query).toBe("?email=ana%40nowhere.test");
  });
});
