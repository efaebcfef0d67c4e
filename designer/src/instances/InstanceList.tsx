import { useState, type FormEvent } from 'react';
import { api, type InstanceFilter } from '../api/client';
import type { InstanceStatus } from '../api/types';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatTime } from '../common/format';
import { useAsync } from '../common/useAsync';
import { hrefFor } from '../shell/router';

const statuses: InstanceStatus[] = ['Running', 'Suspended', 'Completed', 'Faulted', 'Cancelled'];
const pageSize = 50;

/** Instances with filters (status, workflow, correlation key, incidents, time range), paged and refreshed every 2 s. */
export default function InstanceList() {
  const [filter, setFilter] = useState<InstanceFilter>({ page: 1, pageSize });
  const [form, setForm] = useState<InstanceFilter>({});
  const list = useAsync(() => api.instances(filter), [JSON.stringify(filter)], 2000);
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({
      ...form,
      from: form.from ? new Date(form.from).toISOString() : undefined,
      to: form.to ? new Date(form.to).toISOString() : undefined,
      page: 1,
      pageSize,
    });
  };

  return (
    <section className="page" aria-labelledby="instances-title">
      <h1 id="instances-title">Instances</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter instances">
        <label>
          Status
          <select value={form.status ?? ''} onChange={(e) => setForm({ ...form, status: e.target.value || undefined })}>
            <option value="">any</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Workflow
          <input value={form.workflowId ?? ''} onChange={(e) => setForm({ ...form, workflowId: e.target.value || undefined })} />
        </label>
        <label>
          Order / correlation key
          <input value={form.correlationKey ?? ''} onChange={(e) => setForm({ ...form, correlationKey: e.target.value || undefined })} />
        </label>
        <label>
          From
          <input type="datetime-local" value={form.from ?? ''} onChange={(e) => setForm({ ...form, from: e.target.value || undefined })} />
        </label>
        <label>
          To
          <input type="datetime-local" value={form.to ?? ''} onChange={(e) => setForm({ ...form, to: e.target.value || undefined })} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={!!form.hasIncident} onChange={(e) => setForm({ ...form, hasIncident: e.target.checked || undefined })} />
          With open incident
        </label>
        <button type="submit" className="primary">
          Apply
        </button>
      </form>
      <ErrorMessage error={list.error} retry={list.reload} />
      {!data && list.loading && <p role="status">Loading instances…</p>}
      {data && (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">Instance</th>
                <th scope="col">Workflow</th>
                <th scope="col">Status</th>
                <th scope="col">Correlation</th>
                <th scope="col">At</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <a href={hrefFor({ screen: 'instance', id: i.id })}>{i.id}</a>
                  </td>
                  <td>
                    {i.workflowId} <span className="muted">v{i.version}</span>
                  </td>
                  <td>
                    <span className={`status ${i.status}`}>{i.status}</span>
                  </td>
                  <td>{i.correlationKey ?? '—'}</td>
                  <td>{i.activeSteps.join(', ') || '—'}</td>
                  <td>{formatTime(i.updatedAt)}</td>
                </tr>
              ))}
              {data.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No instance matches these filters.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={data.page <= 1} onClick={() => setFilter({ ...filter, page: data.page - 1 })}>
              Previous
            </button>
            <span>
              Page {data.page} of {data.totalCapped ? `${pages}+` : pages} ({data.total.toLocaleString()}{data.totalCapped ? '+' : ''} instances)
            </span>
            <button type="button" disabled={data.page >= pages} onClick={() => setFilter({ ...filter, page: data.page + 1 })}>
              Next
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
