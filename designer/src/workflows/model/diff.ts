import type { StepDefinition, WorkflowDocument } from '../../api/types';

export type StepChange = 'added' | 'removed' | 'changed' | 'unchanged';

export interface WorkflowDiff {
  steps: Map<string, StepChange>;
  /** Which top-level parts of a changed step differ (`inputs`, `next`...), for the tooltip. */
  changedParts: Map<string, string[]>;
  /** Workflow-level settings that differ (`inputs`, `triggers`, `start`...). */
  settings: string[];
}

/** JSON with sorted keys, so two documents compare equal regardless of key order inside values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function changedParts(before: StepDefinition, after: StepDefinition): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('layout'); // moving a node is not a change in behaviour
  return [...keys].filter(
    (key) => canonical((before as unknown as Record<string, unknown>)[key]) !== canonical((after as unknown as Record<string, unknown>)[key]),
  );
}

/** Compares two versions step by step; layout moves are ignored. */
export function diffWorkflows(before: WorkflowDocument, after: WorkflowDocument): WorkflowDiff {
  const steps = new Map<string, StepChange>();
  const parts = new Map<string, string[]>();
  for (const [name, step] of Object.entries(after.steps)) {
    const old = before.steps[name];
    if (!old) steps.set(name, 'added');
    else {
      const changed = changedParts(old, step);
      steps.set(name, changed.length ? 'changed' : 'unchanged');
      if (changed.length) parts.set(name, changed);
    }
  }
  for (const name of Object.keys(before.steps)) if (!(name in after.steps)) steps.set(name, 'removed');
  const settingKeys = ['name', 'description', 'onFault', 'inputs', 'variables', 'outputs', 'triggers', 'start'] as const;
  const settings = settingKeys.filter((key) => canonical(before[key]) !== canonical(after[key]));
  return { steps, changedParts: parts, settings };
}

/** One document holding both versions' steps (removed ones from `before`), to draw the diff on one canvas. */
export function mergedForDiff(before: WorkflowDocument, after: WorkflowDocument): WorkflowDocument {
  const steps = { ...after.steps };
  for (const [name, step] of Object.entries(before.steps)) if (!(name in steps)) steps[name] = step;
  return { ...after, steps };
}
