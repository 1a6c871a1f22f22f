// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Membership } from "../../api/client";
import type { ProjectDetail } from "../../api/projects";
import { WorkspaceContext } from "../../app/workspaceContext";
import { ToastProvider } from "../../components/Toasts";
import { annotateReview } from "../../workflow/testGraphs";
import { projectAbilities } from "./access";
import { WorkflowSection } from "./WorkflowSection";

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

const P = "/api/v1/workspaces/w1/projects/p1";

const project: ProjectDetail = {
  id: "p1",
  name: "Street review",
  description: "",
  status: "in_progress",
  next_statuses: ["paused", "completed", "cancelled"],
  ontology_id: "o1",
  ontology_version: 1,
  workflow: annotateReview() as unknown as ProjectDetail["workflow"],
  workflow_revision: 4,
  tags: [],
  task_count: 12,
  created_by: "u1",
  created_at: "",
  updated_at: "",
  my_role: "admin",
  datasets: [],
};

function setup(changeAnswers: Response[]) {
  const changes: { dryRun: boolean; body: Record<string, unknown> }[] = [];
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (req) => {
    const url = new URL(req.url);
    if (req.method === "PUT" && url.pathname === `${P}/workflow`) {
      changes.push({ dryRun: url.searchParams.get("dry_run") === "true", body: await req.json() });
      return changeAnswers.shift() ?? json({ title: "Unexpected" }, 500);
    }
    if (url.pathname === "/api/v1/workspaces/w1/workflows/validate") return json({ valid: true });
    if (url.pathname === P) return json({ ...project, workflow_revision: 5 });
    return json({ items: [], next_cursor: null });
  });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const ctx = { workspaceId: "w1", role: "member" as const, membership: {} as Membership };
  const utils = render(
    <QueryClientProvider client={qc}>
      <WorkspaceContext.Provider value={ctx}>
        <ToastProvider>
          <WorkflowSection workspaceId="w1" project={project} abilities={projectAbilities("member", "admin", "in_progress")} />
        </ToastProvider>
      </WorkspaceContext.Provider>
    </QueryClientProvider>,
  );
  const mode = () => utils.container.querySelector("[data-workflow-mode]")?.getAttribute("data-workflow-mode");
  return { ...utils, changes, mode };
}

const click = (name: string) => fireEvent.click(screen.getByRole("button", { name }));

describe("WorkflowSection", () => {
  it("asks where waiting tasks go, shows the plan and applies it against the revision", async () => {
    const t = setup([
      json({ status: 422, title: "Unprocessable Entity", errors: [{ location: "body.mapping.annotate", message: "'Annotate' holds 12 tasks; choose the stage they move to" }] }, 422),
      json({ moves: [{ from: "annotate", to: "review", tasks: 12 }], applied: false }),
      json({ moves: [{ from: "annotate", to: "review", tasks: 12 }], applied: true }),
    ]);
    expect(t.mode()).toBe("view");
    click("Edit workflow");
    expect(t.mode()).toBe("edit");
    await waitFor(() => expect(screen.getByRole("button", { name: "Review change" }).hasAttribute("disabled")).toBe(false));
    click("Review change");

    const select = (await screen.findByLabelText("Move the tasks of Annotate to")) as HTMLSelectElement;
    expect(screen.getByText(/holds 12 tasks/)).toBeTruthy();
    // Only stages where tasks wait are offered.
    expect([...select.options].map((o) => o.value)).toEqual(["", "annotate", "review", "complete"]);
    fireEvent.change(select, { target: { value: "review" } });
    click("Review change");

    const plan = await screen.findByRole("region", { name: "The plan" });
    expect(plan.textContent).toMatch(/12 tasks move to another stage/);
    expect(t.container.querySelector('[data-move="annotate:review"]')).toBeTruthy();
    click("Apply change");
    await waitFor(() => expect(t.mode()).toBe("view"));

    expect(t.changes.map((c) => c.dryRun)).toEqual([true, true, false]);
    expect(t.changes[0].body.mapping).toBeUndefined();
    expect(t.changes[2].body).toMatchObject({ revision: 4, mapping: { annotate: "review" } });
  });

  it("says when someone changed the workflow meanwhile, and reloads", async () => {
    setup([
      json({ moves: [], applied: false }),
      json({ status: 409, title: "Conflict", detail: "the workflow changed meanwhile (it is at revision 5, you edited revision 4); reload it" }, 409),
    ]);
    click("Edit workflow");
    await waitFor(() => expect(screen.getByRole("button", { name: "Review change" }).hasAttribute("disabled")).toBe(false));
    click("Review change");
    expect(await screen.findByText("No tasks are waiting: nothing moves.")).toBeTruthy();
    click("Apply change");
    expect(await screen.findByText("Someone changed this workflow meanwhile.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Apply change" }).hasAttribute("disabled")).toBe(true);
    click("Reload");
    await waitFor(() => expect(fetchMock.mock.calls.some(([r]) => new URL(r.url).pathname === P)).toBe(true));
  });
});
