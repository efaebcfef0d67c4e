import { useId } from 'react';
import type { Problem } from '../api/types';
import { LazyCodeEditor } from '../editors/LazyCodeEditor';
import type { CompletionItem } from '../editors/completions';
import { actionNames, operators, problemsForRule, type RuleActionInfo, type RuleDoc, type RulePath, type ScopedParam } from './ruleModel';

export interface RuleCardActions {
  update: (path: RulePath, patch: Partial<RuleDoc>) => void;
  addNested: (path: RulePath) => void;
  remove: (path: RulePath) => void;
  move: (path: RulePath, delta: -1 | 1) => void;
}

interface Props {
  rule: RuleDoc;
  path: RulePath;
  siblings: number;
  problems: Problem[];
  completions: CompletionItem[];
  readOnly: boolean;
  actions: RuleCardActions;
  /** Rule names whose card is highlighted (chosen from the problems list or the evaluation result). */
  focusRule?: string;
}

/** One rule: name, expression or nested rules with their operator, local params, messages and actions. */
export function RuleCard({ rule, path, siblings, problems, completions, readOnly, actions, focusRule }: Props) {
  const id = useId();
  const own = problemsForRule(problems, rule.RuleName);
  const nested = rule.Rules ?? [];
  const update = (patch: Partial<RuleDoc>) => actions.update(path, patch);
  const errorId = `${id}-problems`;
  const paramCompletions: CompletionItem[] = [
    ...(rule.LocalParams ?? []).map((p) => ({ label: p.Name, type: 'variable' as const, detail: 'local param' })),
    ...completions,
  ];
  const expressionProblems = own.filter((p) => /Expression|expression/.test(p.message) && !/parameter '/.test(p.message));
  const setParams = (params: ScopedParam[]) => update({ LocalParams: params.length ? params : undefined });
  const params = rule.LocalParams ?? [];

  return (
    <article
      className={`rule-card${own.some((p) => p.severity === 'error') ? ' has-error' : ''}${focusRule === rule.RuleName ? ' focused' : ''}${rule.Enabled === false ? ' disabled' : ''}`}
      aria-label={`Rule ${rule.RuleName}`}
      data-rule={rule.RuleName}
    >
      <div className="rule-head">
        <label className="rule-name">
          <span className="visually-hidden">Rule name</span>
          <input value={rule.RuleName} onChange={(e) => update({ RuleName: e.target.value })} readOnly={readOnly} aria-label="Rule name" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={rule.Enabled !== false} disabled={readOnly} onChange={(e) => update({ Enabled: e.target.checked ? undefined : false })} />
          Enabled
        </label>
        {!readOnly && (
          <span className="rule-tools">
            <button type="button" onClick={() => actions.move(path, -1)} disabled={path[path.length - 1] === 0} aria-label={`Move ${rule.RuleName} up`}>
              ↑
            </button>
            <button type="button" onClick={() => actions.move(path, 1)} disabled={path[path.length - 1] === siblings - 1} aria-label={`Move ${rule.RuleName} down`}>
              ↓
            </button>
            <button type="button" onClick={() => actions.addNested(path)}>
              Add nested rule
            </button>
            <button type="button" onClick={() => actions.remove(path)} aria-label={`Remove ${rule.RuleName}`}>
              Remove
            </button>
          </span>
        )}
      </div>
      {own.length > 0 && (
        <ul id={errorId} className="field-problems" aria-label={`Problems of ${rule.RuleName}`}>
          {own.map((p, i) => (
            <li key={i} className={p.severity === 'error' ? 'error-text' : 'warning-text'}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {nested.length === 0 ? (
        <div className="field">
          <span className="field-head">Expression</span>
          <LazyCodeEditor
            language="expression"
            value={rule.Expression ?? ''}
            onChange={(value) => update({ Expression: value })}
            ariaLabel={`Expression of ${rule.RuleName}`}
            ariaDescribedBy={expressionProblems.length ? errorId : undefined}
            invalid={expressionProblems.length > 0}
            completions={paramCompletions}
            readOnly={readOnly}
          />
        </div>
      ) : (
        <div className="nested-rules">
          <label className="inline-form">
            All nested rules combined with
            <select value={rule.Operator ?? 'And'} disabled={readOnly} onChange={(e) => update({ Operator: e.target.value })}>
              {operators.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
          {nested.map((child, i) => (
            <RuleCard
              key={i}
              rule={child}
              path={[...path, i]}
              siblings={nested.length}
              problems={problems}
              completions={completions}
              readOnly={readOnly}
              actions={actions}
              focusRule={focusRule}
            />
          ))}
        </div>
      )}
      <details className="rule-more" open={params.length > 0 || !!rule.SuccessEvent || !!rule.ErrorMessage || !!rule.Actions ? true : undefined}>
        <summary>Parameters, messages and actions</summary>
        <fieldset className="params">
          <legend>Local parameters</legend>
          {params.map((param, i) => (
            <div key={i} className="param-row">
              <input
                aria-label={`Parameter ${i + 1} name`}
                value={param.Name}
                readOnly={readOnly}
                onChange={(e) => setParams(params.map((p, j) => (j === i ? { ...p, Name: e.target.value } : p)))}
              />
              <LazyCodeEditor
                language="expression"
                value={param.Expression}
                onChange={(value) => setParams(params.map((p, j) => (j === i ? { ...p, Expression: value } : p)))}
                ariaLabel={`Parameter ${param.Name || i + 1} expression`}
                completions={completions}
                readOnly={readOnly}
                invalid={own.some((p) => p.message.includes(`parameter '${param.Name}'`))}
              />
              {!readOnly && (
                <button type="button" onClick={() => setParams(params.filter((_, j) => j !== i))} aria-label={`Remove parameter ${param.Name || i + 1}`}>
                  ×
                </button>
              )}
            </div>
          ))}
          {!readOnly && (
            <button type="button" onClick={() => setParams([...params, { Name: `param${params.length + 1}`, Expression: '' }])}>
              Add parameter
            </button>
          )}
        </fieldset>
        <label className="field">
          Success event
          <input value={rule.SuccessEvent ?? ''} readOnly={readOnly} onChange={(e) => update({ SuccessEvent: e.target.value || undefined })} />
        </label>
        <label className="field">
          Error message <span className="type-hint">$(input.path) inserts a value</span>
          <input value={rule.ErrorMessage ?? ''} readOnly={readOnly} onChange={(e) => update({ ErrorMessage: e.target.value || undefined })} />
        </label>
        <ActionEditor label="On success" action={rule.Actions?.OnSuccess ?? null} readOnly={readOnly} completions={paramCompletions} onChange={(a) => update({ Actions: actionsWith(rule, 'OnSuccess', a) })} />
        <ActionEditor label="On failure" action={rule.Actions?.OnFailure ?? null} readOnly={readOnly} completions={paramCompletions} onChange={(a) => update({ Actions: actionsWith(rule, 'OnFailure', a) })} />
      </details>
    </article>
  );
}

function actionsWith(rule: RuleDoc, key: 'OnSuccess' | 'OnFailure', action: RuleActionInfo | null): RuleDoc['Actions'] | undefined {
  const next = { ...rule.Actions, [key]: action ?? undefined };
  if (!action) delete next[key];
  return next.OnSuccess || next.OnFailure ? next : undefined;
}

/** An action: OutputExpression (an expression) or EvaluateRule (another workflow's rule). */
function ActionEditor({ label, action, readOnly, completions, onChange }: { label: string; action: RuleActionInfo | null; readOnly: boolean; completions: CompletionItem[]; onChange: (a: RuleActionInfo | null) => void }) {
  const context = action?.Context ?? {};
  const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : '');
  const set = (key: string, value: string) => onChange({ Name: action!.Name, Context: { ...context, [key]: value } });
  return (
    <fieldset className="action">
      <legend>{label}</legend>
      <select
        aria-label={`${label} action`}
        value={action?.Name ?? ''}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.value ? { Name: e.target.value, Context: e.target.value === 'OutputExpression' ? { Expression: '' } : { workflowName: '', ruleName: '' } } : null)}
      >
        <option value="">No action</option>
        {actionNames.map((n) => (
          <option key={n}>{n}</option>
        ))}
        {action && !(actionNames as readonly string[]).includes(action.Name) && <option>{action.Name}</option>}
      </select>
      {action?.Name === 'OutputExpression' && (
        <LazyCodeEditor language="expression" value={text('Expression') || text('expression')} onChange={(v) => set('Expression', v)} ariaLabel={`${label} output expression`} completions={completions} readOnly={readOnly} />
      )}
      {action?.Name === 'EvaluateRule' && (
        <span className="inline-form">
          <label>
            Workflow <input value={text('workflowName')} readOnly={readOnly} onChange={(e) => set('workflowName', e.target.value)} />
          </label>
          <label>
            Rule <input value={text('ruleName')} readOnly={readOnly} onChange={(e) => set('ruleName', e.target.value)} />
          </label>
        </span>
      )}
    </fieldset>
  );
}
