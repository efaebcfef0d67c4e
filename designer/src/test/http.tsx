import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import type { Role } from '../api/types';
import { permissionsFor } from '../auth/permissions';
import { SessionContext } from '../auth/session';

export interface RecordedRequest {
  method: string;
  url: string;
  body: string | undefined;
  contentType: string | undefined;
}

/** A JSON body, or with `contentType` a string sent as is (HTML, text, YAML previews). */
export type Reply = { status: number; body?: unknown; contentType?: string };
export type Routes = Record<string, Reply | ((request: RecordedRequest) => Reply)>;

/**
 * Stubs fetch with routes keyed "METHOD /path" (query included); anything else answers 404 like a server without
 * that endpoint. Returns every request made, in order.
 */
export function mockApi(routes: Routes): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const request: RecordedRequest = { method: init?.method ?? 'GET', url: String(input), body: init?.body as string | undefined, contentType: headers['Content-Type'] };
      requests.push(request);
      const route = routes[`${request.method} ${request.url}`];
      const reply = typeof route === 'function' ? route(request) : (route ?? { status: 404, body: { title: 'Not Found' } });
      const text = reply.body === undefined ? null : typeof reply.body === 'string' && reply.contentType ? reply.body : JSON.stringify(reply.body);
      return new Response(text, { status: reply.status, headers: { 'Content-Type': reply.contentType ?? 'application/json' } });
    }),
  );
  return requests;
}

/** Renders a screen for a user with these roles. */
export function renderAs(roles: Role[], ui: ReactElement) {
  return render(<SessionContext.Provider value={{ me: { name: 'Test', roles }, can: permissionsFor(roles), signOut: () => undefined }}>{ui}</SessionContext.Provider>);
}
