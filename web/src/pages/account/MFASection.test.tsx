// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ToastProvider } from "../../components/Toasts";
import { MFASection } from "./MFASection";

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
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" } });

const off = { enrolled: false, totp: false, passkeys: [], recovery_codes_left: 0, required_by: [{ id: "w1", name: "Acme", is_workforce: false }] };
const on = { ...off, enrolled: true, totp: true, totp_enrolled_at: "2026-11-25T09:00:00Z", recovery_codes_left: 10, recovery_codes_created_at: "2026-11-25T09:00:00Z" };
const codes = Array.from({ length: 10 }, (_, i) => `code-${i}aaa-bbbb-cccc`);

type Call = { method: string; path: string; body: unknown };

function setup(handler: (c: Call) => Response) {
  const calls: Call[] = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (req) => {
    const text = await req.text();
    const c = { method: req.method, path: new URL(req.url).pathname, body: text ? JSON.parse(text) : undefined };
    calls.push(c);
    return handler(c);
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const utils = render(
    <QueryClientProvider client={qc}>
      <ToastProvider>
        <MFASection email="ada@acme.test" />
      </ToastProvider>
    </QueryClientProvider>,
  );
  return { ...utils, calls };
}

describe("MFASection", () => {
  it("enrolls an authenticator app: QR code and secret, a confirming code, then the recovery codes once", async () => {
    let status: object = off;
    const { calls, container } = setup((c) => {
      if (c.path === "/api/v1/me/mfa") return json(status);
      if (c.path === "/api/v1/me/mfa/totp" && c.method === "POST")
        return json({ secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", otpauth_uri: "otpauth://totp/x", qr_code: "data:image/png;base64,iVBORw0KGgo=" }, 201);
      if (c.path === "/api/v1/me/mfa/totp/confirm") {
        if ((c.body as { code: string }).code !== "123456")
          return json({ status: 422, detail: "code: is not the code", errors: [{ location: "body.code", message: "is not the code your authenticator app shows" }] }, 422);
        status = on;
        return json({ recovery_codes: codes });
      }
      return new Response(null, { status: 404 });
    });
    await screen.findByText(/Two-factor authentication is off/);
    expect(screen.getByTestId("mfa-required-notice").textContent).toMatch(/Acme.*requires two-factor authentication.*API keys/);
    fireEvent.click(screen.getByText("Add an authenticator app"));
    const secret = await screen.findByTestId("totp-secret");
    expect(secret.dataset.secret).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(secret.textContent).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    expect(container.querySelector("img.mfa-qr")?.getAttribute("src")).toMatch(/^data:image\/png;base64,/);

    const input = screen.getByLabelText("Code from the app");
    fireEvent.change(input, { target: { value: "999 999" } });
    fireEvent.click(screen.getByText("Confirm"));
    await screen.findByText("is not the code your authenticator app shows");
    fireEvent.change(input, { target: { value: "123 456" } });
    fireEvent.click(screen.getByText("Confirm"));
    const panel = await screen.findByTestId("recovery-codes");
    expect(panel.querySelectorAll("li")).toHaveLength(10);
    expect(calls.filter((c) => c.path.endsWith("/confirm")).map((c) => c.body)).toEqual([{ code: "999999" }, { code: "123456" }]);
    await screen.findByText(/On: you sign in with your password and an authenticator app/);
    fireEvent.click(screen.getByText("I have saved them"));
    expect(screen.queryByTestId("recovery-codes")).toBeNull();
    expect(screen.getByTestId("recovery-codes-left").textContent).toMatch(/10 of 10 unused/);
  });

  it("asks for the password before the last factor goes, and sends it", async () => {
    let removed: unknown;
    setup((c) => {
      if (c.path === "/api/v1/me/mfa") return json(removed ? off : on);
      if (c.path === "/api/v1/me/mfa/totp" && c.method === "DELETE") {
        const b = c.body as { password?: string };
        if (b.password !== "right password")
          return json({ status: 422, detail: "password: is not your password", errors: [{ location: "body.password", message: "is not your password" }] }, 422);
        removed = b;
        return new Response(null, { status: 204 });
      }
      return new Response(null, { status: 404 });
    });
    await screen.findByText(/On: you sign in/);
    fireEvent.click(screen.getByText("Remove"));
    await screen.findByText(/This is your last second factor/);
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "wrong" } });
    fireEvent.click(screen.getAllByText("Remove").at(-1)!);
    await screen.findByText("is not your password");
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "right password" } });
    fireEvent.click(screen.getAllByText("Remove").at(-1)!);
    await waitFor(() => expect(removed).toEqual({ password: "right password" }));
    await screen.findByText(/Two-factor authentication is off/);
  });
});
