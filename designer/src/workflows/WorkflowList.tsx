import { useRef, useState, type FormEvent } from 'react';
import { api, messageOf } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatTime } from '../common/format';
import { useAsync } from '../common/useAsync';
import { hrefFor, navigate } from '../shell/router';
import { emptyWorkflow, isValidStepName } from './model/document';

/** Lists workflows with their published/draft state; creates a new draft or imports a YAML/JSON file. */
export function WorkflowList() {
  const { can } = useSession();
  const list = useAsync(() => api.workflows(), []);
  const [filter, setFilter] = useState('');
  const [newId, setNewId] = useState('');
  const [actionError, setActionError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const id = newId.trim();
    if (!isValidStepName(id)) {
      setActionError('A workflow id uses letters, digits, "_" or "-" and starts with a letter, e.g. order-fulfilment.');
      return;
    }
    if (list.data?.items.some((w) => w.id === id)) {
      setActionError(`A workflow "${id}" already exists; open it from the list.`);
      return;
    }
    try {
      await api.saveDraft(emptyWorkflow(id));
      navigate({ screen: 'workflow', id });
    } catch (e) {
      setActionError(messageOf(e));
    }
  };

  const importFile = async (file: File) => {
    setActionError(undefined);
    try {
      const format = /\.json$/i.test(file.name) ? 'json' : 'yaml';
      const result = await api.importWorkflow(await file.text(), format);
      navigate({ screen: 'workflow', id: result.id });
    } catch (e) {
      setActionError(messageOf(e));
    }
  };

  const items = (list.data?.items ?? []).filter((w) =>
    `${w.id} ${w.name} ${w.description}`.toLowerCase().includes(filter.toLowerCase()),
  );

  return (
    <section className="page" aria-labelledby="workflows-title">
      <div className="page-head">
        <h1 id="workflows-title">Workflows</h1>
        <input
          type="search"
          aria-label="Filter workflows"
          placeholder="Filter…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {can.editDrafts && (
          <>
            <form onSubmit={create} className="inline-form">
              <label htmlFor="new-workflow-id">New workflow id</label>
              <input id="new-workflow-id" value={newId} onChange={(e) => setNewId(e.target.value)} placeholder="order-fulfilment" />
              <button type="submit" className="primary">
                Create
              </button>
            </form>
            <button type="button" onClick={() => fileInput.current?.click()}>
              Import…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".yaml,.yml,.json"
              hidden
              aria-label="Workflow file to import"
              onChange={(e) => e.target.files?.[0] && importFile(e.target.files[0])}
            />
          </>
        )}
      </div>
      {actionError && (
        <p role="alert" className="error-text">
          {actionError}
        </p>
      )}
      <ErrorMessage error={list.error} retry={list.reload} />
      {list.loading && !list.data && <p role="status">Loading workflows…</p>}
      {list.data && (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">Published</th>
              <th scope="col">Latest</th>
              <th scope="col">Draft</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={hrefFor({ screen: 'workflow', id: w.id })}>{w.name || w.id}</a>
                  <div className="muted">
                    {w.id}
                    {w.description ? ` — ${w.description}` : ''}
                  </div>
                </td>
                <td>{w.publishedVersion ?? '—'}</td>
                <td>{w.latestVersion ?? '—'}</td>
                <td>{w.hasDraft ? <span className="badge">draft</span> : '—'}</td>
                <td>{formatTime(w.updatedAt)}</td>
              </tr>
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {filter ? 'No workflow matches the filter.' : 'No workflows yet. Create one or import a YAML file.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
