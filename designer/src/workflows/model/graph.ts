import type { Edge, Node } from '@xyflow/react';
import type { ActivityDescriptor, Problem, WorkflowDocument } from '../../api/types';
import type { StepChange } from './diff';
import { everyOutcome, transitionsOf } from './document';
import { positionsFor } from './layout';
import { edgeId, type StepRunState } from './overlay';
import { problemsByStep } from './problems';

/** What a step node draws. */
export interface StepNodeData extends Record<string, unknown> {
  name: string;
  activity: string;
  description?: string;
  category?: string;
  /** Outcome handles in the order they are drawn: the descriptor's, then any routed only in `next`. */
  outcomes: string[];
  blocking: boolean;
  isStart: boolean;
  unknownActivity: boolean;
  problems: Problem[];
  runState?: StepRunState;
  runOutcome?: string;
  change?: StepChange;
}

export type StepNode = Node<StepNodeData, 'step'>;

export interface TransitionEdgeData extends Record<string, unknown> {
  outcome: string;
  taken?: boolean;
}

export type TransitionEdge = Edge<TransitionEdgeData>;

export interface GraphDecorations {
  problems?: Problem[];
  runStates?: Map<string, StepRunState>;
  runOutcomes?: Map<string, string>;
  takenEdges?: Set<string>;
  changes?: Map<string, StepChange>;
  selected?: Set<string>;
  /** Outcomes added in the property panel for dynamic-outcome activities but not routed yet. */
  extraOutcomes?: Record<string, string[]>;
}

/** Outcome handles a step shows: declared ones, then ones its `next` map routes, then pending extras. */
export function outcomesOf(
  stepNext: WorkflowDocument['steps'][string]['next'],
  descriptor: ActivityDescriptor | undefined,
  extra: string[] = [],
): string[] {
  const outcomes = [...(descriptor?.outcomes ?? [])];
  if (stepNext && typeof stepNext === 'object') for (const key of Object.keys(stepNext)) if (!outcomes.includes(key)) outcomes.push(key);
  for (const key of extra) if (!outcomes.includes(key)) outcomes.push(key);
  return outcomes;
}

/**
 * The canvas view of a document: one node per step (at its saved layout, or laid out when missing)
 * and one edge per transition, from the outcome's handle (`*` for a string `next`) to the target.
 * Transitions to unknown steps draw no edge; validation reports them on the step instead.
 */
export function documentToGraph(
  doc: WorkflowDocument,
  catalog: Map<string, ActivityDescriptor>,
  decorations: GraphDecorations = {},
): { nodes: StepNode[]; edges: TransitionEdge[] } {
  const positions = positionsFor(doc);
  const byStep = problemsByStep(decorations.problems ?? []);
  const nodes: StepNode[] = [];
  const edges: TransitionEdge[] = [];
  const start = doc.start ?? Object.keys(doc.steps)[0];
  for (const [name, step] of Object.entries(doc.steps)) {
    const descriptor = catalog.get(step.activity);
    nodes.push({
      id: name,
      type: 'step',
      position: positions[name] ?? { x: 0, y: 0 },
      selected: decorations.selected?.has(name) ?? false,
      data: {
        name,
        activity: step.activity,
        description: step.description,
        category: descriptor?.category,
        outcomes: outcomesOf(step.next, descriptor, decorations.extraOutcomes?.[name]),
        blocking: descriptor?.blocking ?? false,
        isStart: name === start,
        unknownActivity: catalog.size > 0 && !descriptor,
        problems: byStep.get(name) ?? [],
        runState: decorations.runStates?.get(name),
        runOutcome: decorations.runOutcomes?.get(name),
        change: decorations.changes?.get(name),
      },
    });
    for (const [outcome, target] of transitionsOf(step)) {
      if (!(target in doc.steps)) continue;
      const id = edgeId(name, outcome, target);
      const taken = decorations.takenEdges?.has(id);
      edges.push({
        id,
        source: name,
        sourceHandle: outcome,
        target,
        targetHandle: 'in',
        label: outcome === everyOutcome ? undefined : outcome,
        data: { outcome, taken },
        className: taken ? 'edge-taken' : decorations.takenEdges ? 'edge-not-taken' : undefined,
        animated: taken && decorations.runStates?.get(target) === 'running',
      });
    }
  }
  return { nodes, edges };
}

/** Reads a `sourceHandle` back as the outcome it stands for. */
export function outcomeOfHandle(handle: string | null | undefined): string {
  return handle ?? everyOutcome;
}
