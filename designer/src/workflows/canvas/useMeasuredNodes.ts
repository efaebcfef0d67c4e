import type { NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import type { StepNode } from '../model/graph';

type Size = { width: number; height: number };

/**
 * Nodes are derived from the document on every render, so the sizes React Flow measures would be lost;
 * this keeps them and puts them back on the nodes (the minimap and fit-view need them).
 */
export function useMeasuredNodes(nodes: StepNode[]): [StepNode[], (changes: NodeChange<StepNode>[]) => void] {
  const [sizes, setSizes] = useState<Record<string, Size>>({});
  const withSizes = useMemo(() => nodes.map((node) => (sizes[node.id] ? { ...node, measured: sizes[node.id] } : node)), [nodes, sizes]);
  const onDimensions = useCallback((changes: NodeChange<StepNode>[]) => {
    const measured = changes.filter((c) => c.type === 'dimensions' && c.dimensions);
    if (!measured.length) return;
    setSizes((current) => {
      let next = current;
      for (const change of measured) {
        if (change.type !== 'dimensions' || !change.dimensions) continue;
        const previous = current[change.id];
        if (previous?.width === change.dimensions.width && previous?.height === change.dimensions.height) continue;
        if (next === current) next = { ...current };
        next[change.id] = change.dimensions;
      }
      return next;
    });
  }, []);
  return [withSizes, onDimensions];
}
