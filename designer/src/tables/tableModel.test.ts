import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addColumn, addRow, locateProblem, moveRow, parseTable, removeColumn, serializeTable, setCell, type TableModel } from './tableModel';

const carrier = readFileSync(resolve(__dirname, '../../../definitions/tables/carrier-selection.yaml'), 'utf8');

function parse(text: string): TableModel {
  const parsed = parseTable(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.table;
}

describe('decision table model', () => {
  it('reads the shipped carrier table: columns, hit policy, entries and outputs', () => {
    const table = parse(carrier);
    expect(table.hitPolicy).toBe('FIRST');
    expect(table.inputs).toEqual([{ name: 'country', expression: 'shipment.country' }, { name: 'weight', expression: 'shipment.weightKg' }]);
    expect(table.outputs.map((o) => o.name)).toEqual(['carrier', 'service']);
    expect(table.rows[0]).toEqual(['"NL","BE","LU"', '< 20', 'PostNL', 'standard']);
    expect(table.comment).toMatch(/Which carrier ships a parcel/);
  });

  it('writes YAML that reads back the same, keeping numbers, text that looks like a number and expressions apart', () => {
    let table = parse(carrier);
    table = setCell(table, 0, 3, '12.5');
    table = setCell(table, 1, 3, '"5"');
    table = setCell(table, 2, 3, '=shipment.weightKg * 2');
    table = setCell(table, 3, 2, "O'Neil");
    const written = serializeTable(table);
    expect(written).toContain("- ['\"NL\",\"BE\",\"LU\"', '< 20', 'PostNL', 12.5]");
    expect(written).toContain("'5'");
    expect(parse(written)).toEqual(table);
  });

  it('reads when/then rows', () => {
    const table = parse('hitPolicy: UNIQUE\ninputs:\n  - name: a\noutputs:\n  - name: b\nrules:\n  - when: [">= 1"]\n    then: [true]\n');
    expect(table.rows).toEqual([['>= 1', 'true']]);
  });

  it('explains YAML it cannot read with line:column', () => {
    const parsed = parseTable('rules: [\n  - x');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/at \d+:\d+/);
  });

  it('adds and removes rows and columns, keeping every row as wide as the header', () => {
    let table = parse(carrier);
    table = addColumn(table, 'input');
    expect(table.inputs[2].name).toBe('input1');
    expect(table.rows.every((r) => r.length === 5 && r[2] === '-')).toBe(true);
    table = addColumn(table, 'output');
    table = removeColumn(table, 'input', 0);
    expect(table.rows[0]).toEqual(['< 20', '-', 'PostNL', 'standard', '']);
    table = addRow(table, 1);
    expect(table.rows[1]).toEqual(['-', '-', '', '', '']);
    table = moveRow(table, 1, -1);
    expect(table.rows[0]).toEqual(['-', '-', '', '', '']);
  });

  it('finds the cell, row or column a server problem points at', () => {
    const parsed = parseTable(carrier);
    if (!parsed.ok) throw new Error(parsed.message);
    const lines = carrier.split('\n');
    const rowLine = lines.findIndex((l) => l.includes("'DE'") || l.includes('"DE"')) + 1;
    const column = lines[rowLine - 1].indexOf("'< 31.5'") + 1;
    expect(locateProblem(parsed.map, rowLine, column)).toEqual({ kind: 'cell', row: 1, column: 1 });
    expect(locateProblem(parsed.map, rowLine, lines[rowLine - 1].indexOf('[') + 1)).toEqual({ kind: 'row', row: 1 });
    expect(locateProblem(parsed.map, lines.findIndex((l) => l.includes('shipment.weightKg')) + 1, 5)).toEqual({ kind: 'input', column: 1 });
    expect(locateProblem(parsed.map, lines.findIndex((l) => l.startsWith('hitPolicy')) + 1, 12)).toEqual({ kind: 'hitPolicy' });
    expect(locateProblem(parsed.map, null, null)).toEqual({ kind: 'table' });
  });
});
