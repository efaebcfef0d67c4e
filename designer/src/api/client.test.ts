import { afterEach, describe, expect, it, vi } from 'vitest';
import { approvalFlow } from '../test/fixtures';
import { api, ApiError, instanceQuery, json, onUnauthorized, problemsOf, storeApiKey } from './client';

function respond(status: number, body: unknown, contentType = 'application/json') {
  const fetchMock = vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('api client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the stored key as a Bearer token and JSON bodies with their content type', async () => {
    storeApiKey('secret');
    const fetchMock = respond(200, { problems: [] });
    await api.saveDraft(approvalFlow());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/workflows/order-approval/draft');
    expect(init.method).toBe('PUT');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body as string).steps.check.activity).toBe('If');
  });

  it('turns ProblemDetails into an ApiError carrying the problems', async () => {
    respond(422, {
      type: 'about:blank',
      title: 'The workflow is not valid',
      status: 422,
      detail: 'Fix the problems and publish again.',
      problems: [{ code: 'missing-input', message: 'role is required', severity: 'error', step: 'approve', field: 'inputs.role' }],
    });
    const error = await api.publish('order-approval', 'note').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(422);
    expect((error as ApiError).message).toBe('The workflow is not valid — Fix the problems and publish again.');
    expect(problemsOf(error)).toHaveLength(1);
  });

  it('keeps a non-JSON error body readable', async () => {
    respond(500, 'upstream exploded', 'text/plain');
    const error = (await api.workflows().catch((e: unknown) => e)) as ApiError;
    expect(error.message).toContain('upstream exploded');
  });

  it('tells listeners when the key is rejected', async () => {
    respond(401, { title: 'Unauthorized', status: 401 });
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    await api.activities().catch(() => undefined);
    stop();
    expect(listener).toHaveBeenCalledOnce();
  });

  it('imports YAML with its content type and exports as text', async () => {
    const fetchMock = respond(200, { id: 'imported', problems: [] });
    await api.importWorkflow('id: imported\nsteps: {}\n', 'yaml');
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/yaml');
    expect(init.body).toBe('id: imported\nsteps: {}\n');

    const exportMock = respond(200, 'id: order-approval\n', 'application/yaml');
    expect(await api.exportWorkflow('order-approval', 'yaml', 3)).toBe('id: order-approval\n');
    expect((exportMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/workflows/order-approval/export?format=yaml&version=3');
  });

  it('builds instance queries from the filters that are set', () => {
    expect(instanceQuery({ status: 'Faulted', workflowId: '', hasIncident: true, page: 2, pageSize: 50 })).toBe('?status=Faulted&hasIncident=true&page=2&pageSize=50');
    expect(instanceQuery({ hasIncident: false })).toBe('');
  });

  it('escapes ids in paths', async () => {
    const fetchMock = respond(200, { items: [] });
    await api.versions('a/b c');
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/workflows/a%2Fb%20c/versions');
  });
});

describe('json', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('treats an HTML page answering an /api path (the SPA fallback) as a missing endpoint', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<!doctype html><html></html>', { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } })));
    const error = await json('/api/releases?x=1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toContain('/api/releases endpoint');
  });
});
