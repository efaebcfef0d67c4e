import { useMemo, useState } from 'react';
import type { Problem } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { DefinitionProblems } from '../definitions/DefinitionProblems';
import { DefinitionToolbar } from '../definitions/DefinitionToolbar';
import { tableSkeleton } from '../definitions/skeletons';
import { useDefinitionDocument } from '../definitions/useDefinitionDocument';
import { LazyCodeEditor } from '../editors/LazyCodeEditor';
import { hrefFor } from '../shell/router';
import { TableGrid, type GridProblems } from './TableGrid';
import { TableTestPanel } from './TableTestPanel';
import { hitPolicies, locateProblem, parseTable, serializeTable, type CellTarget, type TableModel, type TableSourceMap } from './tableModel';

function gridKey(target: CellTarget): string | null {
  switch (target.kind) {
    case 'cell':
      return `${target.row}:${target.column}`;
    case 'row':
      return String(target.row);
    case 'input':
      return `in:${target.column}`;
    case 'output':
      return `out:${target.column}`;
    case 'hitPolicy':
      return 'hitPolicy';
    case 'table':
      return null;
  }
}

function placeProblems(problems: Problem[], map: TableSourceMap): GridProblems {
  const placed: GridProblems = new Map();
  for (const problem of problems) {
    const key = gridKey(locateProblem(map, problem.line, problem.column));
    if (key !== null) placed.set(key, [...(placed.get(key) ?? []), problem]);
  }
  return placed;
}

/**
 * A decision table as a spreadsheet: hit policy, input/output columns and rows, with the server's cell validation
 * and overlap warnings on the cells and rows they name, and a test against an input.
 */
export default function TableEditor({ tableId }: { tableId: string }) {
  const { can } = useSession();
  const document = useDefinitionDocument('tables', tableId, tableSkeleton);
  const [showSource, setShowSource] = useState(false);
  const [matchedRows, setMatchedRows] = useState<number[]>([]);
  const parsed = useMemo(() => parseTable(document.text), [document.text]);
  const placed = useMemo(() => (parsed.ok ? placeProblems(document.problems, parsed.map) : new Map<string, Problem[]>()), [parsed, document.problems]);
  const readOnly = !can.editDrafts;

  if (document.loadError) return <ErrorMessage error={document.loadError} retry={document.reload} />;
  if (!document.detail) return <p className="loading" role="status">Loading decision table…</p>;

  const apply = (table: TableModel) => {
    setMatchedRows([]);
    document.setText(serializeTable(table));
  };
  const selectProblem = (problem: Problem) => {
    if (!parsed.ok) return;
    const target = locateProblem(parsed.map, problem.line, problem.column);
    setShowSource(false);
    const selector =
      target.kind === 'cell'
        ? `input[data-row="${target.row}"][data-column="${target.column}"]`
        : target.kind === 'row'
          ? `input[data-row="${target.row}"][data-column="0"]`
          : target.kind === 'hitPolicy'
            ? '#hit-policy'
            : null;
    if (selector) window.requestAnimationFrame(() => window.document.querySelector<HTMLElement>(selector)?.focus());
  };
  const hitPolicyProblems = placed.get('hitPolicy') ?? [];

  return (
    <div className="definition-editor">
      <DefinitionToolbar title={`Decision table ${tableId}`} document={document}>
        <a href={hrefFor({ screen: 'definitions', kind: 'tables' })}>All tables</a>
        <label className="checkbox">
          <input type="checkbox" checked={showSource || !parsed.ok} disabled={!parsed.ok} onChange={(e) => setShowSource(e.target.checked)} />
          YAML source
        </label>
      </DefinitionToolbar>
      <div className="definition-body">
        <div className="definition-main">
          {!parsed.ok && (
            <p role="alert" className="error-text">
              {parsed.message}
            </p>
          )}
          {showSource || !parsed.ok ? (
            <LazyCodeEditor language="yaml" value={document.text} onChange={document.setText} ariaLabel="Decision table YAML" readOnly={readOnly} minLines={20} />
          ) : (
            <>
              <div className="row">
                <label>
                  Name <input value={parsed.table.name} readOnly={readOnly} onChange={(e) => apply({ ...parsed.table, name: e.target.value })} />
                </label>
                <label htmlFor="hit-policy">Hit policy</label>
                <select
                  id="hit-policy"
                  value={parsed.table.hitPolicy}
                  disabled={readOnly}
                  aria-invalid={hitPolicyProblems.length > 0 || undefined}
                  onChange={(e) => apply({ ...parsed.table, hitPolicy: e.target.value })}
                >
                  {(hitPolicies.includes(parsed.table.hitPolicy) ? hitPolicies : [parsed.table.hitPolicy, ...hitPolicies]).map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
                {hitPolicyProblems.map((p, i) => (
                  <span key={i} className="error-text">
                    {p.message}
                  </span>
                ))}
              </div>
              <TableGrid table={parsed.table} onChange={apply} problems={placed} readOnly={readOnly} matchedRows={matchedRows} />
            </>
          )}
        </div>
        <aside className="side-panel">
          {parsed.ok && (
            <TableTestPanel
              tableId={tableId}
              table={parsed.table}
              hasPublished={document.detail.publishedVersion !== null}
              hasDraft={document.detail.hasDraft || document.dirty}
              saveFirst={async () => (document.dirty ? document.save() : true)}
              onResult={setMatchedRows}
            />
          )}
        </aside>
      </div>
      <DefinitionProblems problems={document.problems} validating={document.validating} onSelect={selectProblem} />
    </div>
  );
}
