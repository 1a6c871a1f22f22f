// Ontologies: the labeling schemas of a workspace, and their versions.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, PAGE_SIZE } from "./client";
import type { components } from "./schema";
import { keys } from "./keys";
import { usePagedList } from "./paged";
import type { Ontology } from "../ontology/types";

type Schemas = components["schemas"];
export type OntologyInfo = Schemas["OntologyInfo"];
export type OntologyDetail = Schemas["OntologyDetail"];
export type OntologyVersion = Schemas["OntologyVersion"];
export type SchemaChange = Schemas["Change"];
export type SchemaSave = Schemas["SchemaSaveOutputBody"];

/**
 * asDocument reads the API's ontology document as the editor's type: the
 * server validated it, so its strings are the editor's enums.
 */
export function asDocument(schema: Schemas["Ontology"] | undefined): Ontology {
  return (schema ?? { objects: [], classifications: [] }) as unknown as Ontology;
}

function asBody(o: Ontology): Schemas["Ontology"] {
  return o as unknown as Schemas["Ontology"];
}

export function useOntologies(ws: string) {
  return usePagedList(keys.ontologies(ws), (cursor) =>
    call(api.GET("/api/v1/workspaces/{workspaceID}/ontologies", { params: { path: { workspaceID: ws }, query: { cursor, limit: PAGE_SIZE } } })),
  );
}

export function useOntology(ws: string, id: string) {
  return useQuery({
    queryKey: keys.ontology(ws, id),
    queryFn: () =>
      call(api.GET("/api/v1/workspaces/{workspaceID}/ontologies/{ontologyID}", { params: { path: { workspaceID: ws, ontologyID: id } } })),
  });
}

export function useOntologyVersions(ws: string, id: string) {
  return useQuery({
    queryKey: keys.ontologyVersions(ws, id),
    queryFn: () =>
      call(api.GET("/api/v1/workspaces/{workspaceID}/ontologies/{ontologyID}/versions", { params: { path: { workspaceID: ws, ontologyID: id } } })),
  });
}

export function useOntologyVersion(ws: string, id: string, version: number | undefined) {
  return useQuery({
    queryKey: keys.ontologyVersion(ws, id, version ?? 0),
    enabled: version !== undefined,
    queryFn: () =>
      call(
        api.GET("/api/v1/workspaces/{workspaceID}/ontologies/{ontologyID}/versions/{version}", {
          params: { path: { workspaceID: ws, ontologyID: id, version: version ?? 1 } },
        }),
      ),
  });
}

export interface NewOntology {
  name: string;
  description?: string;
  schema: Ontology;
}

export function useCreateOntology(ws: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: NewOntology) =>
      call(
        api.POST("/api/v1/workspaces/{workspaceID}/ontologies", {
          params: { path: { workspaceID: ws } },
          body: { name: b.name, description: b.description, schema: asBody(b.schema) },
        }),
      ),
    onSuccess: (o) => {
      qc.setQueryData(keys.ontology(ws, o.id), o);
      return qc.invalidateQueries({ queryKey: keys.ontologies(ws), exact: true });
    },
  });
}

export function useUpdateOntology(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; description?: string }) =>
      call(api.PATCH("/api/v1/workspaces/{workspaceID}/ontologies/{ontologyID}", { params: { path: { workspaceID: ws, ontologyID: id } }, body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.ontology(ws, id), exact: true }),
        qc.invalidateQueries({ queryKey: keys.ontologies(ws), exact: true }),
      ]),
  });
}

export interface SchemaEdit {
  schema: Ontology;
  version: number;
  revision: number;
  dryRun?: boolean;
}

/** useSaveSchema saves an edit: in place when compatible, as a new version when it could invalidate labels. */
export function useSaveSchema(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (e: SchemaEdit) =>
      call(
        api.PUT("/api/v1/workspaces/{workspaceID}/ontologies/{ontologyID}/schema", {
          params: { path: { workspaceID: ws, ontologyID: id }, query: { dry_run: e.dryRun } },
          body: { schema: asBody(e.schema), version: e.version, revision: e.revision },
        }),
      ),
    onSuccess: (r) => {
      if (!r.saved) return;
      return Promise.all([
        qc.invalidateQueries({ queryKey: keys.ontology(ws, id), exact: true }),
        qc.invalidateQueries({ queryKey: keys.ontologyVersions(ws, id), exact: true }),
        qc.invalidateQueries({ queryKey: keys.ontologies(ws), exact: true }),
      ]);
    },
  });
}

export function useDeleteOntology(ws: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.DELETE("/api/v1/workspaces/{workspaceID}/ontologies/{ontologyID}", { params: { path: { workspaceID: ws, ontologyID: id } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: keys.ontology(ws, id) });
      return qc.invalidateQueries({ queryKey: keys.ontologies(ws), exact: true });
    },
  });
}
