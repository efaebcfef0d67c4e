import type {
  ActivityDescriptor,
  HumanTask,
  InstanceDetail,
  InstanceSummary,
  JournalEntry,
  Me,
  Paged,
  Problem,
  ProblemDetails,
  TestRunResult,
  WorkflowDetail,
  WorkflowDocument,
  WorkflowSummary,
  WorkflowVersion,
} from './types';

const apiKeyStorageKey = 'omsflow.apiKey';

/** An HTTP failure carrying the server's ProblemDetails so screens can show what to do. */
export class ApiError extends Error {
  readonly status: number;
  readonly details: ProblemDetails;

  constructor(status: number, details: ProblemDetails) {
    super(describeProblemDetails(status, details));
    this.name = 'ApiError';
    this.status = status;
    this.details = details;
  }
}

export function describeProblemDetails(status: number, details: ProblemDetails): string {
  const parts = [details.title ?? `Request failed with HTTP ${status}`];
  if (details.detail) parts.push(details.detail);
  if (details.errors) {
    for (const [field, messages] of Object.entries(details.errors)) parts.push(`${field}: ${messages.join(' ')}`);
  }
  return parts.join(' — ');
}

export function loadApiKey(): string | null {
  return sessionStorage.getItem(apiKeyStorageKey);
}

export function storeApiKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(apiKeyStorageKey);
  else sessionStorage.setItem(apiKeyStorageKey, key);
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Screens call this to learn that the key stopped working (401) so the shell can ask for a new one. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
}

/** Sends a request with the signed-in API key; a non-2xx answer throws ApiError with the server's ProblemDetails. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  const key = loadApiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['Content-Type'] = options.contentType ?? 'text/plain';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  if (response.status === 401) unauthorizedListeners.forEach((l) => l());
  if (!response.ok) {
    let details: ProblemDetails = {};
    const text = await response.text();
    try {
      details = text ? (JSON.parse(text) as ProblemDetails) : {};
    } catch {
      details = { detail: text };
    }
    throw new ApiError(response.status, details);
  }
  return response;
}

/** `send` and parse the JSON answer (undefined for 204/empty). */
export async function json<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  // A server without this endpoint may answer /api/... with the designer's own index.html (its SPA fallback):
  // that is a missing endpoint, not data.
  if (response.headers.get('Content-Type')?.startsWith('text/html'))
    throw new ApiError(404, { title: 'Not Found', detail: `The server has no ${path.split('?')[0]} endpoint.` });
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export interface InstanceFilter {
  status?: string;
  workflowId?: string;
  correlationKey?: string;
  hasIncident?: boolean;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export function instanceQuery(filter: InstanceFilter): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Every call the designer makes to the server; there is no other data path. */
export const api = {
  me: (apiKeyOverride?: string) =>
    apiKeyOverride === undefined
      ? json<Me>('/api/me')
      : fetch('/api/me', { headers: { Accept: 'application/json', Authorization: `Bearer ${apiKeyOverride}` } }).then(
          async (r) => {
            if (!r.ok) throw new ApiError(r.status, { title: r.status === 401 ? 'The API key was not accepted' : r.statusText });
            return (await r.json()) as Me;
          },
        ),
  activities: () => json<ActivityDescriptor[]>('/api/activities'),
  workflows: () => json<{ items: WorkflowSummary[] }>('/api/workflows'),
  workflow: (id: string) => json<WorkflowDetail>(`/api/workflows/${enc(id)}`),
  versions: (id: string) => json<{ items: WorkflowVersion[] }>(`/api/workflows/${enc(id)}/versions`),
  version: (id: string, version: number) => json<WorkflowDocument>(`/api/workflows/${enc(id)}/versions/${version}`),
  saveDraft: (doc: WorkflowDocument) =>
    json<{ problems: Problem[] }>(`/api/workflows/${enc(doc.id)}/draft`, { method: 'PUT', body: doc }),
  deleteDraft: (id: string) => json<void>(`/api/workflows/${enc(id)}/draft`, { method: 'DELETE' }),
  validate: (doc: WorkflowDocument, signal?: AbortSignal) =>
    json<{ problems: Problem[] }>('/api/workflows/validate', { method: 'POST', body: doc, signal }),
  publish: (id: string, note: string) =>
    json<{ version: number }>(`/api/workflows/${enc(id)}/publish`, { method: 'POST', body: { note } }),
  testRun: (id: string, input: unknown, definition?: WorkflowDocument) =>
    json<TestRunResult>(`/api/workflows/${enc(id)}/test-run`, { method: 'POST', body: { definition, input } }),
  exportWorkflow: async (id: string, format: 'yaml' | 'json', version?: number) => {
    const query = new URLSearchParams({ format });
    if (version !== undefined) query.set('version', String(version));
    const response = await send(`/api/workflows/${enc(id)}/export?${query}`, { accept: '*/*' });
    return response.text();
  },
  importWorkflow: (text: string, format: 'yaml' | 'json') =>
    json<{ id: string; problems: Problem[] }>('/api/workflows/import', {
      method: 'POST',
      rawBody: text,
      contentType: format === 'yaml' ? 'application/yaml' : 'application/json',
    }),
  instances: (filter: InstanceFilter) => json<Paged<InstanceSummary>>(`/api/instances${instanceQuery(filter)}`),
  instance: (id: string) => json<InstanceDetail>(`/api/instances/${enc(id)}`),
  journal: (id: string) => json<{ items: JournalEntry[] }>(`/api/instances/${enc(id)}/journal`),
  cancel: (id: string) => json<void>(`/api/instances/${enc(id)}/cancel`, { method: 'POST' }),
  retry: (id: string) => json<void>(`/api/instances/${enc(id)}/retry`, { method: 'POST' }),
  signal: (id: string, name: string, data: unknown) =>
    json<void>(`/api/instances/${enc(id)}/signals/${enc(name)}`, { method: 'POST', body: data }),
  tasks: (role?: string) => json<{ items: HumanTask[] }>(`/api/tasks${role ? `?role=${enc(role)}` : ''}`),
  completeTask: (id: string, outcome: string, comment: string, data: Record<string, unknown>) =>
    json<void>(`/api/tasks/${enc(id)}/complete`, { method: 'POST', body: { outcome, comment, data } }),
};

/** Problems from a 422 publish/validate answer, or none. */
export function problemsOf(error: unknown): Problem[] {
  return error instanceof ApiError ? (error.details.problems ?? []) : [];
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
