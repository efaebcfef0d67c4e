import type { StepDefinition, WorkflowDocument } from '../../api/types';
import { transitionsOf } from './document';

/** Size the layout reserves for one node; the canvas draws nodes no bigger than this. */
export const nodeSize = { width: 200, height: 84 };
const gap = { x: 70, y: 36 };

export interface Point {
  x: number;
  y: number;
}

/**
 * A layered (Sugiyama-style) left-to-right layout, small enough to own instead of pulling in dagre:
 * 1. layers by longest path from the start step over the graph with back edges (loops) removed;
 * 2. placeholders where an edge crosses a layer, then order inside each layer by the barycenter of the
 *    neighbours, a few sweeps down and up;
 * 3. coordinates: layers as columns, nodes stacked and centred in their column.
 * Steps the start does not reach are laid out from their own roots after the reachable part.
 */
export function layeredLayout(doc: WorkflowDocument): Record<string, Point> {
  const names = Object.keys(doc.steps);
  if (names.length === 0) return {};
  const successors = new Map<string, string[]>();
  for (const name of names) {
    const targets = transitionsOf(doc.steps[name])
      .map(([, target]) => target)
      .filter((target) => target in doc.steps);
    successors.set(name, [...new Set(targets)]);
  }

  // Depth-first search from the start, then from every unvisited root, marks back edges so loops don't stretch layers.
  const backEdges = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  const visitOrder: string[] = [];
  const visit = (root: string) => {
    const stack: Array<{ name: string; index: number }> = [{ name: root, index: 0 }];
    state.set(root, 'active');
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const targets = successors.get(frame.name)!;
      if (frame.index < targets.length) {
        const target = targets[frame.index++];
        const seen = state.get(target);
        if (seen === 'active') backEdges.add(`${frame.name}->${target}`);
        else if (seen === undefined) {
          state.set(target, 'active');
          stack.push({ name: target, index: 0 });
        }
      } else {
        state.set(frame.name, 'done');
        visitOrder.push(frame.name);
        stack.pop();
      }
    }
  };
  const hasIncoming = new Set(names.flatMap((n) => successors.get(n)!));
  const start = doc.start && doc.start in doc.steps ? doc.start : names[0];
  visit(start);
  for (const name of names) if (!state.has(name) && !hasIncoming.has(name)) visit(name);
  for (const name of names) if (!state.has(name)) visit(name);

  // Longest-path layering in topological order (reverse post-order of the DFS) over forward edges.
  const layer = new Map<string, number>();
  const topological = [...visitOrder].reverse();
  for (const name of topological) if (!layer.has(name)) layer.set(name, 0);
  for (const name of topological) {
    for (const target of successors.get(name)!) {
      if (backEdges.has(`${name}->${target}`)) continue;
      layer.set(target, Math.max(layer.get(target) ?? 0, layer.get(name)! + 1));
    }
  }

  // Edges spanning several layers get a placeholder in each layer they cross, so ordering keeps them apart
  // from real nodes and the space they pass through stays empty (edges don't run behind steps).
  const successorsWithPlaceholders = new Map<string, string[]>(names.map((n) => [n, []]));
  const predecessors = new Map<string, string[]>(names.map((n) => [n, []]));
  const link = (from: string, to: string) => {
    successorsWithPlaceholders.get(from)!.push(to);
    predecessors.get(to)!.push(from);
  };
  let placeholderCount = 0;
  for (const name of names) {
    for (const target of successors.get(name)!) {
      if (backEdges.has(`${name}->${target}`)) continue;
      let previous = name;
      for (let l = layer.get(name)! + 1; l < layer.get(target)!; l++) {
        const placeholder = `\u0000${placeholderCount++}`;
        layer.set(placeholder, l);
        successorsWithPlaceholders.set(placeholder, []);
        predecessors.set(placeholder, []);
        link(previous, placeholder);
        previous = placeholder;
      }
      link(previous, target);
    }
  }

  const rows: string[][] = [];
  for (const name of layer.keys()) (rows[layer.get(name)!] ??= []).push(name);
  // Real steps keep document order as the starting order; placeholders follow.
  const documentIndex = new Map(names.map((n, i) => [n, i]));
  for (const row of rows) row?.sort((a, b) => (documentIndex.get(a) ?? Infinity) - (documentIndex.get(b) ?? Infinity));
  const position = new Map<string, number>();
  rows.forEach((row) => row?.forEach((name, i) => position.set(name, i)));
  const barycenter = (neighbours: string[], fallback: number) =>
    neighbours.length ? neighbours.reduce((sum, n) => sum + position.get(n)!, 0) / neighbours.length : fallback;
  for (let sweep = 0; sweep < 6; sweep++) {
    const downward = sweep % 2 === 0;
    const order = downward ? [...rows.keys()] : [...rows.keys()].reverse();
    for (const r of order) {
      const row = rows[r];
      if (!row) continue;
      const weight = new Map(
        row.map((name) => [name, barycenter(downward ? predecessors.get(name)! : successorsWithPlaceholders.get(name)!, position.get(name)!)]),
      );
      row.sort((a, b) => weight.get(a)! - weight.get(b)! || position.get(a)! - position.get(b)!);
      row.forEach((name, i) => position.set(name, i));
    }
  }

  // Layers become columns (the flow reads left to right); each column is centred on the tallest one.
  const heightOf = (name: string) => (documentIndex.has(name) ? estimatedHeight(doc.steps[name]) : placeholderHeight);
  const columnHeight = (row: string[]) => row.reduce((sum, name) => sum + heightOf(name), 0) + gap.y * (row.length - 1);
  const tallest = Math.max(...rows.map((row) => (row ? columnHeight(row) : 0)));
  const result: Record<string, Point> = {};
  rows.forEach((row, r) => {
    if (!row) return;
    let y = (tallest - columnHeight(row)) / 2;
    for (const name of row) {
      if (documentIndex.has(name)) result[name] = { x: r * (nodeSize.width + gap.x), y: Math.round(y) };
      y += heightOf(name) + gap.y;
    }
  });
  return result;
}

const placeholderHeight = 24;

/** Height a step's node needs: a header plus one row per outcome handle (routed ones and "any"). */
export function estimatedHeight(step: StepDefinition): number {
  const routed = step.next && typeof step.next === 'object' ? Object.keys(step.next).length : 1;
  return Math.max(nodeSize.height, 52 + 18 * (routed + 1));
}

/** Positions for steps that have no saved layout, so a hand-written YAML file opens laid out. */
export function positionsFor(doc: WorkflowDocument): Record<string, Point> {
  const missing = Object.values(doc.steps).some((step) => !step.layout);
  const computed = missing ? layeredLayout(doc) : {};
  const result: Record<string, Point> = {};
  for (const [name, step] of Object.entries(doc.steps)) result[name] = step.layout ?? computed[name];
  return result;
}

/** The nearest place at or to the right of `at` where a new node overlaps no step, so an added step stays visible. */
export function freeSpot(doc: WorkflowDocument, at: Point): Point {
  const taken = Object.values(doc.steps)
    .map((step) => step.layout)
    .filter((p): p is Point => !!p);
  const overlaps = (p: Point) => taken.some((t) => Math.abs(t.x - p.x) < nodeSize.width + 10 && Math.abs(t.y - p.y) < nodeSize.height + 10);
  const spot = { x: Math.round(at.x), y: Math.round(at.y) };
  for (let i = 0; i < 500 && overlaps(spot); i++) spot.x += Math.round(nodeSize.width / 2);
  return spot;
}
