import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useMemo, type DragEvent } from 'react';
import type { ActivityDescriptor, WorkflowDocument } from '../../api/types';
import { minimapNodeColor, nodeTypes } from '../canvas/StepNodeView';
import { initialFit } from '../canvas/initialFit';
import { useMeasuredNodes } from '../canvas/useMeasuredNodes';
import { connect, disconnect, moveSteps, removeSteps } from '../model/document';
import { documentToGraph, outcomeOfHandle, type GraphDecorations, type StepNode } from '../model/graph';
import { activityDragType } from './Toolbox';

interface Props {
  doc: WorkflowDocument;
  catalog: Map<string, ActivityDescriptor>;
  decorations: GraphDecorations;
  readOnly: boolean;
  onCommit: (doc: WorkflowDocument) => void;
  onApply: (edit: (doc: WorkflowDocument) => WorkflowDocument) => void;
  onTransient: (doc: WorkflowDocument) => void;
  onSettle: () => void;
  onSelectionChange: (selected: Set<string>) => void;
  onDropActivity: (activityType: string, position: { x: number; y: number }) => void;
}

/**
 * The editable canvas. React Flow is controlled: nodes and edges are derived from the document each
 * render, and every change React Flow reports is turned back into a document edit.
 */
export function EditorCanvas({ doc, catalog, decorations, readOnly, onCommit, onApply, onTransient, onSettle, onSelectionChange, onDropActivity }: Props) {
  const flow = useReactFlow<StepNode>();
  const graph = useMemo(() => documentToGraph(doc, catalog, decorations), [doc, catalog, decorations]);
  const selected = decorations.selected ?? new Set<string>();
  const [nodes, onDimensions] = useMeasuredNodes(graph.nodes);

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNode>[]) => {
      onDimensions(changes);
      const positions: Record<string, { x: number; y: number }> = {};
      let dragging = false;
      let dragEnded = false;
      let selection: Set<string> | undefined;
      const removed: string[] = [];
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          positions[change.id] = change.position;
          dragging ||= !!change.dragging;
        } else if (change.type === 'position' && change.dragging === false) dragEnded = true;
        else if (change.type === 'select') {
          selection ??= new Set(selected);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        } else if (change.type === 'remove') removed.push(change.id);
      }
      if (!readOnly && Object.keys(positions).length) {
        const moved = moveSteps(doc, positions);
        if (dragging) onTransient(moved);
        else onCommit(moved);
      }
      if (dragEnded) onSettle();
      if (!readOnly && removed.length) onApply((current) => removeSteps(current, removed));
      if (selection) onSelectionChange(selection);
    },
    [doc, readOnly, selected, onCommit, onApply, onTransient, onSettle, onSelectionChange, onDimensions],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      if (readOnly) return;
      const removed = changes
        .filter((change) => change.type === 'remove')
        .map((change) => graph.edges.find((e) => e.id === change.id))
        .filter((edge) => edge !== undefined);
      if (!removed.length) return;
      onApply((current) => removed.reduce((next, edge) => disconnect(next, edge.source, outcomeOfHandle(edge.sourceHandle)), current));
    },
    [graph.edges, readOnly, onApply],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (readOnly || !connection.source || !connection.target) return;
      onCommit(connect(doc, connection.source, outcomeOfHandle(connection.sourceHandle), connection.target));
    },
    [doc, readOnly, onCommit],
  );

  const onDragOver = (event: DragEvent) => {
    if (readOnly || !event.dataTransfer.types.includes(activityDragType)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(activityDragType);
    if (readOnly || !type) return;
    event.preventDefault();
    onDropActivity(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <div className="canvas" role="region" aria-label="Workflow canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView
        fitViewOptions={initialFit(graph.nodes)}
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
        <MiniMap pannable zoomable ariaLabel="Overview of the workflow" nodeColor={minimapNodeColor} nodeStrokeWidth={2} style={{ width: 160, height: 110 }} />
      </ReactFlow>
    </div>
  );
}
