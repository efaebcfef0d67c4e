import type { StepDefinition, StepNext, WorkflowDocument } from '../../api/types';

/**
 * Pure edits of a workflow document. The editor keeps the document as its single source of truth
 * (the canvas is derived from it), so every user gesture is one of these functions and undo/redo is
 * a stack of documents. Each function returns a new document and never mutates its argument.
 * Step order is the document order, so edits rebuild `steps` keeping keys where they were.
 */

/** The handle that stands for `next: STEP` (every outcome goes to one step). */
export const everyOutcome = '*';

export function stepNames(doc: WorkflowDocument): string[] {
  return Object.keys(doc.steps);
}

function withSteps(doc: WorkflowDocument, steps: Record<string, StepDefinition>): WorkflowDocument {
  return { ...doc, steps };
}

/** Edges of a step as (outcome handle, target) pairs; a string `next` is the `*` handle. */
export function transitionsOf(step: StepDefinition): Array<[string, string]> {
  if (step.next === undefined) return [];
  if (typeof step.next === 'string') return [[everyOutcome, step.next]];
  return Object.entries(step.next);
}

/** A step name not used yet, derived from the activity type (`SendEmail` -> `sendEmail`, `sendEmail2`...). */
export function uniqueStepName(doc: WorkflowDocument, activityType: string, taken: Set<string> = new Set()): string {
  const base = (activityType.charAt(0).toLowerCase() + activityType.slice(1)).replace(/[^A-Za-z0-9_]/g, '') || 'step';
  let name = base;
  for (let n = 2; name in doc.steps || taken.has(name); n++) name = `${base}${n}`;
  return name;
}

export function addStep(doc: WorkflowDocument, name: string, step: StepDefinition): WorkflowDocument {
  if (name in doc.steps) throw new Error(`A step named "${name}" already exists.`);
  const next = withSteps(doc, { ...doc.steps, [name]: step });
  return next.start === undefined && Object.keys(doc.steps).length === 0 ? { ...next, start: name } : next;
}

export function updateStep(
  doc: WorkflowDocument,
  name: string,
  update: (step: StepDefinition) => StepDefinition,
): WorkflowDocument {
  const current = doc.steps[name];
  if (!current) return doc;
  return withSteps(doc, { ...doc.steps, [name]: update(current) });
}

/** Sets or clears one input; `undefined` removes the key so the document stays minimal. */
export function setStepInput(doc: WorkflowDocument, name: string, input: string, value: unknown): WorkflowDocument {
  return updateStep(doc, name, (step) => {
    const inputs = { ...(step.inputs ?? {}) };
    if (value === undefined) delete inputs[input];
    else inputs[input] = value;
    const result: StepDefinition = { ...step, inputs };
    if (Object.keys(inputs).length === 0) delete result.inputs;
    return result;
  });
}

function retarget(next: StepNext | undefined, rename: (target: string) => string | undefined): StepNext | undefined {
  if (next === undefined) return undefined;
  if (typeof next === 'string') return rename(next);
  const result: Record<string, string> = {};
  for (const [outcome, target] of Object.entries(next)) {
    const renamed = rename(target);
    if (renamed !== undefined) result[outcome] = renamed;
  }
  return Object.keys(result).length ? result : undefined;
}

function rewriteReferences(doc: WorkflowDocument, rename: (target: string) => string | undefined): WorkflowDocument {
  const steps: Record<string, StepDefinition> = {};
  for (const [name, step] of Object.entries(doc.steps)) {
    const copy: StepDefinition = { ...step };
    const next = retarget(step.next, rename);
    if (next === undefined) delete copy.next;
    else copy.next = next;
    if (step.compensate !== undefined) {
      const compensate = rename(step.compensate);
      if (compensate === undefined) delete copy.compensate;
      else copy.compensate = compensate;
    }
    if (typeof step.body === 'string') {
      const body = rename(step.body);
      if (body === undefined) delete copy.body;
      else copy.body = body;
    }
    steps[name] = copy;
  }
  const result = withSteps(doc, steps);
  if (doc.start !== undefined) {
    const start = rename(doc.start);
    if (start === undefined) delete result.start;
    else result.start = start;
  }
  return result;
}

/** Removes steps and every transition, compensation, body and start pointing at them. */
export function removeSteps(doc: WorkflowDocument, names: Iterable<string>): WorkflowDocument {
  const removed = new Set(names);
  if (removed.size === 0) return doc;
  const steps: Record<string, StepDefinition> = {};
  for (const [name, step] of Object.entries(doc.steps)) if (!removed.has(name)) steps[name] = step;
  return rewriteReferences(withSteps(doc, steps), (target) => (removed.has(target) ? undefined : target));
}

export function isValidStepName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name);
}

/** Renames a step in place (keeping its position in the document) and rewrites every reference to it. */
export function renameStep(doc: WorkflowDocument, from: string, to: string): WorkflowDocument {
  if (from === to) return doc;
  if (!(from in doc.steps)) return doc;
  if (to in doc.steps) throw new Error(`A step named "${to}" already exists.`);
  if (!isValidStepName(to)) throw new Error(`"${to}" is not a valid step name: use letters, digits, "_" or "-", starting with a letter.`);
  const steps: Record<string, StepDefinition> = {};
  for (const [name, step] of Object.entries(doc.steps)) steps[name === from ? to : name] = step;
  return rewriteReferences(withSteps(doc, steps), (target) => (target === from ? to : target));
}

/**
 * Routes `outcome` of `source` to `target`. Connecting the `*` handle writes the string form;
 * connecting a named outcome writes the map form (a previous string form is replaced by the map).
 */
export function connect(doc: WorkflowDocument, source: string, outcome: string, target: string): WorkflowDocument {
  if (!(source in doc.steps) || !(target in doc.steps)) return doc;
  return updateStep(doc, source, (step) => {
    if (outcome === everyOutcome) return { ...step, next: target };
    const map = typeof step.next === 'object' ? { ...step.next } : {};
    map[outcome] = target;
    return { ...step, next: map };
  });
}

export function disconnect(doc: WorkflowDocument, source: string, outcome: string): WorkflowDocument {
  return updateStep(doc, source, (step) => {
    const copy = { ...step };
    if (outcome === everyOutcome || typeof step.next === 'string') delete copy.next;
    else if (step.next) {
      const map = { ...step.next };
      delete map[outcome];
      if (Object.keys(map).length) copy.next = map;
      else delete copy.next;
    }
    return copy;
  });
}

export function moveSteps(doc: WorkflowDocument, positions: Record<string, { x: number; y: number }>): WorkflowDocument {
  let changed = false;
  const steps: Record<string, StepDefinition> = {};
  for (const [name, step] of Object.entries(doc.steps)) {
    const position = positions[name];
    if (position && (step.layout?.x !== position.x || step.layout?.y !== position.y)) {
      steps[name] = { ...step, layout: { x: Math.round(position.x), y: Math.round(position.y) } };
      changed = true;
    } else steps[name] = step;
  }
  return changed ? withSteps(doc, steps) : doc;
}

/** What copy puts on the clipboard: the steps and only the transitions among them. */
export interface StepClipboard {
  kind: 'omsflow.steps';
  steps: Record<string, StepDefinition>;
}

export function copySteps(doc: WorkflowDocument, names: Iterable<string>): StepClipboard {
  const picked = new Set(names);
  const steps: Record<string, StepDefinition> = {};
  for (const [name, step] of Object.entries(doc.steps)) {
    if (!picked.has(name)) continue;
    const copy: StepDefinition = structuredClone(step);
    const next = retarget(copy.next, (target) => (picked.has(target) ? target : undefined));
    if (next === undefined) delete copy.next;
    else copy.next = next;
    if (copy.compensate !== undefined && !picked.has(copy.compensate)) delete copy.compensate;
    steps[name] = copy;
  }
  return { kind: 'omsflow.steps', steps };
}

/** Pastes steps under fresh names (rewiring their inner transitions), offset so they don't hide the originals. */
export function pasteSteps(
  doc: WorkflowDocument,
  clipboard: StepClipboard,
  offset = { x: 40, y: 40 },
): { doc: WorkflowDocument; pasted: string[] } {
  const renames = new Map<string, string>();
  const taken = new Set<string>();
  for (const [name, step] of Object.entries(clipboard.steps)) {
    const fresh = name in doc.steps || taken.has(name) ? uniqueStepName(doc, name.replace(/\d+$/, '') || step.activity, taken) : name;
    taken.add(fresh);
    renames.set(name, fresh);
  }
  const steps = { ...doc.steps };
  for (const [name, step] of Object.entries(clipboard.steps)) {
    const copy: StepDefinition = structuredClone(step);
    const next = retarget(copy.next, (target) => renames.get(target));
    if (next === undefined) delete copy.next;
    else copy.next = next;
    if (copy.compensate !== undefined) copy.compensate = renames.get(copy.compensate);
    if (copy.compensate === undefined) delete copy.compensate;
    if (copy.layout) copy.layout = { x: copy.layout.x + offset.x, y: copy.layout.y + offset.y };
    steps[renames.get(name)!] = copy;
  }
  return { doc: withSteps(doc, steps), pasted: [...renames.values()] };
}

export function emptyWorkflow(id: string, name?: string): WorkflowDocument {
  return { id, name: name ?? id, steps: {} };
}
