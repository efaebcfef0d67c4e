import { describe, expect, it } from 'vitest';
import { addRule, getRule, inputNames, moveRule, parseRuleSet, removeRule, serializeRuleSet, updateRule, type RuleSetModel } from './ruleModel';

const source = JSON.stringify([
  {
    WorkflowName: 'OrderDiscounts',
    Custom: { kept: true },
    Rules: [
      { RuleName: 'LoyalCustomer', Expression: 'customer.segment == "VIP"', SuccessEvent: 'loyalty-5' },
      { RuleName: 'LargeOrder', Operator: 'And', Rules: [{ RuleName: 'TotalAtLeast500', Expression: 'order.total >= 500' }, { RuleName: 'FewLines', Expression: 'order.lines.Count() < 50' }] },
    ],
  },
]);

function model(): RuleSetModel {
  const parsed = parseRuleSet(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.model;
}

describe('rule set model', () => {
  it('round-trips the JSON, keeping properties the editor does not know', () => {
    expect(JSON.parse(serializeRuleSet(model()))).toEqual(JSON.parse(source));
  });

  it('keeps a single workflow object as an object', () => {
    const parsed = parseRuleSet('{"WorkflowName":"One","Rules":[]}');
    expect(parsed.ok && JSON.parse(serializeRuleSet(parsed.model))).toEqual({ WorkflowName: 'One', Rules: [] });
  });

  it('says what is wrong with text that is not a rule set', () => {
    const bad = parseRuleSet('[1, 2]');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/WorkflowName/);
    expect(parseRuleSet('{').ok).toBe(false);
  });

  it('turns a rule into a group when it gets its first nested rule, moving its expression into a child', () => {
    const next = addRule(model(), 0, [0]);
    const group = getRule(next.workflows[0], [0])!;
    expect(group.Expression).toBeUndefined();
    expect(group.Operator).toBe('And');
    expect(group.Rules!.map((r) => r.Expression)).toEqual(['customer.segment == "VIP"', 'true']);
    expect(new Set(group.Rules!.map((r) => r.RuleName)).size).toBe(2);
  });

  it('edits, moves and removes nested rules by path', () => {
    let next = updateRule(model(), 0, [1, 1], { Expression: 'order.lines.Count() < 20', SuccessEvent: undefined });
    expect(getRule(next.workflows[0], [1, 1])!.Expression).toBe('order.lines.Count() < 20');
    next = moveRule(next, 0, [1, 1], -1);
    expect(getRule(next.workflows[0], [1, 0])!.RuleName).toBe('FewLines');
    expect(moveRule(next, 0, [1, 0], -1)).toEqual(next);
    next = removeRule(next, 0, [1, 0]);
    expect(getRule(next.workflows[0], [1])!.Rules!.map((r) => r.RuleName)).toEqual(['TotalAtLeast500']);
  });

  it('finds the inputs the expressions read, not the properties after them', () => {
    expect(inputNames(model().workflows[0])).toEqual(['customer', 'order']);
  });
});
