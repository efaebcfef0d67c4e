import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderAs } from '../test/http';
import ReleasesScreen from './ReleasesScreen';

// As the server sends them: the list without contents, each release with them.
const r1 = { id: 1, createdBy: 'ops@shop', note: 'Launch', createdAt: '2026-11-01T10:00:00Z', activateAt: null, state: 'superseded', items: [{ kind: 'workflow', id: 'fulfil', version: 1, hash: 'aaaaaaaaaaaaaaaa' }] };
const r2 = { id: 2, createdBy: 'ops@shop', note: 'Cheaper carriers', createdAt: '2026-11-10T10:00:00Z', activateAt: null, state: 'active', items: [{ kind: 'workflow', id: 'fulfil', version: 2, hash: 'bbbbbbbbbbbbbbbb' }, { kind: 'table', id: 'carrier-selection', version: 1, hash: 'cccccccccccccccc' }] };
const listed = (...rs: (typeof r1)[]) => ({ items: rs.map((r) => ({ ...r, items: null })) });

describe('ReleasesScreen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists releases newest first, shows their contents and the changes since the previous one', async () => {
    const requests = mockApi({
      'GET /api/releases': { status: 200, body: listed(r1, r2) },
      'GET /api/releases/1': { status: 200, body: r1 },
      'GET /api/releases/2': { status: 200, body: r2 },
      'GET /api/releases/diff?from=1&to=2': {
        status: 200,
        body: { definitions: [{ kind: 'table', id: 'carrier-selection', change: 'added', changes: [] }, { kind: 'workflow', id: 'fulfil', change: 'changed', changes: [{ change: 'changed', subject: 'step ship', field: 'inputs.carrier' }] }] },
      },
    });
    renderAs(['analyst'], <ReleasesScreen />);
    const rows = await screen.findAllByRole('row', { name: /^Release \d/ });
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Release 2', 'Release 1']);
    fireEvent.click(within(rows[0]).getByRole('button', { name: '#2' }));
    expect(screen.getByRole('list', { name: 'Contents of release 2' })).toHaveTextContent('carrier-selection v1');
    fireEvent.click(within(rows[0]).getByRole('button', { name: 'Changes since #1' }));
    const changes = await screen.findByRole('region', { name: 'Release changes' });
    expect(changes).toHaveTextContent('added table carrier-selection');
    expect(changes).toHaveTextContent('changed step ship inputs.carrier');
    expect(requests.map((r) => r.url)).toContain('/api/releases/diff?from=1&to=2');
    // An analyst sees the history but cannot roll back.
    expect(screen.queryByRole('button', { name: 'Roll back…' })).toBeNull();
  });

  it('lets ops roll back the active release after confirming', async () => {
    let rolledBack = false;
    const requests = mockApi({
      'GET /api/releases': () => ({ status: 200, body: rolledBack ? listed({ ...r1, state: 'active' }, { ...r2, state: 'rolled-back' }) : listed(r1, r2) }),
      'GET /api/releases/1': () => ({ status: 200, body: rolledBack ? { ...r1, state: 'active' } : r1 }),
      'GET /api/releases/2': () => ({ status: 200, body: rolledBack ? { ...r2, state: 'rolled-back' } : r2 }),
      // Undoing release 2 is the server's rollback to release 1.
      'POST /api/releases/1/rollback': () => ((rolledBack = true), { status: 200, body: {} }),
    });
    renderAs(['ops'], <ReleasesScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Roll back…' }));
    const dialog = screen.getByRole('dialog', { name: 'Roll back release #2?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(await screen.findByText('Release #2 was rolled back.')).toBeInTheDocument();
    expect(await screen.findByText('rolled-back')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual(['/api/releases/1/rollback']);
  });

  it('says so when the server has no releases endpoint', async () => {
    mockApi({});
    renderAs(['ops'], <ReleasesScreen />);
    expect(await screen.findByText('Releases are not available on this server.')).toBeInTheDocument();
  });
});
