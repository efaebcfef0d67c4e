import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderAs } from '../test/http';
import RuleSetEditor from './RuleSetEditor';

const draft = [
  {
    WorkflowName: 'OrderDiscounts',
    Rules: [
      { RuleName: 'LoyalCustomer', Expression: 'customer.segment == "VIP"' },
      { RuleName: 'LargeOrder', Operator: 'And', Rules: [{ RuleName: 'TotalAtLeast500', Expression: 'order.total >= 500' }, { RuleName: 'FewLines', Expression: 'order.lines.Count() < 50' }] },
    ],
  },
];

const detail = { id: 'order-discounts', kind: 'rules', name: 'OrderDiscounts', description: null, publishedVersion: 2, latestVersion: 2, hasDraft: true, draft, published: draft };
const problem = { code: 'rule-invalid', message: "workflow 'OrderDiscounts', rule 'FewLines': Expression `order.lines.Count( < 50`: unexpected '<'", severity: 'error', field: 'FewLines', line: 0, column: 0, file: 'order-discounts' };

describe('RuleSetEditor', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows rules and nested rules, puts server problems on the rule they name and blocks publishing', async () => {
    mockApi({
      'GET /api/rules/order-discounts': { status: 200, body: detail },
      'POST /api/rules/order-discounts/validate': { status: 200, body: { problems: [problem] } },
    });
    renderAs(['admin'], <RuleSetEditor ruleSetId="order-discounts" />);
    const card = await screen.findByRole('article', { name: 'Rule FewLines' });
    expect(await within(card).findByText(/unexpected '<'/)).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Rule LargeOrder' })).toContainElement(card);
    expect(within(screen.getByRole('article', { name: 'Rule LargeOrder' })).getByRole('combobox', { name: /combined with/ })).toHaveValue('And');
    expect(screen.getByRole('button', { name: 'Publish…' })).toBeDisabled();
  });

  it('saves an edited rule as a draft with the RulesEngine JSON', async () => {
    const requests = mockApi({
      'GET /api/rules/order-discounts': { status: 200, body: detail },
      'POST /api/rules/order-discounts/validate': { status: 200, body: { problems: [] } },
      'PUT /api/rules/order-discounts/draft': { status: 200, body: { problems: [] } },
    });
    renderAs(['analyst'], <RuleSetEditor ruleSetId="order-discounts" />);
    const card = await screen.findByRole('article', { name: 'Rule LoyalCustomer' });
    fireEvent.change(within(card).getByRole('textbox', { name: 'Rule name' }), { target: { value: 'VipCustomer' } });
    const renamed = screen.getByRole('article', { name: 'Rule VipCustomer' });
    fireEvent.click(within(renamed).getByText('Parameters, messages and actions'));
    fireEvent.change(within(renamed).getByRole('textbox', { name: 'Success event' }), { target: { value: 'vip' } });
    expect(screen.queryByRole('button', { name: 'Publish…' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(await screen.findByText('Draft saved.')).toBeInTheDocument();
    const saved = requests.find((r) => r.method === 'PUT')!;
    expect(saved.contentType).toBe('application/json');
    expect(JSON.parse(saved.body!)[0].Rules[0]).toEqual({ RuleName: 'VipCustomer', Expression: 'customer.segment == "VIP"', SuccessEvent: 'vip' });
  });

  it('evaluates against input and shows which rule and which nested condition failed', async () => {
    const requests = mockApi({
      'GET /api/rules/order-discounts': { status: 200, body: { ...detail, hasDraft: false, draft: null } },
      'POST /api/rules/order-discounts/validate': { status: 200, body: { problems: [] } },
      'GET /api/orders/samples': { status: 200, body: { items: [{ id: 's1', label: 'VIP order SO-1', order: { total: 800, lines: [], customer: { segment: 'VIP' } } }] } },
      'POST /api/rules/order-discounts/evaluate': {
        status: 200,
        body: {
          ruleSet: 'order-discounts', version: 2, draft: false, workflow: 'OrderDiscounts', allPassed: false, anyPassed: true,
          results: [
            { rule: 'LoyalCustomer', isSuccess: true, outcome: 'success', expression: 'customer.segment == "VIP"' },
            { rule: 'LargeOrder', isSuccess: false, outcome: 'failure', failedCondition: 'TotalAtLeast500', message: 'Order total 800 is below 500.', children: [
              { rule: 'TotalAtLeast500', isSuccess: false, outcome: 'failure', expression: 'order.total >= 500', failedCondition: 'order.total (800) >= 500' },
              { rule: 'FewLines', isSuccess: true, outcome: 'success' },
            ] },
          ],
          actions: {}, successEvents: ['loyalty-5'],
        },
      },
    });
    renderAs(['ops'], <RuleSetEditor ruleSetId="order-discounts" />);
    fireEvent.change(await screen.findByLabelText('Sample order'), { target: { value: 's1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    const results = await screen.findByRole('list', { name: 'Rule results' });
    expect(within(results).getByRole('listitem', { name: 'LoyalCustomer passed' })).toBeInTheDocument();
    const failed = within(results).getByRole('listitem', { name: 'LargeOrder failed' });
    expect(within(failed).getByRole('listitem', { name: 'TotalAtLeast500 failed' })).toHaveTextContent('order.total (800) >= 500');
    expect(within(failed).getByRole('listitem', { name: 'FewLines passed' })).toBeInTheDocument();
    expect(screen.getByText('Success events: loyalty-5')).toBeInTheDocument();
    const body = JSON.parse(requests.find((r) => r.url.endsWith('/evaluate'))!.body!);
    // No draft exists, so the published version is evaluated; the sample order and its customer are the inputs.
    expect(body).toEqual({ workflow: 'OrderDiscounts', mode: 'all', inputs: { order: { total: 800, lines: [], customer: { segment: 'VIP' } }, customer: { segment: 'VIP' } } });
  });

  it('hides the sample picker when the server has no samples endpoint', async () => {
    const requests = mockApi({
      'GET /api/rules/order-discounts': { status: 200, body: detail },
      'POST /api/rules/order-discounts/validate': { status: 200, body: { problems: [] } },
    });
    renderAs(['analyst'], <RuleSetEditor ruleSetId="order-discounts" />);
    await screen.findByRole('button', { name: 'Evaluate' });
    await waitFor(() => expect(requests.some((r) => r.url === '/api/orders/samples')).toBe(true));
    expect(screen.queryByLabelText('Sample order')).toBeNull();
  });
});
