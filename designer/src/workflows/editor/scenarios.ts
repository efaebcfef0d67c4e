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
