import { describe, expect, it } from 'vitest';
import { approvalFlow, catalog } from '../../test/fixtures';
import { connect } from './document';
import { documentToGraph, outcomeOfHandle } from './graph';

describe('documentToGraph', () => {
  it('draws a node per step in document order and an edge per transition', () => {
    const { nodes, edges } = documentToGraph(approvalFlow(), catalog);
    expect(nodes.map((n) => n.id)).toEqual(['check', 'approve', 'ship', 'reject', 'end']);
    expect(edges.map((e) => e.id)).toEqual([
      'check:true->approve',
      'check:false->ship',
      'approve:approved->ship',
      'approve:rejected->reject',
      'ship:*->end',
      'reject:*->end',
    ]);
    const approved = edges.find((e) => e.id === 'approve:approved->ship')!;
    expect(approved.sourceHandle).toBe('approved');
    expect(approved.label).toBe('approved');
    expect(edges.find((e) => e.id === 'ship:*->end')!.label).toBeUndefined();
  });

  it('shows the descriptor outcomes as handles, plus outcomes only routed in next', () => {
    const doc = connect(approvalFlow(), 'check', 'maybe', 'end');
    const { nodes } = documentToGraph(doc, catalog, { extraOutcomes: { check: ['later'] } });
    expect(nodes[0].data.outcomes).toEqual(['true', 'false', 'maybe', 'later']);
    expect(nodes[1].data.blocking).toBe(true);
    expect(nodes[0].data.isStart).toBe(true);
  });

  it('marks unknown activities and skips edges to unknown steps', () => {
    const doc = approvalFlow();
    doc.steps.ship = { activity: 'Teleport', next: 'nowhere' };
    const { nodes, edges } = documentToGraph(doc, catalog);
    expect(nodes.find((n) => n.id === 'ship')!.data.unknownActivity).toBe(true);
    expect(edges.some((e) => e.source === 'ship')).toBe(false);
  });

  it('uses saved layout and lays out steps without one', () => {
    const doc = approvalFlow();
    doc.steps.check.layout = { x: 500, y: 7 };
    const { nodes } = documentToGraph(doc, catalog);
    expect(nodes[0].position).toEqual({ x: 500, y: 7 });
    expect(nodes[1].position.y).toBeGreaterThan(0);
  });

  it('attaches problems to the node they name', () => {
    const { nodes } = documentToGraph(approvalFlow(), catalog, {
      problems: [{ code: 'missing-input', message: 'role is required', severity: 'error', step: 'approve', field: 'inputs.role' }],
    });
    expect(nodes[1].data.problems).toHaveLength(1);
    expect(nodes[0].data.problems).toHaveLength(0);
  });

  it('a connection from a handle round-trips to the same transition', () => {
    const { edges } = documentToGraph(approvalFlow(), catalog);
    for (const edge of edges) {
      const rebuilt = connect({ ...approvalFlow(), steps: { ...approvalFlow().steps } }, edge.source, outcomeOfHandle(edge.sourceHandle), edge.target);
      expect(rebuilt.steps[edge.source].next).toEqual(approvalFlow().steps[edge.source].next);
    }
  });
});
