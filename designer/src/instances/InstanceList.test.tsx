import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import InstanceList from './InstanceList';

describe('InstanceList', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists instances and sends the chosen filters as query parameters', async () => {
    const fetchMock = vi.fn(async (url: RequestInfo | URL) => {
      void url;
      return new Response(
        JSON.stringify({
          items: [{ id: 'inst-9', workflowId: 'fulfil', version: 3, status: 'Faulted', correlationKey: 'SO-9', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', activeSteps: ['charge'] }],
          total: 1,
          page: 1,
          pageSize: 50,
        }),
        { status: 200 },
      );
    });
    vi.stubGlobal('fetch', fetchMock);
    render(<InstanceList />);
    expect(await screen.findByRole('link', { name: 'inst-9' })).toHaveAttribute('href', '#/instances/inst-9');
    expect(screen.getByText('charge')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'Faulted' } });
    fireEvent.change(screen.getByLabelText('Order / correlation key'), { target: { value: 'SO-9' } });
    fireEvent.click(screen.getByLabelText('With open incident'));
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));

    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain('/api/instances?status=Faulted&correlationKey=SO-9&hasIncident=true&page=1&pageSize=50'),
    );
  });
});
