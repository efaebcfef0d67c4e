import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';

/**
 * A decision table as the grid edits it, read from and written to the YAML the server stores. Cells are text:
 * input entries exactly as written (`"NL","BE"`, `< 20`, `-`), outputs as values (`12.5`, `true`, `PostNL`,
 * `"5"` for the text 5, `=order.total * 0.1` for an expression).
 */
export interface TableColumn {
  name: string;
  /** Inputs: the expression computing the column's value (defaults to the name on the server). */
  expression?: string;
  /** Outputs: values ranked highest first, for the PRIORITY hit policy. */
  priorities?: string[];
}

export interface TableModel {
  name: string;
  hitPolicy: string;
  inputs: TableColumn[];
  outputs: TableColumn[];
  /** One array per row: the input entries, then the output values. */
  rows: string[][];
  /** Comment lines above the table, kept across edits. */
  comment?: string;
}

export const hitPolicies = ['FIRST', 'UNIQUE', 'PRIORITY', 'ANY', 'RULE ORDER', 'COLLECT', 'COLLECT SUM', 'COLLECT MIN', 'COLLECT MAX', 'COLLECT COUNT'];

export type TableParse = { ok: true; table: TableModel; map: TableSourceMap } | { ok: false; message: string };

const plainValue = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null|~)$/;

function key(map: YAMLMap, name: string): unknown {
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value).toLowerCase() === name.toLowerCase());
  return pair?.value;
}

function text(node: unknown): string {
  if (!isScalar(node)) return '';
  return node.type === 'PLAIN' && node.source !== undefined ? node.source : node.value === null ? '' : String(node.value);
}

/** An output value's cell text: a quoted value that would read as a number/boolean keeps its quotes so it stays text. */
function outputText(node: unknown): string {
  if (!isScalar(node)) return '';
  const value = text(node);
  return node.type !== 'PLAIN' && plainValue.test(value) ? `"${value}"` : value;
}

export function parseTable(yamlText: string): TableParse {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter });
  const position = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lineCounter.linePos(range[0]) : { line: 0, col: 0 };
  };
  if (document.errors.length) {
    const error = document.errors[0];
    const at = error.linePos?.[0];
    return { ok: false, message: `The table is not valid YAML${at ? ` at ${at.line}:${at.col}` : ''}: ${error.message.split('\n')[0]}. Fix it in the YAML source view.` };
  }
  const root = document.contents;
  if (!isMap(root)) return { ok: false, message: 'A decision table is a mapping with name, hitPolicy, inputs, outputs and rules. Fix it in the YAML source view.' };
  const map: TableSourceMap = { inputLines: [], outputLines: [], hitPolicyLine: position(key(root, 'hitPolicy')).line, rows: [] };
  const columns = (name: string): TableColumn[] => {
    const list = key(root, name);
    const lines = name === 'inputs' ? map.inputLines : map.outputLines;
    return isSeq(list)
      ? list.items.map((item) => {
          lines.push(isMap(item) ? [position(item).line, ...item.items.map((p) => position(p.value).line)] : [position(item).line]);
          if (!isMap(item)) return { name: text(item) };
          const priorities = key(item, 'priorities');
          return {
            name: text(key(item, 'name')),
            ...(name === 'inputs' ? { expression: text(key(item, 'expression')) } : {}),
            ...(isSeq(priorities) ? { priorities: priorities.items.map(outputText) } : {}),
          };
        })
      : [];
  };
  const inputs = columns('inputs');
  const outputs = columns('outputs');
  const rowsNode = key(root, 'rules');
  const rows: string[][] = [];
  if (isSeq(rowsNode)) {
    for (const row of rowsNode.items as YamlNode[]) {
      let cells: unknown[] = [];
      if (isSeq(row)) cells = row.items;
      else if (isMap(row)) {
        const when = key(row, 'when');
        const then = key(row, 'then');
        cells = [...(isSeq(when) ? when.items : []), ...(isSeq(then) ? then.items : [])];
      }
      rows.push([...inputs.map((_, i) => text(cells[i])), ...outputs.map((_, i) => outputText(cells[inputs.length + i]))]);
      map.rows.push({ line: position(row).line, cells: cells.map((cell) => position(cell)).map(({ line, col }) => ({ line, column: col })) });
    }
  }
  const firstKey = root.items[0]?.key as { commentBefore?: string | null } | undefined;
  const comment = document.commentBefore ?? root.commentBefore ?? firstKey?.commentBefore ?? undefined;
  return {
    ok: true,
    table: { name: text(key(root, 'name')) || text(key(root, 'table')), hitPolicy: text(key(root, 'hitPolicy')).toUpperCase() || 'UNIQUE', inputs, outputs, rows, comment },
    map,
  };
}

const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

function outputYaml(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return "''";
  if (plainValue.test(trimmed)) return trimmed;
  const literal = /^"(.*)"$/.exec(trimmed);
  return quote(literal ? literal[1] : trimmed);
}

export function serializeTable(table: TableModel): string {
  const lines: string[] = [];
  if (table.comment) for (const line of table.comment.split('\n')) lines.push(`#${line.startsWith(' ') || line === '' ? '' : ' '}${line}`);
  lines.push(`name: ${quote(table.name)}`);
  lines.push(`hitPolicy: ${table.hitPolicy}`);
  lines.push('inputs:');
  for (const input of table.inputs) lines.push(`  - name: ${quote(input.name)}`, `    expression: ${quote(input.expression || input.name)}`);
  lines.push('outputs:');
  for (const output of table.outputs) {
    lines.push(`  - name: ${quote(output.name)}`);
    if (output.priorities?.length) lines.push(`    priorities: [${output.priorities.map(outputYaml).join(', ')}]`);
  }
  lines.push(table.rows.length ? 'rules:' : 'rules: []');
  for (const row of table.rows)
    lines.push(`  - [${row.map((cell, i) => (i < table.inputs.length ? quote(cell.trim() === '' ? '-' : cell) : outputYaml(cell))).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Where each part of the table's YAML is, so a problem's line:column (1-based, as the server reports) finds its cell. */
export interface TableSourceMap {
  /** Lines of each input / output column's definition (its `- name:` line and its other keys' lines). */
  inputLines: number[][];
  outputLines: number[][];
  hitPolicyLine: number;
  /** Where each row and each of its cells starts. */
  rows: { line: number; cells: { line: number; column: number }[] }[];
}

/** What a problem at line:column points at in a table written by serializeTable. */
export type CellTarget =
  | { kind: 'cell'; row: number; column: number }
  | { kind: 'row'; row: number }
  | { kind: 'input'; column: number }
  | { kind: 'output'; column: number }
  | { kind: 'hitPolicy' }
  | { kind: 'table' };

export function locateProblem(map: TableSourceMap, line: number | null | undefined, column: number | null | undefined): CellTarget {
  if (!line) return { kind: 'table' };
  if (line === map.hitPolicyLine) return { kind: 'hitPolicy' };
  const input = map.inputLines.findIndex((l) => l.includes(line));
  if (input >= 0) return { kind: 'input', column: input };
  const output = map.outputLines.findIndex((l) => l.includes(line));
  if (output >= 0) return { kind: 'output', column: output };
  // A cell: the one starting exactly there (entries and output expressions are reported at their start).
  for (let row = 0; row < map.rows.length; row++) {
    const cell = map.rows[row].cells.findIndex((c) => c.line === line && c.column === column);
    if (cell >= 0) return { kind: 'cell', row, column: cell };
  }
  // A row: reported at its start (overlaps, wrong cell count); a `when:`/`then:` row may span several lines.
  const row = map.rows.findIndex((r, i) => r.line <= line && (i === map.rows.length - 1 || map.rows[i + 1].line > line));
  return row >= 0 ? { kind: 'row', row } : { kind: 'table' };
}

export function addRow(table: TableModel, at = table.rows.length): TableModel {
  const row = [...table.inputs.map(() => '-'), ...table.outputs.map(() => '')];
  return { ...table, rows: [...table.rows.slice(0, at), row, ...table.rows.slice(at)] };
}

export function removeRow(table: TableModel, index: number): TableModel {
  return { ...table, rows: table.rows.filter((_, i) => i !== index) };
}

export function moveRow(table: TableModel, index: number, delta: -1 | 1): TableModel {
  const target = index + delta;
  if (target < 0 || target >= table.rows.length) return table;
  const rows = [...table.rows];
  [rows[index], rows[target]] = [rows[target], rows[index]];
  return { ...table, rows };
}

export function setCell(table: TableModel, row: number, column: number, value: string): TableModel {
  return { ...table, rows: table.rows.map((r, i) => (i === row ? r.map((c, j) => (j === column ? value : c)) : r)) };
}

function uniqueName(table: TableModel, base: string): string {
  const used = new Set([...table.inputs, ...table.outputs].map((c) => c.name));
  for (let n = 1; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}

/** Adds an input column (every row gets "-", any value) or an output column (every row gets an empty value). */
export function addColumn(table: TableModel, side: 'input' | 'output'): TableModel {
  if (side === 'input') {
    const name = uniqueName(table, 'input');
    return { ...table, inputs: [...table.inputs, { name, expression: `order.${name}` }], rows: table.rows.map((r) => [...r.slice(0, table.inputs.length), '-', ...r.slice(table.inputs.length)]) };
  }
  return { ...table, outputs: [...table.outputs, { name: uniqueName(table, 'output') }], rows: table.rows.map((r) => [...r, '']) };
}

export function removeColumn(table: TableModel, side: 'input' | 'output', index: number): TableModel {
  const cell = side === 'input' ? index : table.inputs.length + index;
  return {
    ...table,
    inputs: side === 'input' ? table.inputs.filter((_, i) => i !== index) : table.inputs,
    outputs: side === 'output' ? table.outputs.filter((_, i) => i !== index) : table.outputs,
    rows: table.rows.map((r) => r.filter((_, i) => i !== cell)),
  };
}

export function updateColumn(table: TableModel, side: 'input' | 'output', index: number, patch: Partial<TableColumn>): TableModel {
  const edit = (columns: TableColumn[]) => columns.map((c, i) => (i === index ? { ...c, ...patch } : c));
  return side === 'input' ? { ...table, inputs: edit(table.inputs) } : { ...table, outputs: edit(table.outputs) };
}
