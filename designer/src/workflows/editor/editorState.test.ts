import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { approvalFlow } from '../../test/fixtures';
import { moveSteps, removeSteps } from '../model/document';
import { parseLiteral } from './InputField';
import { deleteScenario, loadScenarios, orderInputName, sampleInput, saveScenario, withSampleOrder } from './scenarios';
import { shortcutFor } from './shortcuts';
import { useDocumentHistory } from './useDocumentHistory';

describe('useDocumentHistory', () => {
  it('undoes and redoes committed edits', () => {
    const { result } = renderHook(() => useDocumentHistory());
    const first = approvalFlow();
    act(() => result.current.reset(first));
    const second = removeSteps(first, ['reject']);
    act(() => result.current.commit(second));
    expect(result.current.doc).toBe(second);
    act(() => result.current.undo());
    expect(result.current.doc).toBe(first);
    act(() => result.current.redo());
    expect(result.current.doc).toBe(second);
    expect(result.current.canRedo).toBe(false);
  });

  it('makes a whole drag one undo step', () => {
    const { result } = renderHook(() => useDocumentHistory());
    const start = approvalFlow();
    act(() => result.current.reset(start));
    act(() => result.current.transient(moveSteps(start, { check: { x: 1, y: 1 } })));
    act(() => result.current.transient(moveSteps(start, { check: { x: 50, y: 60 } })));
    act(() => result.current.settle());
    expect(result.current.doc!.steps.check.layout).toEqual({ x: 50, y: 60 });
    act(() => result.current.undo());
    expect(result.current.doc).toBe(start);
    expect(result.current.canUndo).toBe(false);
  });

  it('edits applied in one gesture all land, each on the result of the previous one', () => {
    const { result } = renderHook(() => useDocumentHistory());
    const start = approvalFlow();
    act(() => result.current.reset(start));
    act(() => {
      result.current.apply((doc) => removeSteps(doc, ['reject']));
      result.current.apply((doc) => removeSteps(doc, ['end']));
    });
    expect(Object.keys(result.current.doc!.steps)).toEqual(['check', 'approve', 'ship']);
  });

  it('a new edit after undo drops the redo branch', () => {
    const { result } = renderHook(() => useDocumentHistory());
    const start = approvalFlow();
    act(() => result.current.reset(start));
    act(() => result.current.commit(removeSteps(start, ['end'])));
    act(() => result.current.undo());
    act(() => result.current.commit(removeSteps(start, ['ship'])));
    expect(result.current.canRedo).toBe(false);
  });
});

describe('shortcutFor', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}, target: EventTarget | null = document.body) =>
    shortcutFor({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target, ...mods });

  it('maps editor shortcuts', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { metaKey: true })).toBe('redo');
    expect(key('v', { ctrlKey: true })).toBe('paste');
    expect(key('l', { altKey: true })).toBe('layout');
    expect(key('a')).toBeUndefined();
  });

  it('leaves text editing keys to text fields but still saves from them', () => {
    const input = document.createElement('input');
    expect(key('z', { ctrlKey: true }, input)).toBeUndefined();
    expect(key('c', { ctrlKey: true }, input)).toBeUndefined();
    expect(key('s', { ctrlKey: true }, input)).toBe('save');
  });
});

describe('parseLiteral', () => {
  it('parses by type and explains what to write instead', () => {
    expect(parseLiteral('int', '42')).toEqual({ value: 42 });
    expect(parseLiteral('int', '4.2').error).toMatch(/whole number/);
    expect(parseLiteral('decimal', '4.2')).toEqual({ value: 4.2 });
    expect(parseLiteral('array', '[1,2]')).toEqual({ value: [1, 2] });
    expect(parseLiteral('array', '{}').error).toMatch(/JSON array/);
    expect(parseLiteral('object', 'nope').error).toMatch(/Not valid JSON/);
    expect(parseLiteral('string', '')).toEqual({ value: undefined });
  });
});

describe('test scenarios', () => {
  it('saves, replaces by name, lists sorted, and deletes', () => {
    saveScenario('wf', { name: 'vip', input: '{"total": 5000}' });
    saveScenario('wf', { name: 'basic', input: '{}' });
    saveScenario('wf', { name: 'vip', input: '{"total": 9000}' });
    expect(loadScenarios('wf')).toEqual([
      { name: 'basic', input: '{}' },
      { name: 'vip', input: '{"total": 9000}' },
    ]);
    expect(loadScenarios('other')).toEqual([]);
    expect(deleteScenario('wf', 'basic').map((s) => s.name)).toEqual(['vip']);
  });

  it('ignores a corrupted store', () => {
    localStorage.setItem('omsflow.scenarios.wf', '{not json');
    expect(loadScenarios('wf')).toEqual([]);
  });

  it('builds a sample input from declared inputs', () => {
    expect(JSON.parse(sampleInput(approvalFlow().inputs))).toEqual({ orderId: '' });
  });
});

describe('sample orders in a test run', () => {
  it('puts the order into the input the hook trigger passes its body as, keeping other inputs', () => {
    const doc = { ...approvalFlow(), triggers: [{ hook: 'orders', input: 'incoming' }] };
    expect(orderInputName(doc)).toBe('incoming');
    expect(JSON.parse(withSampleOrder('{"orderId": "SO-1"}', doc, { id: 'SO-9' }))).toEqual({ orderId: 'SO-1', incoming: { id: 'SO-9' } });
  });

  it('falls back to an input named order, then the first object input, and replaces text that is not JSON', () => {
    const base = approvalFlow();
    expect(orderInputName({ ...base, inputs: { payload: { type: 'object' }, order: { type: 'object' } } })).toBe('order');
    expect(orderInputName({ ...base, inputs: { payload: { type: 'object' } } })).toBe('payload');
    expect(JSON.parse(withSampleOrder('{oops', { ...base, inputs: {} }, { id: 'SO-9' }))).toEqual({ order: { id: 'SO-9' } });
  });
});
