import type { WorkflowDocument } from '../api/types';

export interface CompletionItem {
  label: string;
  detail?: string;
  type: 'variable' | 'property' | 'function' | 'keyword';
}

/** Fields of the order envelope that flows usually read; offered after `order.`. */
export const knownOrderFields: CompletionItem[] = [
  'id',
  'number',
  'status',
  'channel',
  'currency',
  'total',
  'subtotal',
  'discountTotal',
  'taxTotal',
  'shippingTotal',
  'createdAt',
  'customer',
  'customer.id',
  'customer.segment',
  'customer.email',
  'shippingAddress',
  'shippingAddress.country',
  'lines',
  'payment',
  'payment.status',
  'riskScore',
].map((label) => ({ label: `order.${label}`, type: 'property' as const, detail: 'order field' }));

/** Names an expression in this workflow can use: its inputs, its variables, and known order fields. */
export function workflowCompletions(doc: WorkflowDocument | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [name, declaration] of Object.entries(doc?.inputs ?? {}))
    items.push({ label: name, type: 'variable', detail: `input · ${declaration.type}` });
  for (const [name, declaration] of Object.entries(doc?.variables ?? {}))
    items.push({ label: name, type: 'variable', detail: `variable · ${declaration.type}` });
  items.push({ label: 'correlationKey', type: 'variable', detail: 'instance correlation key' });
  return [...items, ...knownOrderFields];
}

/**
 * Completions for the word being typed: a dotted path (`order.cu`) completes against dotted labels
 * with that prefix; a bare word against every label's first segment and functions.
 */
export function completeWord(word: string, items: CompletionItem[], functions: CompletionItem[]): CompletionItem[] {
  const lower = word.toLowerCase();
  if (word.includes('.')) return items.filter((i) => i.label.toLowerCase().startsWith(lower) && i.label !== word);
  const seen = new Set<string>();
  const result: CompletionItem[] = [];
  for (const item of [...items, ...functions]) {
    const head = item.label.split('.')[0];
    if (!head.toLowerCase().startsWith(lower) || seen.has(head)) continue;
    seen.add(head);
    result.push(head === item.label ? item : { label: head, type: 'variable', detail: item.detail });
  }
  return result;
}
