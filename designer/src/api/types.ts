/** Types of the OmsFlow HTTP API (JSON, camelCase), as the designer consumes them. */

export type Role = 'admin' | 'ops' | 'analyst' | 'integrator';

export interface Me {
  name: string;
  roles: Role[];
}

export type InputType = 'string' | 'int' | 'decimal' | 'bool' | 'datetime' | 'duration' | 'object' | 'array' | 'any';
export type InputEditor = 'expression' | 'multiline' | 'javascript' | 'json' | 'duration';

export interface ActivityInputDescriptor {
  name: string;
  type: InputType;
  required: boolean;
  description: string;
  sensitive: boolean;
  options?: string[] | null;
  editor?: InputEditor | null;
  default?: unknown;
}

export interface ActivityDescriptor {
  type: string;
  category: string;
  description: string;
  outcomes: string[];
  dynamicOutcomes: boolean;
  blocking: boolean;
  inputs: ActivityInputDescriptor[];
}

export interface RetryPolicy {
  attempts: number;
  delay: string;
  backoff: string;
  maxDelay: string;
}

/** `next` as a string means "every outcome goes there"; as a map it routes each outcome. */
export type StepNext = string | Record<string, string>;

export interface StepDefinition {
  activity: string;
  description?: string;
  inputs?: Record<string, unknown>;
  next?: StepNext;
  body?: unknown;
  retry?: RetryPolicy;
  compensate?: string;
  sensitive?: string[];
  layout?: { x: number; y: number };
}

export interface WorkflowInputDeclaration {
  type: string;
  required?: boolean;
  default?: unknown;
  description?: string;
}

export interface TriggerDefinition {
  hook?: string;
  /** The workflow input a hook's body is passed as. */
  input?: string;
  method?: string;
  event?: string;
  cron?: string;
  every?: string;
  correlation?: string;
}

export interface WorkflowDocument {
  id: string;
  name?: string;
  description?: string;
  onFault?: 'compensate' | 'incident';
  inputs?: Record<string, WorkflowInputDeclaration>;
  variables?: Record<string, { type: string; default?: unknown }>;
  outputs?: Record<string, unknown>;
  triggers?: TriggerDefinition[];
  start?: string;
  steps: Record<string, StepDefinition>;
}

/** A validation finding; the server may send absent location parts as null. */
export interface Problem {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  step?: string | null;
  field?: string | null;
  line?: number | null;
  column?: number | null;
  file?: string | null;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  publishedVersion: number | null;
  latestVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

export interface WorkflowDetail {
  id: string;
  name: string;
  publishedVersion: number | null;
  latestVersion: number | null;
  hasDraft: boolean;
  draft: WorkflowDocument | null;
  published: WorkflowDocument | null;
}

export interface WorkflowVersion {
  version: number;
  publishedAt: string;
  publishedBy: string;
  note: string;
  hash: string;
}

export type JournalKind =
  | 'started'
  | 'completed'
  | 'faulted'
  | 'suspended'
  | 'resumed'
  | 'compensating'
  | 'instanceCompleted'
  | 'instanceFaulted'
  | 'instanceCancelled'
  | (string & {});

export interface JournalEntry {
  seq: number;
  timestamp: string;
  step: string | null;
  activity: string | null;
  kind: JournalKind;
  outcome: string | null;
  input: unknown;
  output: unknown;
  error: string | null;
  attempt: number | null;
}

export interface Bookmark {
  id: string;
  kind: 'signal' | 'hook' | 'timer' | 'task' | 'child';
  name: string;
  step: string;
  correlationKey: string | null;
  dueAt: string | null;
  payload: unknown;
}

export interface Incident {
  id: string;
  step: string;
  error: string;
  attempt: number;
  createdAt: string;
  resolvedAt: string | null;
}

export interface TestRunResult {
  status: InstanceStatus | string;
  outputs: unknown;
  variables: unknown;
  journal: JournalEntry[];
  bookmarks: Bookmark[];
  incidents: Incident[];
}

export type InstanceStatus = 'Running' | 'Suspended' | 'Completed' | 'Faulted' | 'Cancelled';

export interface InstanceSummary {
  id: string;
  workflowId: string;
  version: number;
  status: InstanceStatus;
  correlationKey: string | null;
  createdAt: string;
  updatedAt: string;
  activeSteps: string[];
}

export interface InstanceDetail extends InstanceSummary {
  input: unknown;
  variables: unknown;
  outputs: unknown;
  bookmarks: Bookmark[];
  incidents: Incident[];
}

export interface Paged<T> {
  items: T[];
  total: number;
  /** The server stopped counting at `total` (large instance lists): there are at least that many. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
}

export interface TaskFormField {
  name: string;
  label: string;
  type: string;
  required: boolean;
}

export interface HumanTask {
  id: string;
  instanceId: string;
  workflowId: string;
  step: string;
  role: string;
  title: string;
  form: TaskFormField[];
  outcomes: string[];
  createdAt: string;
  dueAt: string | null;
  correlationKey: string | null;
}

/** RFC 9457 problem details as the server returns them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  problems?: Problem[];
}
