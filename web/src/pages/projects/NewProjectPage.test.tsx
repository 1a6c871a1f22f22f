// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider, useParams } from "react-router";
import type { Membership } from "../../api/client";
import { WorkspaceContext } from "../../app/workspaceContext";
import { ToastProvider } from "../../components/Toasts";
import { annotateReview } from "../../workflow/testGraphs";
import { NewProjectPage } from "../NewProjectPage";

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

const annotateOnly = {
  stages: [
    { id: "start", kind: "start", name: "Start", position: { x: 40, y: 120 } },
    { id: "annotate", kind: "annotate", name: "Annotate", position: { x: 240, y: 120 } },
    { id: "complete", kind: "complete", name: "Complete", position: { x: 440, y: 120 } },
  ],
  edges: [
    { from: "start", outcome: "next", to: "annotate" },
    { from: "annotate", outcome: "submitted", to: "complete" },
  ],
};

const templates = [
  { id: "annotate", built_in: true, name: "Annotate", description: "Each task is annotated once.", graph: annotateOnly, created_by: null },
  { id: "annotate-review", built_in: true, name: "Annotate and review", description: "A reviewer approves.", graph: annotateReview(), created_by: null },
];

const W = "/api/v1/workspaces/w1";

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

function setup(createAnswers: Response[]) {
  const sent: Sent[] = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (req) => {
    const path = new URL(req.url).pathname;
    const body = req.method === "GET" ? undefined : await req.clone().json().catch(() => undefined);
    sent.push({ method: req.method, path, body });
    const route = `${req.method} ${path}`;
    switch (route) {
      case `GET ${W}/tags`:
        return json({ items: [{ id: "t1", name: "Pilot", color: "#4f46e5" }] });
      case `GET ${W}/datasets`:
        return json({
          items: [{ id: "d1", name: "Street frames", description: "", item_count: 3, integration_id: null, created_at: "", updated_at: "" }],
          next_cursor: null,
        });
      case `GET ${W}/ontologies`:
        return json({
          items: [{ id: "o1", name: "Vehicles", description: "Cars and vans", version: 2, revision: 1, project_count: 0, created_by: "u1", created_at: "", updated_at: "" }],
          next_cursor: null,
        });
      case `GET ${W}/workflow-templates`:
        return json({ items: templates });
      case `POST ${W}/workflows/validate`:
        return json({ valid: true });
      case `GET ${W}/members`:
        return json({ items: [], next_cursor: null });
      case `GET ${W}/groups`:
        return json({ items: [], next_cursor: null });
      case `POST ${W}/projects`:
        return createAnswers.shift() ?? json({ title: "Unexpected" }, 500);
    }
    return json({ title: `No route ${route}` }, 404);
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const ctx = { workspaceId: "w1", role: "admin" as const, membership: {} as Membership };
  function Project() {
    const { projectId } = useParams();
    return <h1>Project {projectId}</h1>;
  }
  const router = createMemoryRouter(
    [
      { path: "/w/w1/projects/new", element: <NewProjectPage /> },
      { path: "/w/w1/projects/:projectId", element: <Project /> },
    ],
    { initialEntries: ["/w/w1/projects/new"] },
  );
  const utils = render(
    <QueryClientProvider client={qc}>
      <WorkspaceContext.Provider value={ctx}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </WorkspaceContext.Provider>
    </QueryClientProvider>,
  );
  const step = () => utils.container.querySelector("[data-step]")?.getAttribute("data-step");
  const creates = () => sent.filter((s) => s.method === "POST" && s.path === `${W}/projects`);
  return { ...utils, sent, step, creates, router };
}

const click = (name: string) => fireEvent.click(screen.getByRole("button", { name }));

describe("NewProjectPage", () => {
  it("walks the five steps, sends one request, places the server's refusal and opens the project", async () => {
    const created = {
      id: "p1",
      name: "Street review",
      description: "",
      status: "not_started",
      next_statuses: [],
      ontology_id: "o1",
      ontology_version: 2,
      workflow: annotateOnly,
      workflow_revision: 1,
      tags: [],
      task_count: 3,
      created_by: "u1",
      created_at: "",
      updated_at: "",
      my_role: "admin",
      datasets: [],
    };
    const refusal = json(
      {
        title: "Unprocessable Entity",
        status: 422,
        detail: "validation failed",
        errors: [
          { location: "body.name", message: "is taken" },
          { location: "body.collaborators[0].email", message: "no account has this address; invite them to the workspace first" },
        ],
      },
      422,
    );
    const t = setup([refusal, json(created, 201)]);

    // Details: a name is required.
    expect(t.step()).toBe("details");
    click("Next");
    expect(await screen.findByText("Give the project a name")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Street review" } });
    fireEvent.change(screen.getByLabelText("Description"), { target: { value: "Pedestrians" } });
    fireEvent.click(await screen.findByLabelText("Pilot"));
    click("Next");

    // Data: pick the dataset.
    expect(t.step()).toBe("data");
    fireEvent.click(await screen.findByLabelText(/Street frames/));
    click("Next");

    // Ontology: required.
    expect(t.step()).toBe("ontology");
    await screen.findByLabelText(/Vehicles/);
    click("Next");
    expect(t.step()).toBe("ontology");
    expect(screen.getByText("Choose the ontology the project labels with")).toBeTruthy();
    fireEvent.click(screen.getByLabelText(/Vehicles/));
    click("Next");

    // Workflow: annotate-review is in use; take the Annotate one instead.
    expect(t.step()).toBe("workflow");
    const reviewCard = t.container.querySelector('[data-template="annotate-review"]') as HTMLElement;
    expect(within(reviewCard).getByText("In use")).toBeTruthy();
    const annotateCard = t.container.querySelector('[data-template="annotate"]') as HTMLElement;
    expect(within(annotateCard).getByText("Annotate → Complete")).toBeTruthy();
    fireEvent.click(within(annotateCard).getByRole("button"));
    await waitFor(() => expect(t.container.querySelector('[data-stage-id="review"]')).toBeNull());
    await waitFor(() => expect(t.container.querySelector('[data-validation="valid"]')).toBeTruthy());
    click("Next");

    // People: add someone by email.
    await waitFor(() => expect(t.step()).toBe("people"));
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "bo@example.com" } });
    fireEvent.change(screen.getByLabelText("Role"), { target: { value: "reviewer" } });
    click("Add");
    expect(screen.getByLabelText("Role of bo@example.com")).toBeTruthy();

    // Create: the server refuses the name and the person; the wizard goes back to Details.
    click("Create project");
    await waitFor(() => expect(t.step()).toBe("details"));
    expect(screen.getByText("is taken")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toMatch(/see the steps marked in red/);
    expect(t.container.querySelector('[data-step-link="people"]')?.className).toMatch(/pj-step-error/);
    const first = t.creates()[0].body as Record<string, unknown>;
    expect(first).toEqual({
      name: "Street review",
      description: "Pedestrians",
      ontology_id: "o1",
      workflow: annotateOnly,
      dataset_ids: ["d1"],
      collaborators: [{ email: "bo@example.com", role: "reviewer" }],
      tag_ids: ["t1"],
    });

    // The person's problem waits on the People step, by the row.
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Street review 2" } });
    expect(screen.queryByText("is taken")).toBeNull();
    fireEvent.click(within(t.container.querySelector('[data-step-link="people"]') as HTMLElement).getByRole("button"));
    const row = t.container.querySelector('[data-collaborator="bo@example.com"]') as HTMLElement;
    expect(within(row).getByText(/no account has this address/)).toBeTruthy();
    fireEvent.click(within(row).getByRole("button", { name: "Remove" }));

    click("Create project");
    expect(await screen.findByRole("heading", { name: "Project p1" })).toBeTruthy();
    const second = t.creates()[1].body as Record<string, unknown>;
    expect(second.name).toBe("Street review 2");
    expect(second.collaborators).toBeUndefined();
  });

  it("sends workflow problems to the builder and stays on the workflow step", async () => {
    const t = setup([]);
    const impl = fetchMock.getMockImplementation()!;
    fetchMock.mockImplementation(async (req) => {
      if (new URL(req.url).pathname === `${W}/workflows/validate`) {
        return json(
          { title: "Unprocessable Entity", status: 422, errors: [{ location: "body.graph.stages[2]", message: "'Review' cannot be reached from Start" }] },
          422,
        );
      }
      return impl(req);
    });
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "P" } });
    click("Next");
    click("Next");
    fireEvent.click(await screen.findByLabelText(/Vehicles/));
    click("Next");
    expect(t.step()).toBe("workflow");
    await waitFor(() => expect(t.container.querySelector('[data-validation="invalid"]')).toBeTruthy());
    click("Next");
    expect(await screen.findByText(/fix those marked in the builder/)).toBeTruthy();
    expect(t.step()).toBe("workflow");
    expect(screen.getAllByText(/cannot be reached from Start/).length).toBeGreaterThan(0);
  });
});
