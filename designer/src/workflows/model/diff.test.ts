import { describe, expect, it } from 'vitest';
import { approvalFlow } from '../../test/fixtures';
import { canonical, diffWorkflows, mergedForDiff } from './diff';
import { removeSteps, setStepInput, addStep, moveSteps } from './document';

describe('diffWorkflows', () => {
  it('finds added, removed and changed steps and ignores layout moves', () => {
    const before = approvalFlow();
    let after = removeSteps(before, ['reject']);
    after = addStep(after, 'notify', { activity: 'SetVariable' });
    after = setStepInput(after, 'approve', 'role', 'analyst');
    after = moveSteps(after, { check: { x: 300, y: 300 } });
    const diff = diffWorkflows(before, after);
    expect(diff.steps.get('reject')).toBe('removed');
    expect(diff.steps.get('notify')).toBe('added');
    expect(diff.steps.get('approve')).toBe('changed');
    expect(diff.changedParts.get('approve')).toEqual(['inputs', 'next']);
    expect(diff.steps.get('check')).toBe('unchanged');
    expect(diff.steps.get('end')).toBe('unchanged');
  });

  it('reports workflow-level setting changes', () => {
    const after = { ...approvalFlow(), triggers: [{ hook: 'orders' }] };
    expect(diffWorkflows(approvalFlow(), after).settings).toEqual(['triggers']);
  });

  it('the merged document keeps removed steps so they can be drawn', () => {
    const after = removeSteps(approvalFlow(), ['reject']);
    expect(Object.keys(mergedForDiff(approvalFlow(), after).steps)).toContain('reject');
  });

  it('canonical JSON ignores key order', () => {
    expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(canonical({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });
});
