import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderAs } from '../test/http';
import RuleSetEditor from '../rules/RuleSetEditor';

const rules = [{ WorkflowName: 'Discounts', Rules: [{ RuleName: 'Big', Expression: 'order.total > 500' }] }];
const detail = { id: 'discounts', kind: 'rules', name: 'Discounts', description: null, publishedVersion: 1, latestVersion: 1, hasDraft: true, draft: rules, published: rules };

describe('definition draft and publish actions', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lets ops publish the stored draft with a note, without saving it again', async () => {
    const requests = mockApi({
      'GET /api/rules/discounts': { status: 200, body: detail },
      'POST /api/rules/discounts/validate': { status: 200, body: { problems: [] } },
      'POST /api/rules/discounts/publish': { status: 200, body: { version: 2, problems: [] } },
    });
    renderAs(['ops'], <RuleSetEditor ruleSetId="discounts" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Publish…' }));
    fireEvent.change(screen.getByLabelText('Release note'), { target: { value: 'Bigger threshold' } });
    fireEvent.click(screen.getByRole('button', { name: 'Publish now' }));
    expect(await screen.findByText('Published version 2.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method !== 'GET' && !r.url.endsWith('/validate')).map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'POST /api/rules/discounts/publish {"note":"Bigger threshold"}',
    ]);
    expect(screen.queryByRole('button', { name: 'Save draft' })).toBeNull();
  });

  it('has nothing to publish without a draft', async () => {
    mockApi({
      'GET /api/rules/discounts': { status: 200, body: { ...detail, hasDraft: false, draft: null } },
      'POST /api/rules/discounts/validate': { status: 200, body: { problems: [] } },
    });
    renderAs(['admin'], <RuleSetEditor ruleSetId="discounts" />);
    expect(await screen.findByRole('button', { name: 'Publish…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Publish…' })).toHaveAttribute('title', 'There is no draft to publish');
  });

  it('shows why the server refused to publish and lists its problems', async () => {
    const problem = { code: 'rule-invalid', message: "workflow 'Discounts', rule 'Big': Expression is empty", severity: 'error', field: 'Big', step: null, line: 0, column: 0, file: 'discounts' };
    mockApi({
      'GET /api/rules/discounts': { status: 200, body: detail },
      'POST /api/rules/discounts/validate': { status: 200, body: { problems: [] } },
      'POST /api/rules/discounts/publish': { status: 422, body: { title: 'Unprocessable', detail: "Rule set 'discounts' was not published: Expression is empty", problems: [problem] } },
    });
    renderAs(['admin'], <RuleSetEditor ruleSetId="discounts" />);
    // Live validation has answered (no problems), so only the publish answer sets the problems below.
    expect(await screen.findByText('0 errors, 0 warnings')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Publish…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Publish now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Rule set 'discounts' was not published");
    expect(screen.getByRole('list', { name: 'Problems of Big' })).toHaveTextContent('Expression is empty');
  });
});
