// Projects, and what they are made of: tags, workflow templates, workflow
// checks, collaborators, attached datasets and the pinned ontology version.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError, call, PAGE_SIZE } from "./client";
import type { components } from "./schema";
import { keys } from "./keys";
import { fetchAll, usePagedList } from "./paged";
import { autoLayout, needsLayout, type FieldError } from "../workflow/model";
import type { Graph } from "../workflow/types";

type Schemas = components["schemas"];
export type Project = Schemas["Project"];
export type ProjectDetail = Schemas["ProjectDetail"];
export type ProjectDataset = Schemas["ProjectDataset"];
export type ProjectStatus = Project["status"];
export type ProjectRole = Schemas["Collaborator"]["role"];
export type Collaborator = Schemas["Collaborator"];
export type CollaboratorBody = Schemas["CollaboratorBody"];
export type Tag = Schemas["Tag"];
export type StageCount = Schemas["StageCount"];
export type TaskStatus = StageCount["status"];
export type WorkflowTemplate = Schemas["WorkflowTemplate"];
export type WorkflowMove = Schemas["Move"];
export type WorkflowPlan = Schemas["WorkflowPlanOutputBody"];
export type OntologyMove = Schemas["OntologyMoveOutputBody"];
export type OntologyChange = Schemas["Change"];
export type OntologySummary = Schemas["OntologyInfo"];
type ApiGraph = Schemas["Graph"];

// ---------- the graph at the boundary ----------

/**
 * fromApiGraph reads the API's graph as the builder's: the server validated
 * it, so its strings (kinds, assignee types, router kinds) are the builder's enums.
 */
export function fromApiGraph(g: ApiGraph | null | undefined): Graph {
  return (g ?? { stages: [], edges: [] }) as unknown as Graph;
}

/**
 * toApiGraph makes the builder's graph what the API takes: every stage has a
 * position (a graph never drawn is laid out) and consensus settings list
 * their resolvers. Stage and edge order stay, so problem locations
 * (stages[i], edges[j]) still point into the graph the builder holds.
 */
export function toApiGraph(g: Graph): ApiGraph {
  const placed = needsLayout(g) ? autoLayout(g) : g;
  const stages = placed.stages.map((s) => (s.consensus && !s.consensus.resolvers ? { ...s, consensus: { ...s.consensus, resolvers: [] } } : s));
  return { stages, edges: placed.edges } as unknown as ApiGraph;
}

// ---------- projects ----------

export interface ProjectFilter {
  status?: ProjectStatus;
  tagId?: string;
}

export function useProjects(ws: string, filter: ProjectFilter = {}) {
  return usePagedList(keys.projectList(ws, filter), (cursor) =>
    call(
      api.GET("/api/v1/workspaces/{workspaceID}/projects", {
        params: {
          path: { workspaceID: ws },
          query: { cursor, limit: PAGE_SIZE, status: filter.status, tag_id: filter.tagId },
        },
      }),
    ),
  );
}

/** populating tells whether some attached dataset is still being turned into tasks. */
export function populating(p: Pick<ProjectDetail, "datasets"> | undefined): boolean {
  return !!p?.datasets.some((d) => !d.populated);
}

/** POLL_MS is how often a project is fetched again while its datasets are being populated. */
export const POLL_MS = 3000;

export function useProject(ws: string, id: string) {
  return useQuery({
    queryKey: keys.project(ws, id),
    queryFn: () =>
      call(api.GET("/api/v1/workspaces/{workspaceID}/projects/{projectID}", { params: { path: { workspaceID: ws, projectID: id } } })),
    refetchInterval: (q) => (populating(q.state.data) ? POLL_MS : false),
  });
}

export type NewProject = Omit<Schemas["CreateProjectInputBody"], "workflow"> & { workflow?: Graph };

export function useCreateProject(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ workflow, ...rest }: NewProject) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/projects", {
          params: { path: { workspaceID: ws } },
          body: { ...rest, workflow: workflow ? toApiGraph(workflow) : undefined },
        }),
      ),
    onSuccess: (p) => {
      qc.setQueryData(keys.project(ws, p.id), p);
      return qc.invalidateQueries({ queryKey: keys.projectLists(ws) });
    },
  });
}

/** settle puts a project the server answered with in the cache and refreshes the lists. */
function settle(qc: QueryClient, ws: string, p: ProjectDetail) {
  qc.setQueryData(keys.project(ws, p.id), p);
  return qc.invalidateQueries({ queryKey: keys.projectLists(ws) });
}

/** refresh fetches a project again, with what hangs off it, and the lists. */
function refresh(qc: QueryClient, ws: string, id: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: keys.project(ws, id) }),
    qc.invalidateQueries({ queryKey: keys.projectLists(ws) }),
  ]);
}

export interface ProjectPatch {
  name?: string;
  description?: string;
  /** Replaces the project's tags. */
  tag_ids?: string[];
}

export function useUpdateProject(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ProjectPatch) =>
      call(api.PATCH("/api/v1/workspaces/{workspaceID}/projects/{projectID}", { params: { path: { workspaceID: ws, projectID: id } }, body })),
    onSuccess: (p) => settle(qc, ws, p),
  });
}

export function useSetProjectStatus(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: ProjectStatus) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/projects/{projectID}/status", {
          params: { path: { workspaceID: ws, projectID: id } },
          body: { status },
        }),
      ),
    onSuccess: (p) => settle(qc, ws, p),
  });
}

export function useDeleteProject(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.DELETE("/api/v1/workspaces/{workspaceID}/projects/{projectID}", { params: { path: { workspaceID: ws, projectID: id } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.project(ws, id) });
      return qc.invalidateQueries({ queryKey: keys.projectLists(ws) });
    },
  });
}

/** useJoinProject makes a workspace admin the project's admin. */
export function useJoinProject(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/projects/{projectID}/join", { params: { path: { workspaceID: ws, projectID: id } } })),
    onSuccess: async (p) => {
      await settle(qc, ws, p);
      return qc.invalidateQueries({ queryKey: keys.projectCollaborators(ws, id) });
    },
  });
}

// ---------- datasets ----------

export function useAttachDataset(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (datasetId: string) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/projects/{projectID}/datasets/{datasetID}", {
          params: { path: { workspaceID: ws, projectID: id, datasetID: datasetId } },
        }),
      ),
    onSuccess: async (p) => {
      await settle(qc, ws, p);
      return qc.invalidateQueries({ queryKey: keys.projectStages(ws, id) });
    },
  });
}

export function useDetachDataset(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (datasetId: string) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/projects/{projectID}/datasets/{datasetID}", {
          params: { path: { workspaceID: ws, projectID: id, datasetID: datasetId } },
        }),
      ),
    onSuccess: () => refresh(qc, ws, id),
  });
}

// ---------- people ----------

export function useCollaborators(ws: string, id: string, enabled = true) {
  return useQuery({
    queryKey: keys.projectCollaborators(ws, id),
    enabled,
    queryFn: async () => {
      const r = await call(
        api.GET("/api/v1/workspaces/{workspaceID}/projects/{projectID}/collaborators", { params: { path: { workspaceID: ws, projectID: id } } }),
      );
      return r.items ?? [];
    },
  });
}

/** useSetCollaborator gives a member (by id or email) or a group a project role, or changes it. */
export function useSetCollaborator(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CollaboratorBody) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/projects/{projectID}/collaborators", {
          params: { path: { workspaceID: ws, projectID: id } },
          body,
        }),
      ),
    // On failure too: a row's select must show what the server holds; my own role may have changed.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.projectCollaborators(ws, id) }),
        qc.invalidateQueries({ queryKey: keys.project(ws, id), exact: true }),
      ]),
  });
}

export function useRemoveCollaborator(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (who: { user_id: string } | { group_id: string }) =>
      call(
        api.DELETE("/api/v1/workspaces/{workspaceID}/projects/{projectID}/collaborators", {
          params: { path: { workspaceID: ws, projectID: id }, query: who },
        }),
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.projectCollaborators(ws, id) }),
        qc.invalidateQueries({ queryKey: keys.project(ws, id), exact: true }),
      ]),
  });
}

// ---------- tasks by stage ----------

/**
 * useStageCounts counts the project's tasks by stage and status (for those
 * who manage it); while poll is set (datasets are being populated) it is
 * fetched every POLL_MS.
 */
export function useStageCounts(ws: string, id: string, { enabled = true, poll = false } = {}) {
  return useQuery({
    queryKey: keys.projectStages(ws, id),
    enabled,
    queryFn: async () => {
      const r = await call(
        api.GET("/api/v1/workspaces/{workspaceID}/projects/{projectID}/stages", { params: { path: { workspaceID: ws, projectID: id } } }),
      );
      return r.items ?? [];
    },
    refetchInterval: poll ? POLL_MS : false,
  });
}

// ---------- changing the workflow and the ontology version ----------

export interface WorkflowChange {
  workflow: Graph;
  /** The workflow revision the change was made from. */
  revision: number;
  /** For stages of the current workflow, the stage of the new one their waiting tasks move to. */
  mapping?: Record<string, string>;
  dryRun: boolean;
}

/** useChangeWorkflow plans (dryRun) or applies a new workflow for a live project. */
export function useChangeWorkflow(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: WorkflowChange) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/projects/{projectID}/workflow", {
          params: { path: { workspaceID: ws, projectID: id }, query: { dry_run: c.dryRun || undefined } },
          body: {
            workflow: toApiGraph(c.workflow),
            revision: c.revision,
            mapping: c.mapping && Object.keys(c.mapping).length ? c.mapping : undefined,
          },
        }),
      ),
    onSuccess: (plan) => {
      if (!plan.applied) return;
      return Promise.all([refresh(qc, ws, id), qc.invalidateQueries({ queryKey: keys.projectStages(ws, id) })]);
    },
  });
}

/** useMoveOntology reports (dryRun) or makes the move of a project to another version of its ontology. */
export function useMoveOntology(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: { version: number; dryRun: boolean }) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/projects/{projectID}/ontology-version", {
          params: { path: { workspaceID: ws, projectID: id }, query: { dry_run: m.dryRun || undefined } },
          body: { version: m.version },
        }),
      ),
    onSuccess: (mv) => {
      if (!mv.applied) return;
      // The versions' project counts change too.
      return Promise.all([refresh(qc, ws, id), qc.invalidateQueries({ queryKey: ["workspaces", ws, "ontologies"] })]);
    },
  });
}

// ---------- tags ----------

export function useTags(ws: string, enabled = true) {
  return useQuery({
    queryKey: keys.tags(ws),
    enabled,
    queryFn: async () => {
      const r = await call(api.GET("/api/v1/workspaces/{workspaceID}/tags", { params: { path: { workspaceID: ws } } }));
      return r.items ?? [];
    },
  });
}

export function useCreateTag(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; color?: string }) =>
      call(api.POST("/api/v1/workspaces/{workspaceID}/tags", { params: { path: { workspaceID: ws } }, body })),
    onSuccess: (t) => {
      qc.setQueryData<Tag[]>(keys.tags(ws), (old) => (old ? [...old.filter((x) => x.id !== t.id), t] : old));
      return qc.invalidateQueries({ queryKey: keys.tags(ws) });
    },
  });
}

// ---------- workflow templates and checks ----------

export function useWorkflowTemplates(ws: string, enabled = true) {
  return useQuery({
    queryKey: keys.workflowTemplates(ws),
    enabled,
    queryFn: async () => {
      const r = await call(api.GET("/api/v1/workspaces/{workspaceID}/workflow-templates", { params: { path: { workspaceID: ws } } }));
      return r.items ?? [];
    },
  });
}

export function useCreateTemplate(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (t: { name: string; description?: string; graph: Graph }) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/workflow-templates", {
          params: { path: { workspaceID: ws } },
          body: { name: t.name, description: t.description || undefined, graph: toApiGraph(t.graph) },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.workflowTemplates(ws) }),
  });
}

/** WorkflowCheck is the server's verdict on a graph: valid, or the problems it found (by location). */
export interface WorkflowCheck {
  valid: boolean;
  errors: FieldError[];
}

/** checkWorkflow asks the server whether a graph is a valid workflow; a 422 is an answer, not a failure. */
export async function checkWorkflow(ws: string, graph: Graph, signal?: AbortSignal): Promise<WorkflowCheck> {
  try {
    await call(
      api.POST("/api/v1/workspaces/{workspaceID}/workflows/validate", {
        params: { path: { workspaceID: ws } },
        body: { graph: toApiGraph(graph) },
        signal,
      }),
    );
    return { valid: true, errors: [] };
  } catch (e) {
    if (e instanceof ApiError && (e.status === 422 || e.status === 400)) {
      const errors = e.problem?.errors?.length ? e.problem.errors : [{ message: e.form.message }];
      return { valid: false, errors };
    }
    throw e;
  }
}

const CHECK_FRESH_MS = 60_000;

/**
 * useWorkflowCheck validates a graph on the server (pass it debounced); the
 * same graph is not asked about twice within a minute.
 */
export function useWorkflowCheck(ws: string, graph: Graph | null) {
  return useQuery({
    queryKey: keys.workflowCheck(ws, graph ?? {}),
    enabled: !!graph,
    staleTime: CHECK_FRESH_MS,
    retry: false,
    refetchOnWindowFocus: false,
    queryFn: ({ signal }) => checkWorkflow(ws, graph!, signal),
  });
}

/** fetchWorkflowCheck gets the verdict on a graph now (from the cache useWorkflowCheck shares, when fresh). */
export function fetchWorkflowCheck(qc: QueryClient, ws: string, graph: Graph): Promise<WorkflowCheck> {
  return qc.fetchQuery({
    queryKey: keys.workflowCheck(ws, graph),
    staleTime: CHECK_FRESH_MS,
    retry: false,
    queryFn: ({ signal }) => checkWorkflow(ws, graph, signal),
  });
}

// ---------- ontologies, for pickers ----------

const fetchOntologiesPage = (ws: string) => (cursor: string | undefined) =>
  call(api.GET("/api/v1/workspaces/{workspaceID}/ontologies", { params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } } }));

/** useAllOntologies loads every ontology of the workspace (their latest versions), for pickers. */
export function useAllOntologies(ws: string, enabled = true) {
  return useQuery({
    queryKey: keys.allOntologies(ws),
    queryFn: () => fetchAll(fetchOntologiesPage(ws)),
    enabled,
  });
}
