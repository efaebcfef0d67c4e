import { useState } from 'react';
import { api, messageOf } from '../api/client';
import type { HumanTask } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatTime } from '../common/format';
import { useAsync } from '../common/useAsync';
import { hrefFor } from '../shell/router';

/** Open human tasks (approvals) for a role, refreshed every 2 s; each can be completed with an outcome and comment. */
export default function TaskInbox() {
  const { me } = useSession();
  const [role, setRole] = useState<string>('');
  const tasks = useAsync(() => api.tasks(role || undefined), [role], 2000);
  return (
    <section className="page" aria-labelledby="tasks-title">
      <div className="page-head">
        <h1 id="tasks-title">Tasks</h1>
        <label>
          Role{' '}
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="">all I can see</option>
            {me.roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={tasks.error} retry={tasks.reload} />
      {!tasks.data && tasks.loading && <p role="status">Loading tasks…</p>}
      {tasks.data?.items.length === 0 && <p className="muted">Nothing waiting for you.</p>}
      <ul className="task-list">
        {tasks.data?.items.map((task) => (
          <li key={task.id}>
            <TaskCard task={task} onDone={tasks.reload} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function TaskCard({ task, onDone }: { task: HumanTask; onDone: () => void }) {
  const form = task.form ?? [];
  const outcomes = task.outcomes ?? [];
  const [comment, setComment] = useState('');
  const [data, setData] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const prefix = `task-${task.id}`;

  const complete = async (outcome: string) => {
    const missing = form.filter((f) => f.required && (data[f.name] === undefined || data[f.name] === ''));
    if (missing.length) {
      setError(`Fill in ${missing.map((f) => f.label).join(', ')} first.`);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await api.completeTask(task.id, outcome, comment, data);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="task" aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{task.title}</h2>
      <p className="muted">
        <a href={hrefFor({ screen: 'instance', id: task.instanceId })}>
          {task.workflowId} · {task.step}
        </a>
        {task.correlationKey && ` · order ${task.correlationKey}`} · for {task.role} · since {formatTime(task.createdAt)}
        {task.dueAt && ` · due ${formatTime(task.dueAt)}`}
      </p>
      {form.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={`${prefix}-${field.name}`}>
            {field.label}
            {field.required && <span aria-hidden="true"> *</span>}
          </label>
          {field.type === 'bool' ? (
            <input id={`${prefix}-${field.name}`} type="checkbox" checked={!!data[field.name]} onChange={(e) => setData({ ...data, [field.name]: e.target.checked })} />
          ) : (
            <input
              id={`${prefix}-${field.name}`}
              type={field.type === 'int' || field.type === 'decimal' ? 'number' : 'text'}
              required={field.required}
              value={String(data[field.name] ?? '')}
              onChange={(e) => setData({ ...data, [field.name]: field.type === 'int' || field.type === 'decimal' ? (e.target.value === '' ? undefined : Number(e.target.value)) : e.target.value })}
            />
          )}
        </div>
      ))}
      <label htmlFor={`${prefix}-comment`}>Comment</label>
      <textarea id={`${prefix}-comment`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {outcomes.length === 0 && <p className="error-text">This task declares no outcomes, so it cannot be completed here.</p>}
      <div className="row">
        {outcomes.map((outcome) => (
          <button key={outcome} type="button" className={/reject|deny|decline/i.test(outcome) ? 'danger' : 'primary'} disabled={busy} onClick={() => complete(outcome)}>
            {outcome.charAt(0).toUpperCase() + outcome.slice(1)}
          </button>
        ))}
      </div>
    </article>
  );
}
