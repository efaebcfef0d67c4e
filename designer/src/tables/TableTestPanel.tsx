import { useState } from 'react';
import { messageOf } from '../api/client';
import { definitionsApi, type TableEvaluation } from '../api/definitions';
import { formatJson } from '../common/format';
import { SampleOrderPicker } from '../definitions/SampleOrderPicker';
import { LazyCodeEditor } from '../editors/LazyCodeEditor';
import type { TableModel } from './tableModel';

interface Props {
  tableId: string;
  table: TableModel;
  hasPublished: boolean;
  hasDraft: boolean;
  saveFirst: () => Promise<boolean>;
  onResult: (matchedRows: number[]) => void;
}

/** The object the input expressions read, pre-filled from their roots: `shipment.country` gives {"shipment": {}}. */
function skeletonInput(table: TableModel): string {
  const roots = new Set(table.inputs.map((i) => /^[A-Za-z_][A-Za-z0-9_]*/.exec(i.expression || i.name)?.[0]).filter((r): r is string => !!r));
  return formatJson(Object.fromEntries([...roots].map((r) => [r, {}])));
}

/** Tests the table against an input and reports the matched rows (highlighted in the grid) and the output. */
export function TableTestPanel({ tableId, table, hasPublished, hasDraft, saveFirst, onResult }: Props) {
  const [input, setInput] = useState(() => skeletonInput(table));
  // Until the user picks, the draft is tested whenever there is one (or unsaved edits), else the published version.
  const [chosenSource, setSource] = useState<'draft' | 'published'>();
  const source = chosenSource ?? (hasDraft || !hasPublished ? 'draft' : 'published');
  const [result, setResult] = useState<TableEvaluation>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);

  const test = async () => {
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch (e) {
      setError(`The input is not valid JSON: ${messageOf(e)}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError('The input is an object with what the input columns read, e.g. {"order": {...}}.');
      return;
    }
    setRunning(true);
    try {
      if (source === 'draft' && !(await saveFirst())) return;
      const answer = await definitionsApi.evaluateTable(tableId, { input: parsed as Record<string, unknown>, ...(source === 'draft' ? { draft: true } : {}) });
      setResult(answer);
      onResult(answer.matchedRows.map((r) => r - 1));
    } catch (e) {
      setError(messageOf(e));
      setResult(undefined);
      onResult([]);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="evaluate-panel" aria-labelledby="table-test-title">
      <h2 id="table-test-title">Test the table</h2>
      <div className="row">
        <SampleOrderPicker onPick={(order) => setInput(formatJson({ order }))} />
        <label>
          Run{' '}
          <select value={source} onChange={(e) => setSource(e.target.value as 'draft' | 'published')}>
            <option value="draft">the draft</option>
            <option value="published" disabled={!hasPublished}>
              the published version
            </option>
          </select>
        </label>
      </div>
      <LazyCodeEditor language="json" value={input} onChange={setInput} ariaLabel="Table input (JSON)" minLines={6} />
      <div className="row">
        <button type="button" className="primary" onClick={() => void test()} disabled={running}>
          {running ? 'Testing…' : 'Test'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {result && (
        <div aria-live="polite" className="evaluation">
          <p className={result.matched ? 'status ok-text' : 'status error-text'}>
            {result.matched ? `Matched row${result.matchedRows.length === 1 ? '' : 's'} ${result.matchedRows.join(', ')}` : 'No row matched'} ({result.hitPolicy}
            {result.draft ? ', draft' : `, v${result.version}`})
          </p>
          <h3>Output</h3>
          <pre aria-label="Table output">{formatJson(result.output)}</pre>
        </div>
      )}
    </section>
  );
}
