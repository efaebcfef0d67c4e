import type { ActivityDescriptor, WorkflowDocument } from '../api/types';

/** Activity descriptors shaped like the server's /api/activities answer. */
export const activities: ActivityDescriptor[] = [
  {
    type: 'If',
    category: 'Control flow',
    description: 'Routes on a condition.',
    outcomes: ['true', 'false'],
    dynamicOutcomes: false,
    blocking: false,
    inputs: [{ name: 'condition', type: 'bool', required: true, description: 'Condition to test.', sensitive: false, editor: 'expression' }],
  },
  {
    type: 'SetVariable',
    category: 'Data',
    description: 'Sets a variable.',
    outcomes: ['done'],
    dynamicOutcomes: false,
    blocking: false,
    inputs: [
      { name: 'name', type: 'string', required: true, description: 'Variable to set.', sensitive: false },
      { name: 'value', type: 'any', required: true, description: 'Value.', sensitive: false },
    ],
  },
  {
    type: 'HumanTask',
    category: 'Human',
    description: 'Waits for a person to decide.',
    outcomes: ['approved', 'rejected', 'timeout'],
    dynamicOutcomes: false,
    blocking: true,
    inputs: [
      { name: 'role', type: 'string', required: true, description: 'Role that decides.', sensitive: false, options: ['ops', 'analyst'] },
      { name: 'timeout', type: 'duration', required: false, description: 'When to give up.', sensitive: false, editor: 'duration' },
      { name: 'priority', type: 'int', required: false, description: 'Priority.', sensitive: false, default: 3 },
      { name: 'notify', type: 'bool', required: false, description: 'Send an email.', sensitive: false },
    ],
  },
  {
    type: 'Switch',
    category: 'Control flow',
    description: 'Routes on the first matching case.',
    outcomes: ['default'],
    dynamicOutcomes: true,
    blocking: false,
    inputs: [{ name: 'cases', type: 'object', required: true, description: 'Outcome to condition.', sensitive: false, editor: 'json' }],
  },
  {
    type: 'End',
    category: 'Control flow',
    description: 'Ends the workflow.',
    outcomes: [],
    dynamicOutcomes: false,
    blocking: false,
    inputs: [],
  },
];

export const catalog = new Map(activities.map((a) => [a.type, a]));

/** An approval flow: check -> (true) approve -> ship | reject; (false) ship. */
export function approvalFlow(): WorkflowDocument {
  return {
    id: 'order-approval',
    name: 'Order approval',
    inputs: { orderId: { type: 'string', required: true } },
    variables: { total: { type: 'decimal', default: 0 } },
    start: 'check',
    steps: {
      check: { activity: 'If', inputs: { condition: '=total > 1000' }, next: { true: 'approve', false: 'ship' } },
      approve: { activity: 'HumanTask', inputs: { role: 'ops' }, next: { approved: 'ship', rejected: 'reject' } },
      ship: { activity: 'SetVariable', inputs: { name: 'status', value: 'shipped' }, next: 'end' },
      reject: { activity: 'SetVariable', inputs: { name: 'status', value: 'rejected' }, next: 'end' },
      end: { activity: 'End' },
    },
  };
}
