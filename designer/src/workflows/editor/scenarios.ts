import type { WorkflowDocument } from '../../api/types';

/** A named test input saved in this browser for one workflow. */
export interface TestScenario {
  name: string;
  input: string;
}

const keyFor = (workflowId: string) => `omsflow.scenarios.${workflowId}`;

export function loadScenarios(workflowId: string): TestScenario[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyFor(workflowId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((s): s is TestScenario => typeof s?.name === 'string' && typeof s?.input === 'string') : [];
  } catch {
    return [];
  }
}

/** Saves (or replaces by name) a scenario and returns the new list, sorted by name. */
export function saveScenario(workflowId: string, scenario: TestScenario): TestScenario[] {
  const list = loadScenarios(workflowId).filter((s) => s.name !== scenario.name);
  list.push(scenario);
  list.sort((a, b) => a.name.localeCompare(b.name));
  localStorage.setItem(keyFor(workflowId), JSON.stringify(list));
  return list;
}

export function deleteScenario(workflowId: string, name: string): TestScenario[] {
  const list = loadScenarios(workflowId).filter((s) => s.name !== name);
  localStorage.setItem(keyFor(workflowId), JSON.stringify(list));
  return list;
}

/** A starting input built from the workflow's declared inputs, so the user edits values instead of typing keys. */
export function sampleInput(inputs: Record<string, { type: string; default?: unknown }> | undefined): string {
  const sample: Record<string, unknown> = {};
  const byType: Record<string, unknown> = { string: '', int: 0, decimal: 0, bool: false, object: {}, array: [], datetime: new Date(0).toISOString() };
  for (const [name, declaration] of Object.entries(inputs ?? {})) sample[name] = declaration.default ?? byType[declaration.type] ?? null;
  return JSON.stringify(sample, null, 2);
}

/** The input a sample order goes into: the one a hook trigger passes its body as, else an input named order, else the first object input. */
export function orderInputName(doc: WorkflowDocument): string {
  const fromTrigger = doc.triggers?.find((t) => t.hook && t.input)?.input;
  if (fromTrigger) return fromTrigger;
  const inputs = Object.entries(doc.inputs ?? {});
  if (inputs.some(([name]) => name === 'order')) return 'order';
  return inputs.find(([, declaration]) => declaration.type === 'object')?.[0] ?? 'order';
}

/** The test-run input with a sample order placed in its input (other inputs kept when the text is JSON). */
export function withSampleOrder(inputText: string, doc: WorkflowDocument, order: unknown): string {
  let current: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(inputText || '{}');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) current = parsed as Record<string, unknown>;
  } catch {
    // Not JSON yet: the sample replaces it.
  }
  return JSON.stringify({ ...current, [orderInputName(doc)]: order }, null, 2);
}
