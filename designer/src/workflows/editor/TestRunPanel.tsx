import { useState } from 'react';
import { api, messageOf, problemsOf } from '../../api/client';
import type { Problem, TestRunResult, WorkflowDocument } from '../../api/types';
import { formatJson } from '../../common/format';
import { JournalView } from '../../common/JournalView';
import { LazyCodeEditor } from '../../editors/LazyCodeEditor';
import { SampleOrderPicker } from '../../definitions/SampleOrderPicker';
import { deleteScenario, loadScenarios, sampleInput, saveScenario, withSampleOrder } from './scenarios';

interface Props {
  doc: WorkflowDocument;
  canRun: boolean;
  result: TestRunResult | undefined;
  onResult: (result: TestRunResult | undefined) => void;
  onSelectStep: (step: string) => void;
  /** Receives the problems when the server refuses to run a workflow with errors. */
  onProblems: (problems: Problem[]) => void;
}

/**
 * Runs the document being edited on the server in isolation (POST /test-run, touching no live data)
 * and hands the result to the editor, which draws the path on the canvas.
 */
export function TestRunPanel({ doc, canRun, result, onResult, onSelectStep, onProblems }: Props) {
  const [input, setInput] = useState(() => sampleInput(doc.inputs));
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const [scenarios, setScenarios] = useState(() => loadScenarios(doc.id));
  const [scenarioName, setScenarioName] = useState('');

  const run = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input || '{}');
    } catch (e) {
      setError(`The input is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setRunning(true);
    setError(undefined);
    try {
      onResult(await api.testRun(doc.id, parsed, doc));
    } catch (e) {
      const problems = problemsOf(e);
      if (problems.length) onProblems(problems);
      setError(problems.length ? `${messageOf(e)} See the problems below.` : messageOf(e));
      onResult(undefined);
    } finally {
      setRunning(false);
    }
  };

  const waiting = result?.bookmarks ?? [];
  return (
    <section className="test-run" aria-label="Test run">
      <div className="scenario-bar">
        <SampleOrderPicker onPick={(order) => setInput((text) => withSampleOrder(text, doc, order))} />
      </div>
      <div className="scenario-bar">
        <label htmlFor="scenario-pick">Scenario</label>
        <select
          id="scenario-pick"
          value=""
          onChange={(e) => {
            const scenario = scenarios.find((s) => s.name === e.target.value);
            if (scenario) {
              setInput(scenario.input);
              setScenarioName(scenario.name);
            }
          }}
        >
          <option value="">{scenarios.length ? 'Load a saved scenario…' : 'No saved scenarios'}</option>
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
        <input aria-label="Scenario name" placeholder="Scenario name" value={scenarioName} onChange={(e) => setScenarioName(e.target.value)} />
        <button type="button" disabled={!scenarioName.trim()} onClick={() => setScenarios(saveScenario(doc.id, { name: scenarioName.trim(), input }))}>
          Save scenario
        </button>
        <button type="button" disabled={!scenarios.some((s) => s.name === scenarioName)} onClick={() => setScenarios(deleteScenario(doc.id, scenarioName))}>
          Delete
        </button>
      </div>
      <LazyCodeEditor id="test-input" language="json" ariaLabel="Test input (JSON)" value={input} onChange={setInput} minLines={5} />
      <div className="row">
        <button type="button" className="primary" onClick={run} disabled={!canRun || running} title={canRun ? 'Run this draft in isolation (Ctrl+Enter)' : 'Your role cannot run tests'}>
          {running ? 'Running…' : 'Run test'}
        </button>
        {result && (
          <button type="button" onClick={() => onResult(undefined)}>
            Clear path
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {result && (
        <div className="test-result" aria-live="polite">
          <p>
            Status: <strong className={`status ${result.status}`}>{result.status}</strong>
          </p>
          {waiting.length > 0 && (
            <p>
              Would wait at{' '}
              {waiting.map((b) => (
                <button key={b.id} type="button" className="link" onClick={() => onSelectStep(b.step)}>
                  {b.step} ({b.kind} {b.name})
                </button>
              ))}
            </p>
          )}
          {result.incidents.map((incident) => (
            <p key={incident.id} className="error-text">
              {incident.step}: {incident.error}
            </p>
          ))}
          <details>
            <summary>Outputs and variables</summary>
            <h4>Outputs</h4>
            <pre>{formatJson(result.outputs)}</pre>
            <h4>Variables</h4>
            <pre>{formatJson(result.variables)}</pre>
          </details>
          <JournalView entries={result.journal} onSelectStep={onSelectStep} />
        </div>
      )}
    </section>
  );
}
