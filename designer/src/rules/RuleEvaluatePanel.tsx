import { useState } from 'react';
import { messageOf } from '../api/client';
import { definitionsApi, type RuleEvaluation, type RuleEvaluationMode, type RuleResult } from '../api/definitions';
import { formatJson } from '../common/format';
import { SampleOrderPicker } from '../definitions/SampleOrderPicker';
import { LazyCodeEditor } from '../editors/LazyCodeEditor';

interface Props {
  ruleSetId: string;
  workflow: string;
  /** Input names the rules read (order, customer, …), pre-filled as empty objects. */
  inputNames: string[];
  hasDraft: boolean;
  hasPublished: boolean;
  /** Saves unsaved edits first so the evaluated draft is what the analyst sees. */
  saveFirst: () => Promise<boolean>;
  onSelectRule: (name: string) => void;
}

/** Evaluates a workflow of the rule set against sample inputs and shows which rule and sub-condition passed or failed. */
export function RuleEvaluatePanel({ ruleSetId, workflow, inputNames, hasDraft, hasPublished, saveFirst, onSelectRule }: Props) {
  const [inputs, setInputs] = useState(() => formatJson(Object.fromEntries((inputNames.length ? inputNames : ['order']).map((n) => [n, {}]))));
  const [mode, setMode] = useState<RuleEvaluationMode>('all');
  // Until the user picks, the draft is tested whenever there is one (or unsaved edits), else the published version.
  const [chosenSource, setSource] = useState<'draft' | 'published'>();
  const source = chosenSource ?? (hasDraft || !hasPublished ? 'draft' : 'published');
  const [result, setResult] = useState<RuleEvaluation>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  const pickSample = (order: unknown) => {
    let current: Record<string, unknown> = {};
    try {
      current = JSON.parse(inputs) as Record<string, unknown>;
    } catch {
      // The text is being edited and is not JSON yet; the sample replaces it.
    }
    const customer = (order as { customer?: unknown } | null)?.customer;
    setInputs(formatJson({ ...current, order, ...(inputNames.includes('customer') && customer ? { customer } : {}) }));
  };

  const evaluate = async () => {
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputs);
    } catch (e) {
      setError(`The inputs are not valid JSON: ${messageOf(e)}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError('The inputs are an object of named inputs, e.g. {"order": {...}, "customer": {...}}.');
      return;
    }
    setRunning(true);
    try {
      if (source === 'draft' && !(await saveFirst())) return;
      setResult(
        await definitionsApi.evaluateRules(ruleSetId, {
          workflow,
          inputs: parsed as Record<string, unknown>,
          mode,
          ...(source === 'draft' ? { draft: true } : {}),
        }),
      );
    } catch (e) {
      setError(messageOf(e));
      setResult(undefined);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="evaluate-panel" aria-labelledby="evaluate-title">
      <h2 id="evaluate-title">Evaluate “{workflow}”</h2>
      <div className="row">
        <SampleOrderPicker onPick={pickSample} />
        <label>
          Run{' '}
          <select value={source} onChange={(e) => setSource(e.target.value as 'draft' | 'published')}>
            <option value="draft">the draft</option>
            <option value="published" disabled={!hasPublished}>
              the published version
            </option>
          </select>
        </label>
        <label>
          Mode{' '}
          <select value={mode} onChange={(e) => setMode(e.target.value as RuleEvaluationMode)}>
            <option value="all">all rules</option>
            <option value="firstMatch">stop at first match</option>
            <option value="priority">by priority</option>
          </select>
        </label>
      </div>
      <LazyCodeEditor language="json" value={inputs} onChange={setInputs} ariaLabel="Evaluation inputs (JSON)" minLines={6} />
      <div className="row">
        <button type="button" className="primary" onClick={() => void evaluate()} disabled={running}>
          {running ? 'Evaluating…' : 'Evaluate'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {result && (
        <div aria-live="polite" className="evaluation">
          <p className={result.anyPassed ? 'status ok-text' : 'status error-text'}>
            {result.allPassed ? 'Every rule passed' : result.anyPassed ? 'Some rules passed' : 'No rule passed'}
            {result.draft ? ' (draft)' : ` (v${result.version})`}
          </p>
          {result.successEvents.length > 0 && <p>Success events: {result.successEvents.join(', ')}</p>}
          <ul className="rule-results" aria-label="Rule results">
            {result.results.map((r) => (
              <RuleResultItem key={r.rule} result={r} onSelectRule={onSelectRule} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function RuleResultItem({ result, onSelectRule }: { result: RuleResult; onSelectRule: (name: string) => void }) {
  const label = result.isSuccess ? 'passed' : result.outcome === 'error' ? 'error' : 'failed';
  const action = result.actionResult;
  return (
    <li className={`rule-result ${label}`} aria-label={`${result.rule} ${label}`}>
      <div className="rule-result-head">
        <span className={`verdict ${label}`} aria-hidden="true">
          {result.isSuccess ? '✓' : '✗'}
        </span>
        <button type="button" className="link" onClick={() => onSelectRule(result.rule)}>
          {result.rule}
        </button>
        <span className="badge">{label}</span>
      </div>
      {result.expression && <code className="rule-expression">{result.expression}</code>}
      {result.failedCondition && (
        <p className="failed-condition">
          Failed at: <code>{result.failedCondition}</code>
        </p>
      )}
      {result.message && <p className={result.isSuccess ? 'muted' : 'error-text'}>{result.message}</p>}
      {action && (action.exception ? <p className="error-text">Action failed: {action.exception}</p> : <p>Action output: <code>{formatJson(action.output)}</code></p>)}
      {result.children && result.children.length > 0 && (
        <ul className="rule-results nested">
          {result.children.map((child) => (
            <RuleResultItem key={child.rule} result={child} onSelectRule={onSelectRule} />
          ))}
        </ul>
      )}
    </li>
  );
}
