import type { Bookmark, Incident, JournalEntry, WorkflowDocument } from '../../api/types';
import { everyOutcome } from './document';

/** How a step looks when a run is drawn on the canvas. */
export type StepRunState = 'done' | 'running' | 'waiting' | 'faulted' | 'compensated';

export interface RunOverlay {
  steps: Map<string, StepRunState>;
  /** Transitions taken, as canvas edge ids (see {@link edgeId}). */
  edges: Set<string>;
  /** Outcome each step completed with, last one wins (loops). */
  outcomes: Map<string, string>;
}

/**
 * Derives the path a run took from its journal, bookmarks and incidents: a step that completed is done,
 * one that started but did not finish is running, a bookmark makes it waiting, a fault or an open incident
 * makes it faulted. An edge is taken when its source completed with an outcome it routes (or `next` is a
 * string) and its target shows up in the journal afterwards; a completion with no routed outcome takes every
 * transition whose target shows up afterwards.
 */
export function runOverlay(
  doc: WorkflowDocument,
  journal: JournalEntry[],
  bookmarks: Bookmark[] = [],
  incidents: Incident[] = [],
): RunOverlay {
  const steps = new Map<string, StepRunState>();
  const outcomes = new Map<string, string>();
  const edges = new Set<string>();
  const ordered = [...journal].sort((a, b) => a.seq - b.seq);
  const completions: Array<{ step: string; outcomes: string[]; seq: number }> = [];
  // Every journal entry of a step shows it was reached; the engine writes no separate "started" entry.
  const reachedAt = new Map<string, number[]>();
  for (const entry of ordered) {
    if (!entry.step) continue;
    (reachedAt.get(entry.step) ?? reachedAt.set(entry.step, []).get(entry.step)!).push(entry.seq);
    switch (entry.kind) {
      case 'started':
      case 'resumed':
      case 'iterating':
        steps.set(entry.step, 'running');
        break;
      case 'completed':
        steps.set(entry.step, 'done');
        if (entry.outcome) outcomes.set(entry.step, entry.outcome);
        // A step that completes with several outcomes at once (a fork) journals them comma-separated.
        completions.push({ step: entry.step, outcomes: entry.outcome ? entry.outcome.split(',').map((o) => o.trim()) : [], seq: entry.seq });
        break;
      case 'faulted':
        steps.set(entry.step, 'faulted');
        break;
      case 'suspended':
        steps.set(entry.step, 'waiting');
        break;
      case 'compensating':
        steps.set(entry.step, 'compensated');
        break;
      default:
        break;
    }
  }
  const reachedAfter = (target: string, seq: number) => (reachedAt.get(target) ?? []).some((s) => s > seq);
  for (const { step, outcomes: completedWith, seq } of completions) {
    const next = doc.steps[step]?.next;
    if (next === undefined) continue;
    if (typeof next === 'string') {
      if (reachedAfter(next, seq)) edges.add(edgeId(step, everyOutcome, next));
      continue;
    }
    const routed = completedWith.filter((o) => o in next);
    for (const [handle, target] of Object.entries(next)) {
      if ((routed.length ? routed.includes(handle) : true) && reachedAfter(target, seq)) edges.add(edgeId(step, handle, target));
    }
  }
  for (const bookmark of bookmarks) if (bookmark.step) steps.set(bookmark.step, 'waiting');
  for (const incident of incidents) if (!incident.resolvedAt) steps.set(incident.step, 'faulted');
  return { steps, edges, outcomes };
}

/** The id of the canvas edge for one transition. */
export function edgeId(source: string, outcome: string, target: string): string {
  return `${source}:${outcome}->${target}`;
}
