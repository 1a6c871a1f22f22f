// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { SignInPage } from "./SignInPage";

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
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" } });
const problem = (status: number, detail: string, location?: string, message?: string) =>
  json({ status, detail, errors: location ? [{ location, message }] : undefined }, status);

function setup(handler: (path: string, body: Record<string, string>) => Response) {
  const sent: Record<string, string>[] = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (req) => {
    const text = await req.text();
    const body = text ? JSON.parse(text) : {};
    const path = new URL(req.url).pathname;
    if (path === "/api/v1/auth/signin/mfa") sent.push(body);
    if (path === "/api/v1/me") return problem(401, "sign in to continue");
    return handler(path, body);
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: "/signin", element: <SignInPage /> },
      { path: "/w/1", element: <h1>Workspace</h1> },
    ],
    { initialEntries: ["/signin?next=%2Fw%2F1"] },
  );
  render(
    <QueryClientProvider client={qc}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { sent, router };
}

function password() {
  fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ada@acme.test" } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: "a long enough password" } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

const challenge = { mfa: { challenge: "tok", expires_at: "2026-11-25T09:05:00Z", methods: ["totp", "recovery_code"] } };

describe("SignInPage's second step", () => {
  it("asks for the code after the password, shows a wrong code's error at the field, and goes on with the right one", async () => {
    const { sent } = setup((path, body) => {
      if (path === "/api/v1/auth/signin") return json(challenge);
      if (body.code === "123456") return json({ user: { id: "u", email: "ada@acme.test", name: "Ada", created_at: "2026-11-25T09:00:00Z" } });
      return problem(422, "code: was used already", "body.code", "was used already: wait for your authenticator app to show the next code");
    });
    password();
    await screen.findByRole("heading", { name: "Two-factor authentication" });
    fireEvent.change(screen.getByLabelText("Authentication code"), { target: { value: "654321" } });
    fireEvent.click(screen.getByText("Verify"));
    await screen.findByText(/was used already: wait/);
    fireEvent.change(screen.getByLabelText("Authentication code"), { target: { value: "123 456" } });
    fireEvent.click(screen.getByText("Verify"));
    await screen.findByRole("heading", { name: "Workspace" });
    expect(sent).toEqual([
      { challenge: "tok", code: "654321" },
      { challenge: "tok", code: "123456" },
    ]);
  });

  it("takes a recovery code instead, and starts over when the sign-in expired", async () => {
    const { sent } = setup((path) => {
      if (path === "/api/v1/auth/signin") return json(challenge);
      return problem(401, "this sign-in has expired: the second factor must follow the password within 5m0s; sign in with your password again");
    });
    password();
    fireEvent.click(await screen.findByText("Use a recovery code"));
    fireEvent.change(screen.getByLabelText("Recovery code"), { target: { value: " abcd-efgh-ijkl-mnop " } });
    fireEvent.click(screen.getByText("Verify"));
    await screen.findByText(/this sign-in has expired/);
    expect(sent).toEqual([{ challenge: "tok", recovery_code: "abcd-efgh-ijkl-mnop" }]);
    fireEvent.click(screen.getByText("Sign in again"));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Sign in" })).toBeTruthy());
  });
});
