import type { FitViewOptions } from '@xyflow/react';
import type { StepNode } from '../model/graph';

/** Steps shown when a canvas opens; a larger workflow opens on its beginning at a readable zoom instead of as dots. */
const openingSteps = 8;

export function initialFit(nodes: StepNode[]): FitViewOptions<StepNode> {
  const start = nodes.find((n) => n.data.isStart);
  if (nodes.length <= openingSteps) return { padding: 0.1, maxZoom: 1 };
  const opening = [start, ...nodes.filter((n) => n !== start)].filter((n): n is StepNode => !!n).slice(0, openingSteps);
  return { nodes: opening.map((n) => ({ id: n.id })), padding: 0.1, minZoom: 0.5, maxZoom: 1 };
}
