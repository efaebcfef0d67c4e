import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import type { ActivityDescriptor, WorkflowDocument } from '../../api/types';
import { documentToGraph, type GraphDecorations } from '../model/graph';
import { minimapNodeColor, nodeTypes } from './StepNodeView';
import { initialFit } from './initialFit';
import { useMeasuredNodes } from './useMeasuredNodes';

interface Props {
  doc: WorkflowDocument;
  catalog: Map<string, ActivityDescriptor>;
  decorations?: GraphDecorations;
  ariaLabel: string;
  onSelectStep?: (step: string) => void;
}

/** A canvas to look at, not edit: instance paths, test runs on published versions, version diffs. */
export function ReadOnlyCanvas({ doc, catalog, decorations, ariaLabel, onSelectStep }: Props) {
  const graph = useMemo(() => documentToGraph(doc, catalog, decorations), [doc, catalog, decorations]);
  const [nodes, onDimensions] = useMeasuredNodes(graph.nodes);
  return (
    <div className="canvas" role="region" aria-label={ariaLabel}>
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          onNodesChange={onDimensions}
          edges={graph.edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={!!onSelectStep}
          onNodeClick={(_, node) => onSelectStep?.(node.id)}
          fitView
          fitViewOptions={initialFit(graph.nodes)}
          minZoom={0.1}
          onlyRenderVisibleElements
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable ariaLabel="Overview" nodeColor={minimapNodeColor} nodeStrokeWidth={2} style={{ width: 160, height: 110 }} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
