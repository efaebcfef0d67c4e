import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../api/types';
import { approvalFlow } from '../../test/fixtures';
import { runOverlay } from './overlay';

let seq = 0;
function entry(step: string, kind: JournalEntry['kind'], outcome: string | null = null): JournalEntry {
  return { seq: ++seq, timestamp: '2026-01-01T00:00:00Z', step, activity: null, kind, outcome, input: null, output: null, error: null, attempt: 1 };
}

describe('runOverlay', () => {
  it('marks done steps, the waiting step and the transitions taken', () => {
    const journal = [entry('check', 'started'), entry('check', 'completed', 'true'), entry('approve', 'started'), entry('approve', 'suspended')];
    const overlay = runOverlay(approvalFlow(), journal, [
      { id: 'b1', kind: 'task', name: 'approve', step: 'approve', correlationKey: null, dueAt: null, payload: null },
    ]);
    expect(overlay.steps.get('check')).toBe('done');
    expect(overlay.steps.get('approve')).toBe('waiting');
    expect(overlay.steps.has('ship')).toBe(false);
    expect([...overlay.edges]).toEqual(['check:true->approve']);
    expect(overlay.outcomes.get('check')).toBe('true');
  });

  it('follows string next and marks open incidents as faulted', () => {
    const journal = [
      entry('check', 'started'),
      entry('check', 'completed', 'false'),
      entry('ship', 'started'),
      entry('ship', 'completed', 'done'),
      entry('end', 'started'),
      entry('end', 'faulted'),
    ];
    const overlay = runOverlay(approvalFlow(), journal, [], [
      { id: 'i1', step: 'end', error: 'boom', attempt: 1, createdAt: '', resolvedAt: null },
    ]);
    expect([...overlay.edges]).toEqual(['check:false->ship', 'ship:*->end']);
    expect(overlay.steps.get('end')).toBe('faulted');
  });

  it('does not take an edge whose target started before the source completed', () => {
    const journal = [entry('ship', 'started'), entry('check', 'started'), entry('check', 'completed', 'false')];
    expect(runOverlay(approvalFlow(), journal).edges.size).toBe(0);
  });
});

describe('runOverlay on the engine journal (no "started" entries)', () => {
  it('draws edges from completed steps to the next step the journal reaches', () => {
    const journal = [
      entry('check', 'completed', 'true'),
      entry('approve', 'suspended'),
      entry('approve', 'resumed', 'approved'),
      entry('approve', 'completed', 'approved'),
      entry('ship', 'completed', 'done'),
      entry('end', 'completed', 'done'),
    ];
    const overlay = runOverlay(approvalFlow(), journal);
    expect([...overlay.edges].sort()).toEqual(['approve:approved->ship', 'check:true->approve', 'ship:*->end']);
    expect([...overlay.steps.values()].every((s) => s === 'done')).toBe(true);
  });

  it('follows every outcome of a step that completed with several at once', () => {
    const doc = approvalFlow();
    doc.steps.check.next = { left: 'ship', right: 'reject', unused: 'end' };
    const journal = [entry('check', 'completed', 'left,right'), entry('ship', 'completed', 'done'), entry('reject', 'completed', 'done')];
    expect([...runOverlay(doc, journal).edges].sort()).toEqual(['check:left->ship', 'check:right->reject']);
  });
});
