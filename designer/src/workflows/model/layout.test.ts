import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../api/types';
import { approvalFlow } from '../../test/fixtures';
import { estimatedHeight, freeSpot, layeredLayout, nodeSize } from './layout';

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }) {
  return Math.abs(a.x - b.x) < nodeSize.width && Math.abs(a.y - b.y) < nodeSize.height;
}

describe('layeredLayout', () => {
  it('places every step right of the steps that lead to it', () => {
    const positions = layeredLayout(approvalFlow());
    expect(positions.check.x).toBeLessThan(positions.approve.x);
    expect(positions.approve.x).toBeLessThan(positions.ship.x);
    expect(positions.ship.x).toBeLessThan(positions.end.x);
    expect(positions.reject.x).toBeLessThan(positions.end.x);
  });

  it('leaves room for steps with many outcomes', () => {
    const doc: WorkflowDocument = {
      id: 'w',
      start: 'a',
      steps: {
        a: { activity: 'X', next: { one: 'b', two: 'c', three: 'd', four: 'e', five: 'f' } },
        b: { activity: 'X', next: { x: 'g', y: 'g', z: 'g', w: 'g' } },
        c: { activity: 'X' }, d: { activity: 'X' }, e: { activity: 'X' }, f: { activity: 'X' }, g: { activity: 'X' },
      },
    };
    const positions = layeredLayout(doc);
    const column = ['b', 'c', 'd', 'e', 'f'].map((n) => ({ n, y: positions[n].y })).sort((p, q) => p.y - q.y);
    for (let i = 1; i < column.length; i++) {
      const above = column[i - 1];
      expect(column[i].y - above.y).toBeGreaterThanOrEqual(estimatedHeight(doc.steps[above.n]));
    }
  });

  it('never overlaps two nodes', () => {
    const positions = Object.values(layeredLayout(approvalFlow()));
    for (let i = 0; i < positions.length; i++)
      for (let j = i + 1; j < positions.length; j++) expect(overlaps(positions[i], positions[j])).toBe(false);
  });

  it('keeps loops from stretching layers and terminates on cycles', () => {
    const doc: WorkflowDocument = {
      id: 'loop',
      start: 'a',
      steps: { a: { activity: 'X', next: 'b' }, b: { activity: 'X', next: { again: 'a', done: 'c' } }, c: { activity: 'X' } },
    };
    const positions = layeredLayout(doc);
    expect(positions.a.x).toBeLessThan(positions.b.x);
    expect(positions.b.x).toBeLessThan(positions.c.x);
  });

  it('lays out unreachable steps too', () => {
    const doc: WorkflowDocument = { id: 'w', start: 'a', steps: { a: { activity: 'X' }, orphan: { activity: 'X', next: 'a' } } };
    const positions = layeredLayout(doc);
    expect(Object.keys(positions).sort()).toEqual(['a', 'orphan']);
    expect(overlaps(positions.a, positions.orphan)).toBe(false);
  });

  it('handles 200 steps with branches and gives each its own place', () => {
    const steps: WorkflowDocument['steps'] = {};
    for (let i = 0; i < 200; i++) steps[`s${i}`] = { activity: 'X', next: i + 2 < 200 ? { a: `s${i + 1}`, b: `s${i + 2}` } : undefined };
    const positions = layeredLayout({ id: 'big', start: 's0', steps });
    const keys = new Set(Object.values(positions).map((p) => `${p.x},${p.y}`));
    expect(keys.size).toBe(200);
  });
});

describe('freeSpot', () => {
  it('keeps a free position and moves right past occupied ones', () => {
    const doc: WorkflowDocument = { id: 'w', steps: { a: { activity: 'X', layout: { x: 0, y: 0 } }, b: { activity: 'X', layout: { x: 120, y: 0 } } } };
    expect(freeSpot(doc, { x: 0, y: 500 })).toEqual({ x: 0, y: 500 });
    const spot = freeSpot(doc, { x: 10, y: 10 });
    expect(spot.y).toBe(10);
    expect(Object.values(doc.steps).every((s) => !overlaps(s.layout!, spot))).toBe(true);
  });
});
