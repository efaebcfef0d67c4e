import { ApiError, json, send } from './client';
import type { Problem, WorkflowSummary, WorkflowVersion } from './types';

/** The three definition kinds besides workflows; the value is the route prefix under /api. */
export type DefinitionKind = 'rules' | 'tables' | 'templates';

export type DefinitionSummary = WorkflowSummary;
export type DefinitionVersion = WorkflowVersion;

/**
 * GET /api/{kind}/{id}. JSON kinds (rules, templates) come back parsed; a YAML table comes back as its text
 * (the server sends any document that is not JSON as a string).
 */
export interface DefinitionDetail {
  id: string;
  kind: string;
  name: string | null;
  description: string | null;
  publishedVersion: number | null;
  latestVersion: number | null;
  hasDraft: boolean;
  draft: unknown;
  published: unknown;
}

/** One rule's result from POST /api/rules/{id}/evaluate; nested rules are under `children`. */
export interface RuleResult {
  rule: string;
  isSuccess: boolean;
  outcome: 'success' | 'failure' | 'error';
  expression?: string;
  message?: string;
  failedCondition?: string;
  children?: RuleResult[];
  actionResult?: { output: unknown; exception: string | null };
  inputs?: Record<string, unknown>;
}

export interface RuleEvaluation {
  ruleSet: string;
  version: number | null;
  draft: boolean;
  workflow: string;
  allPassed: boolean;
  anyPassed: boolean;
  results: RuleResult[];
  actions: Record<string, unknown>;
  successEvents: string[];
}

export type RuleEvaluationMode = 'all' | 'firstMatch' | 'priority';

export interface TableEvaluation {
  table: string;
  version: number | null;
  draft: boolean;
  hitPolicy: string;
  matched: boolean;
  matchedRows: number[];
  output: unknown;
}

/** What an evaluate/preview request runs against: the draft, a version, or (neither) the published version. */
export interface DefinitionSource {
  draft?: boolean;
  version?: number;
}

export type PreviewFormat = 'html' | 'text' | 'pdf' | 'zpl';

export interface Preview {
  mediaType: string;
  blob: Blob;
}

/** A seeded order from GET /api/orders/samples, as integrators post it to /hooks/orders. */
export interface SampleOrder {
  id: string;
  label: string;
  order: unknown;
}

const enc = encodeURIComponent;
const mediaTypes: Record<DefinitionKind, string> = { rules: 'application/json', tables: 'application/yaml', templates: 'application/json' };

/** Calls for rule sets, decision tables and template sets; the server maps every kind the same way. */
export const definitionsApi = {
  list: (kind: DefinitionKind) => json<{ items: DefinitionSummary[] }>(`/api/${kind}`),
  get: (kind: DefinitionKind, id: string) => json<DefinitionDetail>(`/api/${kind}/${enc(id)}`),
  versions: (kind: DefinitionKind, id: string) => json<{ items: DefinitionVersion[] }>(`/api/${kind}/${enc(id)}/versions`),
  version: async (kind: DefinitionKind, id: string, version: number) =>
    (await send(`/api/${kind}/${enc(id)}/versions/${version}`, { accept: '*/*' })).text(),
  validate: (kind: DefinitionKind, id: string, text: string, signal?: AbortSignal) =>
    json<{ problems: Problem[] }>(`/api/${kind}/${enc(id)}/validate`, { method: 'POST', rawBody: text, contentType: mediaTypes[kind], signal }),
  saveDraft: (kind: DefinitionKind, id: string, text: string) =>
    json<{ problems: Problem[] }>(`/api/${kind}/${enc(id)}/draft`, { method: 'PUT', rawBody: text, contentType: mediaTypes[kind] }),
  deleteDraft: (kind: DefinitionKind, id: string) => json<void>(`/api/${kind}/${enc(id)}/draft`, { method: 'DELETE' }),
  publish: (kind: DefinitionKind, id: string, note: string) =>
    json<{ version: number; problems: Problem[] }>(`/api/${kind}/${enc(id)}/publish`, { method: 'POST', body: { note } }),
  evaluateRules: (id: string, request: { workflow?: string; inputs: Record<string, unknown>; mode?: RuleEvaluationMode } & DefinitionSource) =>
    json<RuleEvaluation>(`/api/rules/${enc(id)}/evaluate`, { method: 'POST', body: request }),
  evaluateTable: (id: string, request: { input: Record<string, unknown> } & DefinitionSource) =>
    json<TableEvaluation>(`/api/tables/${enc(id)}/evaluate`, { method: 'POST', body: request }),
  preview: async (id: string, request: { format?: PreviewFormat; data?: unknown; culture?: string } & DefinitionSource, signal?: AbortSignal): Promise<Preview> => {
    const response = await send(`/api/templates/${enc(id)}/preview`, { method: 'POST', body: request, accept: '*/*', signal });
    const blob = await response.blob();
    return { mediaType: response.headers.get('Content-Type') ?? blob.type, blob };
  },
  /** Seeded sample orders, or null when this server has no samples endpoint (404). */
  sampleOrders: async (): Promise<SampleOrder[] | null> => {
    try {
      return (await json<{ items: SampleOrder[] }>('/api/orders/samples')).items;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  },
};
