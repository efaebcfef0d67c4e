import type { FitViewOptions } from '@xyflow/react';
import type { StepNode } from '../model/graph';

/** Up to this many steps a canvas opens showing them all; a larger workflow opens on its first steps at a readable zoom. */
const wholeWorkflowUpTo = 12;
const openingSteps = 4;

export function initialFit(nodes: StepNode[]): FitViewOptions<StepNode> {
  const start = nodes.find((n) => n.data.isStart);
  if (nodes.length <= wholeWorkflowUpTo) return { padding: 0.1, maxZoom: 1 };
  const opening = [start, ...nodes.filter((n) => n !== start)].filter((n): n is StepNode => !!n).slice(0, openingSteps);
  return { nodes: opening.map((n) => ({ id: n.id })), padding: 0.1, minZoom: 0.5, maxZoom: 1 };
}
