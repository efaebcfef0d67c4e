import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderAs, type RecordedRequest } from '../test/http';
import TemplateEditor from './TemplateEditor';
import { partOf } from './templateModel';
import type { Problem } from '../api/types';

const set = {
  id: 'shipped',
  kind: 'email',
  name: 'Shipped',
  parts: { subject: 'Order {{orderNumber}} shipped', 'body.html': '<p>Hi {{customer.name}}</p>\n<p>{{trackingUrl}}</p>', 'body.txt': 'Hi {{customer.name}}' },
  partials: [{ name: 'email-layout', mode: 'html', content: '<main>{{> @partial-block}}</main>' }],
  sample: { orderNumber: 'SO-1', customer: { name: 'Ann' } },
};
const detail = { id: 'shipped', kind: 'template', name: 'Shipped', description: null, publishedVersion: 1, latestVersion: 1, hasDraft: true, draft: set, published: set };
const unknownVariable: Problem = { code: 'unknown-variable', severity: 'error', message: "'trackingUrl' is not in the sample data; check the spelling or add it to the sample", file: 'shipped/body.html.hbs', line: 2, column: 6, field: 'parts', step: null };

function preview(request: RecordedRequest) {
  const body = JSON.parse(request.body!) as { format: string };
  return body.format === 'text'
    ? { status: 200, body: 'Hi Ann', contentType: 'text/plain; charset=utf-8' }
    : { status: 200, body: '<p>Hi Ann</p>', contentType: 'text/html; charset=utf-8' };
}

describe('TemplateEditor', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('puts variable problems on their part with line:column and previews the email in a sandboxed frame', async () => {
    mockApi({
      'GET /api/templates/shipped': { status: 200, body: detail },
      'POST /api/templates/shipped/validate': { status: 200, body: { problems: [unknownVariable] } },
      'POST /api/templates/shipped/preview': preview,
    });
    renderAs(['analyst'], <TemplateEditor templateId="shipped" />);
    const tab = await screen.findByRole('tab', { name: /body\.html/ });
    expect(await within(tab).findByText('1')).toBeInTheDocument();
    fireEvent.click(tab);
    expect(screen.getByRole('list', { name: 'Problems in body.html' })).toHaveTextContent("2:6 'trackingUrl' is not in the sample data");
    const frame = await screen.findByTitle('HTML preview');
    expect(frame).toHaveAttribute('sandbox', '');
    expect(frame.getAttribute('srcdoc')).toBe('<p>Hi Ann</p>');
    fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'text' } });
    expect(await screen.findByLabelText('TEXT preview')).toHaveTextContent('Hi Ann');
    // The shared layout travels with the set; it opens in its own tab.
    fireEvent.click(screen.getByRole('tab', { name: 'email-layout (html partial)' }));
    expect(await screen.findByLabelText('Shared partial email-layout (html)')).toBeInTheDocument();
  });

  it('autosaves edits while live preview is on and renders the saved draft again', async () => {
    const requests = mockApi({
      'GET /api/templates/shipped': { status: 200, body: detail },
      'POST /api/templates/shipped/validate': { status: 200, body: { problems: [] } },
      'PUT /api/templates/shipped/draft': { status: 200, body: { problems: [] } },
      'POST /api/templates/shipped/preview': preview,
    });
    renderAs(['analyst'], <TemplateEditor templateId="shipped" />);
    await screen.findByTitle('HTML preview');
    const previews = () => requests.filter((r) => r.url.endsWith('/preview')).length;
    const before = previews();
    fireEvent.change(screen.getByLabelText('Part name'), { target: { value: 'footer.html.hbs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add part' }));
    expect(await screen.findByRole('tab', { name: 'footer.html', selected: true })).toBeInTheDocument();
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true));
    expect(JSON.parse(requests.find((r) => r.method === 'PUT')!.body!).parts).toEqual({ ...set.parts, 'footer.html': '' });
    await waitFor(() => expect(previews()).toBeGreaterThan(before));
    expect(JSON.parse(requests.filter((r) => r.url.endsWith('/preview')).at(-1)!.body!)).toMatchObject({ draft: true, format: 'html' });
  });

  it('shows why a preview could not be rendered', async () => {
    mockApi({
      'GET /api/templates/shipped': { status: 200, body: { ...detail, hasDraft: false } },
      'POST /api/templates/shipped/validate': { status: 200, body: { problems: [] } },
      'POST /api/templates/shipped/preview': { status: 422, body: { title: 'Unprocessable', detail: "Template set 'shipped' could not be rendered: body.html.hbs:1:9 missing helper 'money'" } },
    });
    renderAs(['ops'], <TemplateEditor templateId="shipped" />);
    expect(await screen.findByText(/missing helper 'money'/)).toBeInTheDocument();
  });

  it('knows which part a problem is in', () => {
    expect(partOf(unknownVariable)).toBe('body.html');
    expect(partOf({ ...unknownVariable, file: 'shipped', field: 'parts.subject' })).toBe('subject');
    expect(partOf({ ...unknownVariable, file: 'shipped', field: 'sample' })).toBeNull();
  });
});
