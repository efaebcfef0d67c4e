import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';

type Handler = (url: string, init?: RequestInit) => { status: number; body?: unknown };

function mockFetch(handler: Handler) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const { status, body } = handler(String(input), init);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const authorization = (init?: RequestInit) => (init?.headers as Record<string, string> | undefined)?.Authorization;

describe('App shell', () => {
  beforeEach(() => {
    window.location.hash = '#/workflows';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks for an API key, rejects a wrong one with the reason, and keeps a good one for the tab', async () => {
    const fetchMock = mockFetch((url, init) => {
      if (url === '/api/me') return authorization(init) === 'Bearer good' ? { status: 200, body: { name: 'Ana', roles: ['analyst'] } } : { status: 401 };
      if (url === '/api/workflows') return { status: 200, body: { items: [] } };
      return { status: 404 };
    });
    render(<App />);
    fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'bad' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The API key was not accepted');

    fireEvent.change(screen.getByLabelText('API key'), { target: { value: 'good' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Workflows' })).toBeInTheDocument();
    expect(sessionStorage.getItem('omsflow.apiKey')).toBe('good');
    // The list is fetched after the heading renders; on a busy machine that can be a moment later.
    await waitFor(() => expect(fetchMock.mock.calls.some(([url, init]) => url === '/api/workflows' && authorization(init) === 'Bearer good')).toBe(true));
  });

  it('hides what an integrator cannot do', async () => {
    sessionStorage.setItem('omsflow.apiKey', 'k');
    mockFetch((url) =>
      url === '/api/me' ? { status: 200, body: { name: 'Shop', roles: ['integrator'] } } : { status: 200, body: { items: [] } },
    );
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Workflows' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Tasks' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Releases' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Instances' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Rules' })).toHaveAttribute('href', '#/rules');
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
  });

  it('returns to sign-in when the server stops accepting the key', async () => {
    sessionStorage.setItem('omsflow.apiKey', 'k');
    let revoked = false;
    mockFetch((url) => {
      if (url === '/api/me') return { status: 200, body: { name: 'Ana', roles: ['admin'] } };
      return revoked ? { status: 401 } : { status: 200, body: { items: [{ id: 'wf', name: 'Flow', description: '', publishedVersion: 1, latestVersion: 1, hasDraft: false, updatedAt: '2026-01-01T00:00:00Z' }] } };
    });
    render(<App />);
    expect(await screen.findByRole('link', { name: 'Flow' })).toBeInTheDocument();
    revoked = true;
    fireEvent.click(screen.getByRole('link', { name: 'Instances' }));
    expect(await screen.findByLabelText('API key')).toBeInTheDocument();
    expect(screen.getByText(/no longer accepts your API key/)).toBeInTheDocument();
    expect(sessionStorage.getItem('omsflow.apiKey')).toBeNull();
  });
});
