import { describe, expect, it } from 'vitest';
import { approvalFlow } from '../test/fixtures';
import { completeWord, workflowCompletions } from './completions';

const functions = [{ label: 'iif', type: 'function' as const }];

describe('expression completions', () => {
  const items = workflowCompletions(approvalFlow());

  it('offers the workflow inputs and variables with their types', () => {
    expect(items).toContainEqual({ label: 'orderId', type: 'variable', detail: 'input · string' });
    expect(items).toContainEqual({ label: 'total', type: 'variable', detail: 'variable · decimal' });
  });

  it('completes a bare word against names, the order root and functions', () => {
    expect(completeWord('to', items, functions).map((i) => i.label)).toEqual(['total']);
    expect(completeWord('or', items, functions).map((i) => i.label)).toEqual(['orderId', 'order']);
    expect(completeWord('ii', items, functions).map((i) => i.label)).toEqual(['iif']);
  });

  it('completes a dotted path with the known fields below it', () => {
    const labels = completeWord('order.cu', items, functions).map((i) => i.label);
    expect(labels).toContain('order.customer');
    expect(labels).toContain('order.customer.segment');
    expect(labels).not.toContain('order.total');
  });
});
