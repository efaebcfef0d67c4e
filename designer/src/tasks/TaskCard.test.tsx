import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HumanTask } from '../api/types';
import { TaskCard } from './TaskInbox';

const task: HumanTask = {
  id: 't1',
  instanceId: 'i1',
  workflowId: 'approval',
  step: 'approve',
  role: 'ops',
  title: 'Approve SO-1',
  form: [
    { name: 'reason', label: 'Reason', type: 'string', required: true },
    { name: 'limit', label: 'New limit', type: 'decimal', required: false },
  ],
  outcomes: ['approved', 'rejected'],
  createdAt: '2026-01-01T00:00:00Z',
  dueAt: null,
  correlationKey: 'SO-1',
};

describe('TaskCard', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for required form fields before sending', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    render(<TaskCard task={task} onDone={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Rejected' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Fill in Reason first.');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('completes with the outcome, comment and typed form data', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    const onDone = vi.fn();
    render(<TaskCard task={task} onDone={onDone} />);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'Known customer' } });
    fireEvent.change(screen.getByLabelText('New limit'), { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Comment'), { target: { value: 'ok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approved' }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/tasks/t1/complete');
    expect(JSON.parse(init.body as string)).toEqual({ outcome: 'approved', comment: 'ok', data: { reason: 'Known customer', limit: 5000 } });
  });
});
