import { useRef, type KeyboardEvent } from 'react';
import type { Problem } from '../api/types';
import { addColumn, addRow, moveRow, removeColumn, removeRow, setCell, updateColumn, type TableModel } from './tableModel';

/** Problems attached to the grid, keyed "row:column" for cells, "row" for rows, "in:i"/"out:i" for column headers. */
export type GridProblems = Map<string, Problem[]>;

interface Props {
  table: TableModel;
  onChange: (table: TableModel) => void;
  problems: GridProblems;
  readOnly: boolean;
  /** 0-based rows that matched the last test, highlighted. */
  matchedRows: number[];
}

/**
 * The table as a spreadsheet: input columns then output columns, one line per row. Arrow keys, Enter and Tab move
 * between cells; cells the server reported get the message beside them.
 */
export function TableGrid({ table, onChange, problems, readOnly, matchedRows }: Props) {
  const grid = useRef<HTMLTableElement>(null);
  const width = table.inputs.length + table.outputs.length;

  const focusCell = (row: number, column: number) => {
    const target = grid.current?.querySelector<HTMLInputElement>(`input[data-row="${row}"][data-column="${column}"]`);
    if (!target) return false;
    target.focus();
    target.select();
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: number, column: number) => {
    const input = event.currentTarget;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    let moved = false;
    if (event.key === 'ArrowUp') moved = focusCell(row - 1, column);
    else if (event.key === 'ArrowDown' || (event.key === 'Enter' && !event.shiftKey)) moved = focusCell(row + 1, column);
    else if (event.key === 'Enter' && event.shiftKey) moved = focusCell(row - 1, column);
    else if (event.key === 'ArrowLeft' && atStart) moved = focusCell(row, column - 1);
    else if (event.key === 'ArrowRight' && atEnd) moved = focusCell(row, column + 1);
    if (moved) event.preventDefault();
  };

  const header = (side: 'input' | 'output', index: number) => {
    const column = side === 'input' ? table.inputs[index] : table.outputs[index];
    const found = problems.get(`${side === 'input' ? 'in' : 'out'}:${index}`) ?? [];
    const label = side === 'input' ? `Input ${index + 1}` : `Output ${index + 1}`;
    return (
      <th key={`${side}-${index}`} scope="col" className={`${side}-column${found.length ? ' has-problem' : ''}`}>
        <div className="column-head">
          <input aria-label={`${label} name`} value={column.name} readOnly={readOnly} onChange={(e) => onChange(updateColumn(table, side, index, { name: e.target.value }))} />
          {!readOnly && (
            <button type="button" className="icon" aria-label={`Remove ${side} column ${column.name}`} onClick={() => onChange(removeColumn(table, side, index))}>
              ×
            </button>
          )}
        </div>
        {side === 'input' ? (
          <input
            className="column-expression"
            aria-label={`${label} expression`}
            value={column.expression ?? ''}
            placeholder={column.name}
            readOnly={readOnly}
            onChange={(e) => onChange(updateColumn(table, side, index, { expression: e.target.value }))}
          />
        ) : (
          table.hitPolicy === 'PRIORITY' && (
            <input
              className="column-expression"
              aria-label={`${label} priorities (highest first, comma-separated)`}
              value={(column.priorities ?? []).join(', ')}
              placeholder="priorities, highest first"
              readOnly={readOnly}
              onChange={(e) => onChange(updateColumn(table, side, index, { priorities: e.target.value.split(',').map((v) => v.trim()).filter(Boolean) }))}
            />
          )
        )}
        {found.map((p, i) => (
          <p key={i} className={p.severity === 'error' ? 'error-text cell-problem' : 'warning-text cell-problem'}>
            {p.message}
          </p>
        ))}
      </th>
    );
  };

  return (
    <div className="table-grid-wrap">
      <table ref={grid} className="table-grid" aria-label={`Decision table ${table.name}`} aria-rowcount={table.rows.length + 1} aria-colcount={width + 1}>
        <thead>
          <tr>
            <th scope="col">#</th>
            {table.inputs.map((_, i) => header('input', i))}
            {table.outputs.map((_, i) => header('output', i))}
            {!readOnly && (
              <th scope="col">
                <span className="visually-hidden">Row actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => {
            const rowProblems = problems.get(String(r)) ?? [];
            const matched = matchedRows.includes(r);
            return (
              <tr key={r} className={`${matched ? 'matched' : ''}${rowProblems.length ? ' has-problem' : ''}`} aria-label={`Row ${r + 1}${matched ? ' (matched)' : ''}`}>
                <th scope="row" className="row-number">
                  {r + 1}
                  {rowProblems.map((p, i) => (
                    <span key={i} className={`severity-icon ${p.severity}`} title={p.message} role="img" aria-label={`${p.severity}: ${p.message}`}>
                      !
                    </span>
                  ))}
                </th>
                {row.map((cell, c) => {
                  const cellProblems = problems.get(`${r}:${c}`) ?? [];
                  const columnName = c < table.inputs.length ? table.inputs[c].name : table.outputs[c - table.inputs.length].name;
                  const problemId = `cell-${r}-${c}-problem`;
                  return (
                    <td key={c} className={`${c < table.inputs.length ? 'entry' : 'value'}${c === table.inputs.length ? ' first-output' : ''}${cellProblems.length ? ' has-problem' : ''}`}>
                      <input
                        data-row={r}
                        data-column={c}
                        aria-label={`Row ${r + 1}, ${columnName}`}
                        aria-invalid={cellProblems.some((p) => p.severity === 'error') || undefined}
                        aria-describedby={cellProblems.length ? problemId : undefined}
                        value={cell}
                        readOnly={readOnly}
                        onChange={(e) => onChange(setCell(table, r, c, e.target.value))}
                        onKeyDown={(e) => onKeyDown(e, r, c)}
                      />
                      {cellProblems.length > 0 && (
                        <span id={problemId} className={`cell-problem ${cellProblems[0].severity === 'error' ? 'error-text' : 'warning-text'}`}>
                          {cellProblems.map((p) => p.message).join(' ')}
                        </span>
                      )}
                    </td>
                  );
                })}
                {!readOnly && (
                  <td className="row-actions">
                    <button type="button" className="icon" aria-label={`Move row ${r + 1} up`} disabled={r === 0} onClick={() => onChange(moveRow(table, r, -1))}>
                      ↑
                    </button>
                    <button type="button" className="icon" aria-label={`Move row ${r + 1} down`} disabled={r === table.rows.length - 1} onClick={() => onChange(moveRow(table, r, 1))}>
                      ↓
                    </button>
                    <button type="button" className="icon" aria-label={`Insert a row below row ${r + 1}`} onClick={() => onChange(addRow(table, r + 1))}>
                      +
                    </button>
                    <button type="button" className="icon" aria-label={`Delete row ${r + 1}`} onClick={() => onChange(removeRow(table, r))}>
                      ×
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly && (
        <div className="row">
          <button type="button" onClick={() => onChange(addRow(table))}>
            Add row
          </button>
          <button type="button" onClick={() => onChange(addColumn(table, 'input'))}>
            Add input column
          </button>
          <button type="button" onClick={() => onChange(addColumn(table, 'output'))}>
            Add output column
          </button>
        </div>
      )}
      <p className="muted hint">
        Entries: <code>-</code> any, <code>&gt; 100</code>, <code>[10..50)</code>, <code>"A","B"</code>, <code>not("A")</code>. Outputs: a value, <code>"5"</code> for text, <code>=expression</code> to compute.
      </p>
    </div>
  );
}
