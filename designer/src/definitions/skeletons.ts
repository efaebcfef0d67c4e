import type { DefinitionKind } from '../api/definitions';

export type TemplateKindName = 'email' | 'label' | 'invoice' | 'credit-note' | 'packing-slip';
export const templateKinds: TemplateKindName[] = ['email', 'label', 'invoice', 'credit-note', 'packing-slip'];

/** The first draft of a new rule set: one workflow named after it with one rule to edit. */
export function ruleSetSkeleton(id: string): string {
  return JSON.stringify([{ WorkflowName: id, Rules: [{ RuleName: 'FirstRule', Expression: 'order.total > 0' }] }], null, 2);
}

/** The first draft of a new decision table: one input, one output, one catch-all row. */
export function tableSkeleton(id: string): string {
  return [`name: ${id}`, 'hitPolicy: FIRST', 'inputs:', '  - name: total', '    expression: order.total', 'outputs:', '  - name: result', 'rules:', "  - ['-', 'none']", ''].join('\n');
}

/** Parts every template kind starts with (the server requires subject + body.html for email and label.zpl for labels). */
const starterParts: Record<TemplateKindName, Record<string, string>> = {
  email: { subject: 'Order {{orderNumber}}', 'body.html': '<p>Hello {{customer.name}},</p>', 'body.txt': 'Hello {{customer.name}},' },
  label: { 'label.zpl': '^XA\n^FO{{dots 30}},{{dots 30}}^A0N,40,40^FD{{orderNumber}}^FS\n^XZ' },
  invoice: { 'notes.txt': 'Payment within 14 days.' },
  'credit-note': { 'notes.txt': 'The amount is refunded to your original payment method.' },
  'packing-slip': { 'notes.txt': 'Thank you for your order.' },
};

export function templateSkeleton(id: string, kind: TemplateKindName = 'email'): string {
  return JSON.stringify({ id, kind, name: id, parts: starterParts[kind], partials: [] }, null, 2);
}

export function skeletonFor(kind: DefinitionKind, id: string, templateKind?: TemplateKindName): string {
  switch (kind) {
    case 'rules':
      return ruleSetSkeleton(id);
    case 'tables':
      return tableSkeleton(id);
    case 'templates':
      return templateSkeleton(id, templateKind);
  }
}

export const kindTitles: Record<DefinitionKind, { plural: string; singular: string }> = {
  rules: { plural: 'Rule sets', singular: 'Rule set' },
  tables: { plural: 'Decision tables', singular: 'Decision table' },
  templates: { plural: 'Templates', singular: 'Template set' },
};
