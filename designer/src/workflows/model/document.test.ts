import { describe, expect, it } from 'vitest';
import { approvalFlow } from '../../test/fixtures';
import {
  addStep,
  connect,
  copySteps,
  disconnect,
  moveSteps,
  pasteSteps,
  removeSteps,
  renameStep,
  setStepInput,
  transitionsOf,
  uniqueStepName,
} from './document';

describe('document edits', () => {
  it('connecting the every-outcome handle writes the string form', () => {
    const doc = connect(approvalFlow(), 'reject', '*', 'ship');
    expect(doc.steps.reject.next).toBe('ship');
  });

  it('connecting a named outcome replaces a string next with a map', () => {
    const doc = connect(approvalFlow(), 'ship', 'done', 'reject');
    expect(doc.steps.ship.next).toEqual({ done: 'reject' });
  });

  it('disconnecting the last outcome removes next entirely', () => {
    let doc = disconnect(approvalFlow(), 'approve', 'approved');
    expect(doc.steps.approve.next).toEqual({ rejected: 'reject' });
    doc = disconnect(doc, 'approve', 'rejected');
    expect('next' in doc.steps.approve).toBe(false);
  });

  it('does not mutate the document it edits', () => {
    const original = approvalFlow();
    const snapshot = JSON.stringify(original);
    connect(original, 'check', 'true', 'end');
    removeSteps(original, ['ship']);
    renameStep(original, 'check', 'gate');
    expect(JSON.stringify(original)).toBe(snapshot);
  });

  it('removing a step removes every transition and the start pointing at it', () => {
    const doc = removeSteps(approvalFlow(), ['ship', 'check']);
    expect(Object.keys(doc.steps)).toEqual(['approve', 'reject', 'end']);
    expect(doc.steps.approve.next).toEqual({ rejected: 'reject' });
    expect(doc.start).toBeUndefined();
  });

  it('renaming keeps document order and rewrites references and start', () => {
    const doc = renameStep(approvalFlow(), 'check', 'gate');
    expect(Object.keys(doc.steps)).toEqual(['gate', 'approve', 'ship', 'reject', 'end']);
    expect(doc.start).toBe('gate');
    const renamedShip = renameStep(doc, 'ship', 'dispatch');
    expect(renamedShip.steps.gate.next).toEqual({ true: 'approve', false: 'dispatch' });
    expect(renamedShip.steps.approve.next).toEqual({ approved: 'dispatch', rejected: 'reject' });
  });

  it('refuses a rename onto an existing or invalid name', () => {
    expect(() => renameStep(approvalFlow(), 'check', 'ship')).toThrow(/already exists/);
    expect(() => renameStep(approvalFlow(), 'check', '9 lives')).toThrow(/not a valid step name/);
  });

  it('the first step added becomes the start', () => {
    const doc = addStep({ id: 'w', steps: {} }, 'first', { activity: 'End' });
    expect(doc.start).toBe('first');
    expect(addStep(doc, 'second', { activity: 'End' }).start).toBe('first');
  });

  it('setting an input to undefined removes it and the empty inputs map', () => {
    const doc = setStepInput(approvalFlow(), 'check', 'condition', undefined);
    expect('inputs' in doc.steps.check).toBe(false);
    expect(setStepInput(doc, 'check', 'condition', '=true').steps.check.inputs).toEqual({ condition: '=true' });
  });

  it('unique names count up from the activity name', () => {
    const doc = addStep(approvalFlow(), 'setVariable', { activity: 'SetVariable' });
    expect(uniqueStepName(doc, 'SetVariable')).toBe('setVariable2');
    expect(uniqueStepName(doc, 'HumanTask')).toBe('humanTask');
  });

  it('copy keeps only transitions inside the selection; paste renames clashes and rewires', () => {
    const clip = copySteps(approvalFlow(), ['approve', 'reject']);
    expect(clip.steps.approve.next).toEqual({ rejected: 'reject' });
    expect('next' in clip.steps.reject).toBe(false);
    const { doc, pasted } = pasteSteps(approvalFlow(), clip);
    expect(pasted).toEqual(['approve2', 'reject2']);
    expect(doc.steps.approve2.next).toEqual({ rejected: 'reject2' });
    expect(Object.keys(doc.steps).slice(0, 5)).toEqual(['check', 'approve', 'ship', 'reject', 'end']);
  });

  it('moving saves rounded positions and returns the same document when nothing moved', () => {
    const doc = moveSteps(approvalFlow(), { check: { x: 10.4, y: 20.6 } });
    expect(doc.steps.check.layout).toEqual({ x: 10, y: 21 });
    expect(moveSteps(doc, { check: { x: 10, y: 21 } })).toBe(doc);
  });

  it('lists transitions with * for the string form', () => {
    expect(transitionsOf(approvalFlow().steps.ship)).toEqual([['*', 'end']]);
    expect(transitionsOf(approvalFlow().steps.end)).toEqual([]);
  });
});
