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

/** The server's release JSON (GET /api/releases, /api/releases/{id}). */
interface ServerRelease {
  id: number;
  state: ReleaseStatus;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  activateAt: string | null;
  items: ReleaseItem[] | null;
}

interface ServerDiff {
  definitions: { kind: string; id: string; change: string; changes: { change: string; subject: string; field?: string | null; before?: unknown; after?: unknown }[] }[];
}

const toRelease = (r: ServerRelease): Release => ({
  id: String(r.id),
  number: r.id,
  author: r.createdBy ?? '',
  note: r.note ?? '',
  createdAt: r.createdAt,
  activateAt: r.activateAt,
  status: r.state,
  items: r.items ?? [],
});

const word = (change: string): ReleaseChange['change'] => (change === 'added' || change === 'removed' ? change : 'changed');

export const releasesApi = {
  /** Newest first, each with its contents (the list endpoint leaves them out, so each release is read once). */
  list: async (): Promise<{ items: Release[] }> => {
    const listed = await json<{ items: ServerRelease[] }>('/api/releases');
    const full = await Promise.all(listed.items.map((r) => json<ServerRelease>(`/api/releases/${r.id}`)));
    return { items: full.map(toRelease).sort((a, b) => b.number - a.number) };
  },
  diff: async (from: string, to: string): Promise<{ changes: ReleaseChange[] }> => {
    const diff = await json<ServerDiff>(`/api/releases/diff?from=${enc(from)}&to=${enc(to)}`);
    return {
      changes: diff.definitions.map((d) => ({
        kind: d.kind,
        id: d.id,
        change: word(d.change),
        details: d.changes.map((c) => [c.change, c.subject, c.field].filter(Boolean).join(' ')),
      })),
    };
  },
  /**
   * Undoes release `id`: the server's rollback makes an earlier release active again, so this rolls back to the newest
   * release before `id` that is still in force (not itself rolled back).
   */
  rollback: async (id: string): Promise<unknown> => {
    const { items } = await json<{ items: ServerRelease[] }>('/api/releases');
    const target = items
      .filter((r) => r.id < Number(id) && r.state !== 'rolled-back')
      .sort((a, b) => b.id - a.id)[0];
    if (!target) {
      throw new Error(`Release #${id} is the first release; there is nothing earlier to go back to.`);
    }
    return json<unknown>(`/api/releases/${target.id}/rollback`, { method: 'POST', body: { note: `Undo release #${id}` } });
  },
};
