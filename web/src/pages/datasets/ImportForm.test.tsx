// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Import } from "../../api/client";
import { ToastProvider } from "../../components/Toasts";
import { ImportForm } from "./ImportForm";

// The API client takes fetch and Request when it is made: stand in for them
// first, with a Request that takes the client's relative URLs.
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

/** A stand-in XMLHttpRequest that records what is sent and answers on demand. */
class FakeXHR {
  static sent: FakeXHR[] = [];
  url = "";
  body: FormData | null = null;
  status = 0;
  responseText = "";
  responseType = "";
  aborted = false;
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: FormData) {
    this.body = body;
    FakeXHR.sent.push(this);
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

afterEach(() => {
  cleanup();
  fetchMock.mockClear();
  vi.unstubAllGlobals();
  FakeXHR.sent = [];
});

const queued = (over: Partial<Import> = {}): Import => ({
  id: "imp1",
  source: "manifest",
  prefix: "",
  status: "queued",
  seen: 0,
  added: 0,
  existing: 0,
  failed: 0,
  errors: [],
  created_at: "2025-03-01T10:00:00Z",
  finished_at: null,
  ...over,
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });

function setup() {
  vi.stubGlobal("XMLHttpRequest", FakeXHR);
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const onStarted = vi.fn();
  const utils = render(
    <QueryClientProvider client={qc}>
      <ToastProvider>
        <ImportForm workspaceId="w1" datasetId="d1" location="s3://raw/cams" onStarted={onStarted} />
      </ToastProvider>
    </QueryClientProvider>,
  );
  const manifestInput = () => utils.container.querySelector('[data-testid="manifest-input"]') as HTMLInputElement;
  const chooseManifest = (file: File) => {
    fireEvent.click(screen.getByLabelText("Manifest", { selector: 'input[type="radio"]' }));
    fireEvent.change(manifestInput(), { target: { files: [file] } });
    fireEvent.click(screen.getByRole("button", { name: "Upload manifest" }));
  };
  return { ...utils, qc, onStarted, manifestInput, chooseManifest };
}

const fieldError = (input: HTMLElement) => {
  const next = input.nextElementSibling;
  return next?.className === "field-error" ? next.textContent : null;
};

describe("ImportForm, by prefix", () => {
  it("registers the objects under a prefix", async () => {
    fetchMock.mockResolvedValue(json(202, queued({ source: "prefix", prefix: "cams/" })));
    const { container, onStarted } = setup();
    const input = container.querySelector('input[name="prefix"]') as HTMLInputElement;
    fireEvent.change(input, { target: { value: " cams " } });
    fireEvent.click(screen.getByRole("button", { name: "Register objects" }));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    const req = fetchMock.mock.calls[0][0];
    expect(req.method).toBe("POST");
    expect(new URL(req.url).pathname).toBe("/api/v1/workspaces/w1/datasets/d1/imports");
    expect(await req.json()).toEqual({ prefix: "cams" });
    expect(onStarted).toHaveBeenCalledWith(expect.objectContaining({ prefix: "cams/" }), undefined);
    expect(await screen.findByText("Registering the objects under cams/")).toBeTruthy();
    expect(input.value).toBe("");
  });

  it("shows the server's refusal next to the prefix", async () => {
    fetchMock.mockResolvedValue(
      json(422, {
        status: 422,
        detail: "prefix: must be a relative path inside the bucket",
        errors: [{ location: "body.prefix", message: "must be a relative path inside the bucket" }],
      }),
    );
    const { container } = setup();
    const input = container.querySelector('input[name="prefix"]') as HTMLInputElement;
    fireEvent.change(input, { target: { value: "../up" } });
    fireEvent.click(screen.getByRole("button", { name: "Register objects" }));
    await waitFor(() => expect(fieldError(input)).toBe("must be a relative path inside the bucket"));
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a refusal about the dataset above the form", async () => {
    fetchMock.mockResolvedValue(json(422, { status: 422, detail: "this dataset lives in Loupe's own storage" }));
    setup();
    fireEvent.click(screen.getByRole("button", { name: "Register objects" }));
    expect((await screen.findByRole("alert")).textContent).toBe("this dataset lives in Loupe's own storage");
  });
});

describe("ImportForm, by manifest", () => {
  const manifest = (text = '{"key": "a.jpg"}\n\n{"key": "b.jpg", "metadata": {"split": "train"}}\n', name = "items.jsonl") =>
    new File([text], name, { type: "application/jsonl" });

  it("takes only JSON Lines files", () => {
    const { manifestInput } = setup();
    expect(manifestInput().getAttribute("accept")).toBe(".jsonl,.json,.txt");
    expect(manifestInput().type).toBe("file");
  });

  it("refuses the wrong file before uploading it", async () => {
    const { chooseManifest, manifestInput } = setup();
    chooseManifest(manifest("a,b\n", "items.csv"));
    await waitFor(() => expect(fieldError(manifestInput())).toContain("Choose a JSON Lines file"));
    chooseManifest(manifest("key,split\na.jpg,train\n", "items.txt"));
    await waitFor(() => expect(fieldError(manifestInput())).toContain("Line 1 is not a JSON object"));
    expect(FakeXHR.sent).toHaveLength(0);
  });

  it("uploads with a progress bar, then reports the import and its line count", async () => {
    const { chooseManifest, onStarted, container } = setup();
    chooseManifest(manifest());
    await waitFor(() => expect(FakeXHR.sent).toHaveLength(1));
    const xhr = FakeXHR.sent[0];
    expect(xhr.url).toBe("/api/v1/workspaces/w1/datasets/d1/imports/manifest");
    expect([...xhr.body!.keys()]).toEqual(["manifest"]);
    xhr.upload.onprogress!({ loaded: 40, total: 80, lengthComputable: true });
    const bar = await screen.findByRole("progressbar", { name: "Upload of items.jsonl" });
    await waitFor(() => expect(bar.getAttribute("aria-valuenow")).toBe("50"));
    xhr.answer(202, queued());
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(expect.objectContaining({ id: "imp1" }), 2));
    expect(await screen.findByText("Manifest uploaded: registering 2 lines")).toBeTruthy();
    expect(container.querySelector('[data-testid="manifest-upload"]')).toBeNull();
  });

  it("shows the server's refusal next to the file", async () => {
    const { chooseManifest, manifestInput } = setup();
    chooseManifest(manifest());
    await waitFor(() => expect(FakeXHR.sent).toHaveLength(1));
    FakeXHR.sent[0].answer(422, {
      status: 422,
      detail: "manifest: the file is larger than the limit of 1 GB",
      errors: [{ location: "body.manifest", message: "the file is larger than the limit of 1 GB" }],
    });
    await waitFor(() => expect(fieldError(manifestInput())).toBe("the file is larger than the limit of 1 GB"));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("cancels an upload", async () => {
    const { chooseManifest, container, onStarted } = setup();
    chooseManifest(manifest());
    await waitFor(() => expect(FakeXHR.sent).toHaveLength(1));
    fireEvent.click(await screen.findByRole("button", { name: "Cancel the upload of items.jsonl" }));
    expect(FakeXHR.sent[0].aborted).toBe(true);
    await waitFor(() => expect(container.querySelector('[data-testid="manifest-upload"]')).toBeNull());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(onStarted).not.toHaveBeenCalled();
  });
});
