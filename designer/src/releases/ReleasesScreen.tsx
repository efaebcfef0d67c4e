import { Fragment, useState } from 'react';
import { ApiError, messageOf } from '../api/client';
import { releasesApi, type Release, type ReleaseChange } from '../api/releases';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatTime } from '../common/format';
import { useAsync } from '../common/useAsync';

/**
 * Release history for operations: who released what and when, with which note; the diff between two releases; and
 * rollback of the active release (ops role).
 */
export default function ReleasesScreen() {
  const { can } = useSession();
  const list = useAsync(() => releasesApi.list(), []);
  const [open, setOpen] = useState<string>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<{ from: string; to: string; changes: ReleaseChange[] }>();
  const [diffError, setDiffError] = useState<string>();
  const [confirming, setConfirming] = useState<Release>();
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();

  if (list.error instanceof ApiError && list.error.status === 404)
    return (
      <section className="page" aria-labelledby="releases-title">
        <h1 id="releases-title">Releases</h1>
        <p role="status">Releases are not available on this server.</p>
      </section>
    );

  const releases = [...(list.data?.items ?? [])].sort((a, b) => b.number - a.number);
  const label = (r: Release) => `#${r.number}${r.note ? ` — ${r.note}` : ''}`;

  const compare = async (fromId: string, toId: string) => {
    setDiffError(undefined);
    setFrom(fromId);
    setTo(toId);
    try {
      setDiff({ from: fromId, to: toId, changes: (await releasesApi.diff(fromId, toId)).changes });
    } catch (e) {
      setDiff(undefined);
      setDiffError(messageOf(e));
    }
  };

  const rollBack = async (release: Release) => {
    setActionError(undefined);
    try {
      await releasesApi.rollback(release.id);
      setNotice(`Release #${release.number} was rolled back.`);
      list.reload();
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setConfirming(undefined);
    }
  };

  return (
    <section className="page" aria-labelledby="releases-title">
      <div className="page-head">
        <h1 id="releases-title">Releases</h1>
        <span role="status" className="muted">
          {notice}
        </span>
      </div>
      {actionError && (
        <p role="alert" className="error-text">
          {actionError}
        </p>
      )}
      <ErrorMessage error={list.error} retry={list.reload} />
      {list.loading && !list.data ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : releases.length === 0 ? (
        <p className="muted">Nothing has been released yet.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Release</th>
              <th scope="col">Status</th>
              <th scope="col">Author</th>
              <th scope="col">Note</th>
              <th scope="col">Created</th>
              <th scope="col">Activates</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((release, i) => {
              const previous = releases[i + 1];
              return (
                <Fragment key={release.id}>
                  <tr aria-label={`Release ${release.number}`}>
                    <td>
                      <button type="button" className="link" aria-expanded={open === release.id} onClick={() => setOpen(open === release.id ? undefined : release.id)}>
                        #{release.number}
                      </button>
                    </td>
                    <td>
                      <span className={`release-status ${release.status}`}>{release.status}</span>
                    </td>
                    <td>{release.author}</td>
                    <td>{release.note}</td>
                    <td>{formatTime(release.createdAt)}</td>
                    <td>{formatTime(release.activateAt)}</td>
                    <td className="inline-form">
                      {previous && (
                        <button type="button" onClick={() => void compare(previous.id, release.id)}>
                          Changes since #{previous.number}
                        </button>
                      )}
                      {can.rollBack && release.status === 'active' && (
                        <button type="button" onClick={() => setConfirming(release)}>
                          Roll back…
                        </button>
                      )}
                    </td>
                  </tr>
                  {open === release.id && (
                    <tr>
                      <td colSpan={7}>
                        <ul aria-label={`Contents of release ${release.number}`} className="release-items">
                          {release.items.map((item) => (
                            <li key={`${item.kind}/${item.id}`}>
                              <span className="badge">{item.kind}</span> {item.id} v{item.version} <code className="muted">{item.hash.slice(0, 12)}</code>
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {releases.length > 1 && (
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (from && to) void compare(from, to);
          }}
        >
          <label className="field">
            From
            <select value={from} onChange={(e) => setFrom(e.target.value)}>
              <option value="">Choose…</option>
              {releases.map((r) => (
                <option key={r.id} value={r.id}>
                  {label(r)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            To
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">Choose…</option>
              {releases.map((r) => (
                <option key={r.id} value={r.id}>
                  {label(r)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!from || !to || from === to}>
            Compare
          </button>
        </form>
      )}
      {diffError && (
        <p role="alert" className="error-text">
          {diffError}
        </p>
      )}
      {diff && (
        <section aria-label="Release changes" className="release-diff">
          <h2>
            Changes from #{releases.find((r) => r.id === diff.from)?.number} to #{releases.find((r) => r.id === diff.to)?.number}
          </h2>
          {diff.changes.length === 0 ? (
            <p className="muted">The two releases contain the same versions.</p>
          ) : (
            <ul>
              {diff.changes.map((c) => (
                <li key={`${c.kind}/${c.id}`}>
                  <span className={`change-${c.change}`}>{c.change}</span> <span className="badge">{c.kind}</span> {c.id}
                  {c.details.length > 0 && (
                    <ul>
                      {c.details.map((d, i) => (
                        <li key={i}>{d}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {confirming && (
        <div className="dialog-backdrop">
          <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="rollback-title">
            <h2 id="rollback-title">Roll back release #{confirming.number}?</h2>
            <p>The server undoes release #{confirming.number}; the release before it becomes active again.</p>
            <div className="row">
              <button type="button" className="danger" onClick={() => void rollBack(confirming)} autoFocus>
                Roll back
              </button>
              <button type="button" onClick={() => setConfirming(undefined)}>
                Cancel
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
