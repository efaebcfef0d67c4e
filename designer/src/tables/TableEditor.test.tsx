import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderAs, type RecordedRequest } from '../test/http';
import TableEditor from './TableEditor';

const yaml = [
  'name: discounts',
  'hitPolicy: UNIQUE',
  'inputs:',
  "  - name: 'total'",
  "    expression: 'order.total'",
  'outputs:',
  "  - name: 'discount'",
  'rules:',
  "  - ['< 100', 0]",
  "  - ['>= 50', 0.05]",
  '',
].join('\n');

// Positions as the server reports them (1-based): row 2 starts at line 10 column 5, its entry at column 6.
const overlap = { code: 'table-invalid', severity: 'error', message: 'row 2 overlaps row 1 (line 9); UNIQUE needs rows that cannot match together', line: 10, column: 5, file: 'discounts', field: null, step: null };
const badEntry = { code: 'table-invalid', severity: 'error', message: "row 1, input 'total': entry '< ' is not valid", line: 9, column: 6, file: 'discounts', field: null, step: null };

const detail = { id: 'discounts', kind: 'table', name: 'discounts', description: null, publishedVersion: null, latestVersion: null, hasDraft: true, draft: yaml, published: null };

function routes(validate: (r: RecordedRequest) => { status: number; body: unknown }) {
  return mockApi({
    'GET /api/tables/discounts': { status: 200, body: detail },
    'POST /api/tables/discounts/validate': validate,
    'PUT /api/tables/discounts/draft': { status: 200, body: { problems: [] } },
    'POST /api/tables/discounts/evaluate': { status: 200, body: { table: 'discounts', version: null, draft: true, hitPolicy: 'First', matched: true, matchedRows: [2], output: { discount: 0.05 } } },
  });
}

describe('TableEditor', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the YAML as a grid with the overlap on its row and an entry problem on its cell', async () => {
    routes(() => ({ status: 200, body: { problems: [overlap, badEntry] } }));
    renderAs(['analyst'], <TableEditor tableId="discounts" />);
    const grid = await screen.findByRole('table', { name: 'Decision table discounts' });
    expect(within(grid).getByRole('textbox', { name: 'Row 2, discount' })).toHaveValue('0.05');
    expect(screen.getByLabelText('Hit policy')).toHaveValue('UNIQUE');
    const cell = await within(grid).findByRole('textbox', { name: 'Row 1, total' });
    await waitFor(() => expect(cell).toHaveAttribute('aria-invalid', 'true'));
    expect(cell).toHaveAccessibleDescription(/entry '< ' is not valid/);
    expect(within(within(grid).getByRole('row', { name: 'Row 2' })).getByRole('img', { name: /overlaps row 1/ })).toBeInTheDocument();
  });

  it('moves between cells with the keyboard', async () => {
    routes(() => ({ status: 200, body: { problems: [] } }));
    renderAs(['analyst'], <TableEditor tableId="discounts" />);
    const first = await screen.findByRole('textbox', { name: 'Row 1, total' });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(screen.getByRole('textbox', { name: 'Row 2, total' })).toHaveFocus();
    const second = screen.getByRole('textbox', { name: 'Row 2, total' }) as HTMLInputElement;
    second.setSelectionRange(second.value.length, second.value.length);
    fireEvent.keyDown(second, { key: 'ArrowRight' });
    expect(screen.getByRole('textbox', { name: 'Row 2, discount' })).toHaveFocus();
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Row 2, discount' }), { key: 'Enter', shiftKey: true });
    expect(screen.getByRole('textbox', { name: 'Row 1, discount' })).toHaveFocus();
  });

  it('edits rows, columns and the hit policy, saves the YAML, and highlights the rows a test matched', async () => {
    const requests = routes(() => ({ status: 200, body: { problems: [] } }));
    renderAs(['analyst'], <TableEditor tableId="discounts" />);
    fireEvent.change(await screen.findByRole('textbox', { name: 'Row 1, total' }), { target: { value: '< 50' } });
    fireEvent.change(screen.getByLabelText('Hit policy'), { target: { value: 'FIRST' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add output column' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Output 2 name' }), { target: { value: 'reason' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add row' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Row 3, reason' }), { target: { value: 'fallback' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete row 2' }));

    fireEvent.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByText(/Matched row 2/)).toBeInTheDocument();
    const saved = requests.find((r) => r.method === 'PUT')!;
    expect(saved.contentType).toBe('application/yaml');
    expect(saved.body).toContain('hitPolicy: FIRST');
    expect(saved.body).toContain("  - name: 'reason'");
    expect(saved.body).toContain("  - ['< 50', 0, '']");
    expect(saved.body).toContain("  - ['-', '', 'fallback']");
    expect(JSON.parse(requests.find((r) => r.url.endsWith('/evaluate'))!.body!)).toEqual({ input: { order: {} }, draft: true });
    expect(screen.getByRole('row', { name: 'Row 2 (matched)' })).toBeInTheDocument();
    expect(screen.getByLabelText('Table output')).toHaveTextContent('"discount": 0.05');
  });

  it('is read-only for a role that cannot edit drafts', async () => {
    routes(() => ({ status: 200, body: { problems: [] } }));
    renderAs(['ops'], <TableEditor tableId="discounts" />);
    expect(await screen.findByRole('textbox', { name: 'Row 1, total' })).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: 'Add row' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
  });
});
