import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Problem } from '../../api/types';
import { ProblemsPanel } from './ProblemsPanel';

const problems: Problem[] = [
  { code: 'unreachable', message: 'Step reject is never reached', severity: 'warning', step: 'reject' },
  { code: 'missing-input', message: 'role is required', severity: 'error', step: 'approve', field: 'inputs.role', line: 9, column: 7 },
];

describe('ProblemsPanel', () => {
  it('counts errors and warnings and lists errors first with their location', () => {
    render(<ProblemsPanel problems={problems} stepOrder={['approve', 'reject']} validating={false} onSelect={vi.fn()} />);
    expect(screen.getByText('1 error, 1 warning')).toBeInTheDocument();
    const items = screen.getAllByRole('button');
    expect(items[0]).toHaveTextContent('role is required');
    expect(items[0]).toHaveTextContent('approve · inputs.role · 9:7');
  });

  it('hands the clicked problem to the editor', () => {
    const onSelect = vi.fn();
    render(<ProblemsPanel problems={problems} stepOrder={[]} validating={false} onSelect={onSelect} />);
    fireEvent.click(screen.getByRole('button', { name: /never reached/ }));
    expect(onSelect).toHaveBeenCalledWith(problems[0]);
  });

  it('says so when there is nothing to fix', () => {
    render(<ProblemsPanel problems={[]} stepOrder={[]} validating={false} onSelect={vi.fn()} />);
    expect(screen.getByText('No problems found.')).toBeInTheDocument();
  });
});
