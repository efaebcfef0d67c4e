import { useState } from 'react';
import { api, messageOf } from '../../api/client';
import type { WorkflowDocument } from '../../api/types';
import { ErrorMessage } from '../../common/ErrorMessage';
import { formatTime } from '../../common/format';
import { useAsync } from '../../common/useAsync';
import { hrefFor } from '../../shell/router';

/** `draft` stands for the document in the editor. */
export type VersionRef = number | 'draft';

interface Props {
  workflowId: string;
  draft: WorkflowDocument;
  canEdit: boolean;
  refreshKey: number;
  onRevert: (doc: WorkflowDocument, version: number) => void;
  onDiff: (before: WorkflowDocument, after: WorkflowDocument, label: string) => void;
}

/** Published versions: view one, revert to it as a new draft, or diff any two (or a version and the draft). */
export function VersionsPanel({ workflowId, draft, canEdit, refreshKey, onRevert, onDiff }: Props) {
  const versions = useAsync(() => api.versions(workflowId), [workflowId, refreshKey]);
  const items = versions.data?.items ?? [];
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('draft');
  const [error, setError] = useState<string>();

  const load = (ref: string): Promise<WorkflowDocument> => (ref === 'draft' ? Promise.resolve(draft) : api.version(workflowId, Number(ref)));
  const label = (ref: string) => (ref === 'draft' ? 'draft' : `v${ref}`);
  const fromRef = from || (items.length ? String(items[items.length - 1].version) : '');

  return (
    <section className="versions" aria-label="Versions">
      <ErrorMessage error={versions.error} retry={versions.reload} />
      {items.length === 0 && !versions.loading && <p className="muted">Not published yet.</p>}
      {items.length > 0 && (
        <>
          <form
            className="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              setError(undefined);
              try {
                const [before, after] = await Promise.all([load(fromRef), load(to)]);
                onDiff(before, after, `${label(fromRef)} → ${label(to)}`);
              } catch (err) {
                setError(messageOf(err));
              }
            }}
          >
            <label htmlFor="diff-from">Compare</label>
            <select id="diff-from" value={fromRef} onChange={(e) => setFrom(e.target.value)}>
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <label htmlFor="diff-to">with</label>
            <select id="diff-to" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="draft">the draft</option>
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}
                </option>
              ))}
            </select>
            <button type="submit">Show diff</button>
          </form>
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <table className="grid compact">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Published</th>
                <th scope="col">Note</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...items].reverse().map((v) => (
                <tr key={v.version}>
                  <td>
                    <a href={hrefFor({ screen: 'workflow', id: workflowId, version: v.version })}>v{v.version}</a>
                  </td>
                  <td>
                    {formatTime(v.publishedAt)}
                    <div className="muted">{v.publishedBy}</div>
                  </td>
                  <td>{v.note || <span className="muted">—</span>}</td>
                  <td>
                    {canEdit && (
                      <button
                        type="button"
                        onClick={async () => {
                          try {
                            onRevert(await api.version(workflowId, v.version), v.version);
                          } catch (err) {
                            setError(messageOf(err));
                          }
                        }}
                      >
                        Revert to this
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
