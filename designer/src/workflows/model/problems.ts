import type { Problem } from '../../api/types';

/** Problems grouped by the step they name; problems about the whole workflow are under the empty key. */
export function problemsByStep(problems: Problem[]): Map<string, Problem[]> {
  const map = new Map<string, Problem[]>();
  for (const problem of problems) {
    const key = problem.step ?? '';
    const list = map.get(key);
    if (list) list.push(problem);
    else map.set(key, [problem]);
  }
  return map;
}

/** The worst severity among problems, for the badge drawn on a node. */
export function worstSeverity(problems: Problem[] | undefined): 'error' | 'warning' | undefined {
  if (!problems?.length) return undefined;
  return problems.some((p) => p.severity === 'error') ? 'error' : 'warning';
}

/** Problems naming one field of one step (`inputs.condition`, `next.approved`, `activity`...). */
export function problemsForField(problems: Problem[], step: string, field: string): Problem[] {
  return problems.filter((p) => p.step === step && !!p.field && (p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`)));
}

/**
 * The DOM id of the control that edits a field in the property panel. Problems carry
 * `field` paths; clicking one focuses the element with this id.
 */
export function fieldElementId(step: string, field: string): string {
  return `field-${step}-${field}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Maps a problem's field to the property-panel control that edits it (`next.approved` is edited with the step's transitions). */
export function controlForField(field: string | null | undefined): string {
  if (!field) return 'name';
  const [head, second] = field.split(/[.[]/);
  if (head === 'inputs' && second) return `inputs.${second}`;
  if (head === 'next') return 'next';
  return head;
}

export function describeLocation(problem: Problem): string {
  const parts: string[] = [];
  if (problem.step) parts.push(problem.step);
  if (problem.field) parts.push(problem.field);
  if (problem.line != null) parts.push(`${problem.file ? `${problem.file}:` : ''}${problem.line}:${problem.column ?? 1}`);
  return parts.join(' · ');
}

/** Errors first, then by document order of their step, so the list reads top to bottom like the flow. */
export function sortProblems(problems: Problem[], stepOrder: string[]): Problem[] {
  const order = new Map(stepOrder.map((name, i) => [name, i]));
  return [...problems].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      (order.get(a.step ?? '') ?? -1) - (order.get(b.step ?? '') ?? -1),
  );
}

/**
 * The server reports a missing required input on the step, without a field; the message names the input
 * ("HumanTask needs input 'role' …"), so the problem is attached to that input's control.
 */
export function withInferredField(problem: Problem): Problem {
  if (problem.field || !problem.step || problem.code !== 'missing-input') return problem;
  const input = /needs input '([^']+)'/.exec(problem.message)?.[1];
  return input ? { ...problem, field: `inputs.${input}` } : problem;
}
