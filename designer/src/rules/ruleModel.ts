/**
 * The RulesEngine JSON model as the rule set editor edits it. Properties the editor does not know are kept as they
 * are, so a round trip through the editor never drops what another tool wrote.
 */

export interface ScopedParam {
  Name: string;
  Expression: string;
  [other: string]: unknown;
}

export interface RuleActionInfo {
  Name: string;
  Context?: Record<string, unknown>;
}

export interface RuleDoc {
  RuleName: string;
  Expression?: string;
  Operator?: string;
  Rules?: RuleDoc[];
  LocalParams?: ScopedParam[];
  SuccessEvent?: string;
  ErrorMessage?: string;
  Enabled?: boolean;
  Actions?: { OnSuccess?: RuleActionInfo | null; OnFailure?: RuleActionInfo | null };
  [other: string]: unknown;
}

export interface RuleWorkflow {
  WorkflowName: string;
  Rules: RuleDoc[];
  GlobalParams?: ScopedParam[];
  [other: string]: unknown;
}

/** The parsed rule set; `array` remembers whether the source was an array of workflows or a single one. */
export interface RuleSetModel {
  workflows: RuleWorkflow[];
  array: boolean;
}

/** A rule's position: index in its workflow's Rules, then indexes into nested Rules. */
export type RulePath = number[];

export const operators = ['And', 'AndAlso', 'Or', 'OrElse'] as const;
export const actionNames = ['OutputExpression', 'EvaluateRule'] as const;

export type ParseResult = { ok: true; model: RuleSetModel } | { ok: false; message: string };

export function parseRuleSet(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The rule set is not valid JSON: ${(error as Error).message}. Fix it in the JSON source view.` };
  }
  const array = Array.isArray(value);
  const list = array ? (value as unknown[]) : [value];
  if (!list.every((w) => typeof w === 'object' && w !== null && !Array.isArray(w)))
    return { ok: false, message: 'A rule set is a workflow object ({"WorkflowName", "Rules"}) or an array of them. Fix it in the JSON source view.' };
  const workflows = (list as RuleWorkflow[]).map((w) => ({ ...w, Rules: Array.isArray(w.Rules) ? w.Rules : [] }));
  return { ok: true, model: { workflows, array } };
}

export function serializeRuleSet(model: RuleSetModel): string {
  return JSON.stringify(model.array || model.workflows.length !== 1 ? model.workflows : model.workflows[0], null, 2);
}

export function getRule(workflow: RuleWorkflow, path: RulePath): RuleDoc | undefined {
  let rules: RuleDoc[] | undefined = workflow.Rules;
  let rule: RuleDoc | undefined;
  for (const index of path) {
    rule = rules?.[index];
    rules = rule?.Rules;
  }
  return rule;
}

/** Replaces the rule list at `parentPath` (the workflow's own list for []) with what `edit` returns. */
function editRules(rules: RuleDoc[], parentPath: RulePath, edit: (rules: RuleDoc[]) => RuleDoc[]): RuleDoc[] {
  if (parentPath.length === 0) return edit(rules);
  const [first, ...rest] = parentPath;
  return rules.map((rule, i) => (i === first ? { ...rule, Rules: editRules(rule.Rules ?? [], rest, edit) } : rule));
}

function editWorkflow(model: RuleSetModel, workflowIndex: number, edit: (w: RuleWorkflow) => RuleWorkflow): RuleSetModel {
  return { ...model, workflows: model.workflows.map((w, i) => (i === workflowIndex ? edit(w) : w)) };
}

/** Sets fields of one rule; a field set to undefined is removed so the JSON stays minimal. */
export function updateRule(model: RuleSetModel, workflowIndex: number, path: RulePath, patch: Partial<RuleDoc>): RuleSetModel {
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  return editWorkflow(model, workflowIndex, (w) => ({
    ...w,
    Rules: editRules(w.Rules, parent, (rules) =>
      rules.map((rule, i) => {
        if (i !== index) return rule;
        const next: RuleDoc = { ...rule, ...patch };
        for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
        return next;
      }),
    ),
  }));
}

/** A name not used by any rule of the workflow (RuleEngine names must be unique within it). */
export function uniqueRuleName(workflow: RuleWorkflow, base = 'Rule'): string {
  const used = new Set<string>();
  const collect = (rules: RuleDoc[]) => rules.forEach((r) => (used.add(r.RuleName), collect(r.Rules ?? [])));
  collect(workflow.Rules);
  for (let n = 1; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

/** Adds a rule at the end of the workflow (parentPath []) or as a nested rule of the rule at parentPath. */
export function addRule(model: RuleSetModel, workflowIndex: number, parentPath: RulePath): RuleSetModel {
  const workflow = model.workflows[workflowIndex];
  const rule: RuleDoc = { RuleName: uniqueRuleName(workflow), Expression: 'true' };
  return editWorkflow(model, workflowIndex, (w) => {
    if (parentPath.length === 0) return { ...w, Rules: [...w.Rules, rule] };
    const parent = getRule(w, parentPath);
    const nesting = !parent?.Rules?.length;
    // A rule that gains its first nested rule turns into a group: its own expression moves into that first child.
    const children = nesting && parent?.Expression ? [{ RuleName: uniqueRuleName(w, `${parent.RuleName}Condition`), Expression: parent.Expression }, rule] : [rule];
    const withChildren = updateRule({ workflows: [w], array: true }, 0, parentPath, {
      Rules: [...(parent?.Rules ?? []), ...children],
      Operator: parent?.Operator ?? 'And',
      Expression: undefined,
    });
    return withChildren.workflows[0];
  });
}

export function removeRule(model: RuleSetModel, workflowIndex: number, path: RulePath): RuleSetModel {
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  return editWorkflow(model, workflowIndex, (w) => ({ ...w, Rules: editRules(w.Rules, parent, (rules) => rules.filter((_, i) => i !== index)) }));
}

/** Moves a rule one place up (-1) or down (+1) among its siblings; at an edge nothing changes. */
export function moveRule(model: RuleSetModel, workflowIndex: number, path: RulePath, delta: -1 | 1): RuleSetModel {
  const parent = path.slice(0, -1);
  const index = path[path.length - 1];
  return editWorkflow(model, workflowIndex, (w) => ({
    ...w,
    Rules: editRules(w.Rules, parent, (rules) => {
      const target = index + delta;
      if (target < 0 || target >= rules.length) return rules;
      const next = [...rules];
      [next[index], next[target]] = [next[target], next[index]];
      return next;
    }),
  }));
}

export function addWorkflow(model: RuleSetModel, name: string): RuleSetModel {
  return { workflows: [...model.workflows, { WorkflowName: name, Rules: [{ RuleName: 'Rule1', Expression: 'true' }] }], array: true };
}

/** Names a rule's problems belong to: the server reports the rule name as the problem's field. */
export function problemsForRule<P extends { field?: string | null }>(problems: P[], ruleName: string): P[] {
  return problems.filter((p) => p.field === ruleName);
}

/** Every input name the rules' expressions can read, for completion: the first segment of dotted paths. */
export function inputNames(workflow: RuleWorkflow): string[] {
  const names = new Set<string>();
  const visit = (rules: RuleDoc[]) =>
    rules.forEach((rule) => {
      for (const match of (rule.Expression ?? '').matchAll(/(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)\./g)) names.add(match[1]);
      visit(rule.Rules ?? []);
    });
  visit(workflow.Rules);
  return [...names].sort();
}
