import { describe, expect, it } from 'vitest';
import type { Problem } from '../../api/types';
import { controlForField, describeLocation, fieldElementId, problemsByStep, problemsForField, sortProblems, withInferredField, worstSeverity } from './problems';

const problems: Problem[] = [
  { code: 'unreachable', message: 'never reached', severity: 'warning', step: 'reject' },
  { code: 'missing-input', message: 'role is required', severity: 'error', step: 'approve', field: 'inputs.role' },
  { code: 'unknown-step', message: 'goes nowhere', severity: 'error', step: 'approve', field: 'next.approved', line: 12, column: 5, file: 'approval.yaml' },
  { code: 'no-trigger', message: 'has no trigger', severity: 'warning' },
];

describe('problems mapping', () => {
  it('groups by step with workflow-level problems under the empty key', () => {
    const map = problemsByStep(problems);
    expect(map.get('approve')).toHaveLength(2);
    expect(map.get('')!.map((p) => p.code)).toEqual(['no-trigger']);
  });

  it('a node with any error shows error, otherwise warning', () => {
    expect(worstSeverity(problemsByStep(problems).get('approve'))).toBe('error');
    expect(worstSeverity(problemsByStep(problems).get('reject'))).toBe('warning');
    expect(worstSeverity([])).toBeUndefined();
  });

  it('finds problems by field, including nested paths', () => {
    expect(problemsForField(problems, 'approve', 'inputs.role')).toHaveLength(1);
    expect(problemsForField(problems, 'approve', 'next')).toHaveLength(1);
    expect(problemsForField(problems, 'approve', 'inputs.timeout')).toHaveLength(0);
  });

  it('maps field paths to the control that edits them', () => {
    expect(controlForField('inputs.role')).toBe('inputs.role');
    expect(controlForField('inputs.cases.vip')).toBe('inputs.cases');
    expect(controlForField('next.approved')).toBe('next');
    expect(controlForField('activity')).toBe('activity');
    expect(controlForField(undefined)).toBe('name');
    expect(fieldElementId('approve', 'inputs.role')).toBe('field-approve-inputs_role');
  });

  it('describes where a problem is, with file:line:column when known', () => {
    expect(describeLocation(problems[2])).toBe('approve · next.approved · approval.yaml:12:5');
  });

  it('sorts errors first, then by step order', () => {
    const sorted = sortProblems(problems, ['check', 'approve', 'reject']);
    expect(sorted.map((p) => p.code)).toEqual(['missing-input', 'unknown-step', 'no-trigger', 'unreachable']);
  });
});

describe('problems with null location parts (as the server sends them)', () => {
  const fromServer: Problem[] = [{ code: 'no-start', message: 'No start step', severity: 'error', step: null, field: null, line: null, column: null, file: null }];

  it('groups, matches and describes them without failing', () => {
    expect(problemsByStep(fromServer).get('')).toHaveLength(1);
    expect(problemsForField(fromServer, 'x', 'inputs.a')).toEqual([]);
    expect(describeLocation(fromServer[0])).toBe('');
    expect(controlForField(null)).toBe('name');
  });
});

describe('withInferredField', () => {
  it('attaches a missing required input to that input, as the server names it only in the message', () => {
    const problem = { code: 'missing-input', message: "HumanTask needs input 'role' (a string); add it under 'inputs'.", severity: 'error' as const, step: 'approve', field: null };
    expect(withInferredField(problem).field).toBe('inputs.role');
    expect(withInferredField({ ...problem, field: 'inputs.title' }).field).toBe('inputs.title');
    expect(withInferredField({ ...problem, code: 'unknown-activity' }).field).toBeNull();
  });
});
