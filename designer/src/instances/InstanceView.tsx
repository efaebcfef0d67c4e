import { useEffect, useMemo, useState } from 'react';
import { api, messageOf } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatJson, formatTime } from '../common/format';
import { JournalView } from '../common/JournalView';
import { useAsync } from '../common/useAsync';
import { hrefFor } from '../shell/router';
import { ReadOnlyCanvas } from '../workflows/canvas/ReadOnlyCanvas';
import type { GraphDecorations } from '../workflows/model/graph';
import { runOverlay } from '../workflows/model/overlay';
import { useActivities } from '../workflows/useActivities';
import { TaskCard } from '../tasks/TaskInbox';

const live = new Set(['Running', 'Suspended']);

/** One instance: its path on the canvas of the version it runs, journal, variables, incidents and operator actions. */
export default function InstanceView({ instanceId }: { instanceId: string }) {
  const { can } = useSession();
  const { catalog } = useActivities();
  const [watching, setWatching] = useState(true);
  // Polling stops by itself once the instance can no longer change (completed, faulted or cancelled).
  const [finished, setFinished] = useState(false);
  const pollMs = watching && !finished ? 2000 : undefined;
  const instance = useAsync(() => api.instance(instanceId), [instanceId], pollMs);
  const journal = useAsync(() => api.journal(instanceId), [instanceId], pollMs);
  const tasks = useAsync(() => (can.completeTasks ? api.tasks() : Promise.resolve({ items: [] })), [instanceId], pollMs);
  const data = instance.data;
  useEffect(() => setFinished(!!data && !live.has(data.status)), [data]);
  const definition = useAsync(() => (data ? api.version(data.workflowId, data.version) : Promise.resolve(undefined)), [data?.workflowId, data?.version]);
  const [signalName, setSignalName] = useState('');
  const [signalData, setSignalData] = useState('{}');
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();

  const decorations = useMemo<GraphDecorations | undefined>(() => {
    if (!data || !definition.data) return undefined;
    const overlay = runOverlay(definition.data, journal.data?.items ?? [], data.bookmarks, data.incidents);
    return { runStates: overlay.steps, runOutcomes: overlay.outcomes, takenEdges: overlay.edges };
  }, [data, definition.data, journal.data]);

  if (instance.error && !data) return <ErrorMessage error={instance.error} retry={instance.reload} />;
  if (!data) return <p role="status">Loading instance…</p>;
  const stillLive = live.has(data.status);

  const act = async (label: string, action: () => Promise<void>) => {
    setStatus({ text: `${label}…` });
    try {
      await action();
      setStatus({ text: `${label}: done.` });
      instance.reload();
      journal.reload();
    } catch (e) {
      setStatus({ text: messageOf(e), error: true });
    }
  };

  return (
    <section className="page instance" aria-labelledby="instance-title">
      <div className="page-head">
        <h1 id="instance-title">
          <a href={hrefFor({ screen: 'instances' })}>Instances</a> / {data.id}
        </h1>
        <span className={`status ${data.status}`}>{data.status}</span>
        <span>
          <a href={hrefFor({ screen: 'workflow', id: data.workflowId, version: data.version })}>
            {data.workflowId} v{data.version}
          </a>
        </span>
        {data.correlationKey && <span>Order {data.correlationKey}</span>}
        <label className="checkbox">
          <input type="checkbox" checked={watching && stillLive} disabled={!stillLive} onChange={(e) => setWatching(e.target.checked)} />
          Live updates
        </label>
        {can.operateInstances && (
          <>
            <button type="button" disabled={data.status !== 'Faulted' && !data.incidents.some((i) => !i.resolvedAt)} onClick={() => act('Retry', () => api.retry(data.id))}>
              Retry
            </button>
            <button type="button" className="danger" disabled={!stillLive && data.status !== 'Faulted'} onClick={() => window.confirm(`Cancel instance ${data.id}? Compensation runs for completed steps.`) && act('Cancel', () => api.cancel(data.id))}>
              Cancel
            </button>
          </>
        )}
        <span role="status" aria-live="polite" className={status?.error ? 'error-text' : 'muted'}>
          {status?.text}
        </span>
      </div>
      <ErrorMessage error={definition.error} />
      <div className="instance-body">
        {definition.data && decorations ? (
          <ReadOnlyCanvas doc={definition.data} catalog={catalog} decorations={decorations} ariaLabel={`Path of instance ${data.id}`} />
        ) : (
          <div className="canvas" />
        )}
        <aside className="side-panel" aria-label="Instance details">
          {data.incidents.length > 0 && (
            <section>
              <h2>Incidents</h2>
              <ul>
                {data.incidents.map((i) => (
                  <li key={i.id} className={i.resolvedAt ? 'muted' : 'error-text'}>
                    <strong>{i.step}</strong> (attempt {i.attempt}, {formatTime(i.createdAt)}): {i.error}
                    {i.resolvedAt && ` — resolved ${formatTime(i.resolvedAt)}`}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {(tasks.data?.items ?? []).filter((t) => t.instanceId === data.id).map((task) => (
            <TaskCard
              key={task.id}
              task={task}
              onDone={() => {
                tasks.reload();
                instance.reload();
                journal.reload();
              }}
            />
          ))}
          {data.bookmarks.length > 0 && (
            <section>
              <h2>Waiting for</h2>
              <ul>
                {data.bookmarks.map((b) => (
                  <li key={b.id}>
                    <strong>{b.step}</strong>: {b.kind} “{b.name}”{b.dueAt ? ` due ${formatTime(b.dueAt)}` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {can.operateInstances && stillLive && (
            <form
              className="signal-form"
              onSubmit={(e) => {
                e.preventDefault();
                let payload: unknown;
                try {
                  payload = JSON.parse(signalData || 'null');
                } catch (err) {
                  setStatus({ text: `Signal data is not valid JSON: ${(err as Error).message}`, error: true });
                  return;
                }
                void act(`Signal ${signalName}`, () => api.signal(data.id, signalName, payload));
              }}
            >
              <h2>Send a signal</h2>
              <label htmlFor="signal-name">Signal name</label>
              <input id="signal-name" list="signal-names" required value={signalName} onChange={(e) => setSignalName(e.target.value)} />
              <datalist id="signal-names">
                {data.bookmarks.filter((b) => b.kind === 'signal').map((b) => (
                  <option key={b.id} value={b.name} />
                ))}
              </datalist>
              <label htmlFor="signal-data">Data (JSON)</label>
              <textarea id="signal-data" rows={3} value={signalData} onChange={(e) => setSignalData(e.target.value)} />
              <button type="submit">Send</button>
            </form>
          )}
          <details open>
            <summary>Variables</summary>
            <pre>{formatJson(data.variables)}</pre>
          </details>
          <details>
            <summary>Input and outputs</summary>
            <h4>Input</h4>
            <pre>{formatJson(data.input)}</pre>
            <h4>Outputs</h4>
            <pre>{formatJson(data.outputs)}</pre>
          </details>
          <section>
            <h2>Journal</h2>
            <ErrorMessage error={journal.error} retry={journal.reload} />
            <JournalView entries={journal.data?.items ?? []} />
          </section>
        </aside>
      </div>
    </section>
  );
}
