import { json } from './client';

export type ReleaseStatus = 'active' | 'scheduled' | 'superseded' | 'rolled-back';

export interface ReleaseItem {
  kind: string;
  id: string;
  version: number;
  hash: string;
}

/** A release: the set of definition versions that went live together, GET /api/releases. */
export interface Release {
  id: string;
  number: number;
  author: string;
  note: string;
  createdAt: string;
  activateAt: string | null;
  status: ReleaseStatus;
  items: ReleaseItem[];
}

export interface ReleaseChange {
  kind: string;
  id: string;
  change: 'added' | 'removed' | 'changed';
  details: string[];
}

const enc = encodeURIComponent;

export const releasesApi = {
  list: () => json<{ items: Release[] }>('/api/releases'),
  diff: (from: string, to: string) => json<{ changes: ReleaseChange[] }>(`/api/releases/diff?from=${enc(from)}&to=${enc(to)}`),
  rollback: (id: string) => json<unknown>(`/api/releases/${enc(id)}/rollback`, { method: 'POST' }),
};
