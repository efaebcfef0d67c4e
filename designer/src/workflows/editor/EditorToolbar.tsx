import { useState } from 'react';
import { api, messageOf, problemsOf } from '../../api/client';
import type { Problem, WorkflowDetail, WorkflowDocument } from '../../api/types';
import { useSession } from '../../auth/session';
import { downloadText } from '../../common/format';
import { hrefFor } from '../../shell/router';
import { shortcutHelp } from './shortcuts';
import type { DocumentHistory } from './useDocumentHistory';

interface Props {
  doc: WorkflowDocument;
  detail?: WorkflowDetail;
  version?: number;
  dirty: boolean;
  readOnly: boolean;
  diffLabel?: string;
  history: DocumentHistory;
  problems: Problem[];
  onSaved: (doc: WorkflowDocument, problems: Problem[]) => void;
  onProblems: (problems: Problem[]) => void;
  onPublished: (version: number) => void;
  onAutoLayout: () => void;
  onCloseDiff: () => void;
  onReload: () => void;
}

/** Title, state and commands of the editor: undo/redo, layout, save, publish, discard, export. */
export function EditorToolbar(props: Props) {
  const { doc, detail, version, dirty, readOnly, history } = props;
  const { can } = useSession();
  const [status, setStatus] = useState<{ text: string; error?: boolean }>();
  const [publishing, setPublishing] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = props.problems.filter((p) => p.severity === 'error').length;

  const act = async (label: string, action: () => Promise<string>) => {
    setBusy(true);
    setStatus({ text: `${label}…` });
    try {
      setStatus({ text: await action() });
    } catch (e) {
      const problems = problemsOf(e);
      if (problems.length) props.onProblems(problems);
      setStatus({ text: messageOf(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    act('Saving', async () => {
      const result = await api.saveDraft(doc);
      props.onSaved(doc, result.problems);
      const count = result.problems.filter((p) => p.severity === 'error').length;
      return count ? `Draft saved with ${count} error${count > 1 ? 's' : ''}; fix them before publishing.` : 'Draft saved.';
    });

  const publish = () =>
    act('Publishing', async () => {
      if (dirty) props.onSaved(doc, (await api.saveDraft(doc)).problems);
      const result = await api.publish(doc.id, note);
      setPublishing(false);
      setNote('');
      props.onPublished(result.version);
      return `Published version ${result.version}.`;
    });

  const exportAs = (format: 'yaml' | 'json') =>
    act('Exporting', async () => {
      const text = await api.exportWorkflow(doc.id, format, version);
      downloadText(`${doc.id}${version ? `.v${version}` : ''}.${format}`, text, format === 'yaml' ? 'application/yaml' : 'application/json');
      return `Exported ${format.toUpperCase()}.`;
    });

  return (
    <div className="toolbar" role="toolbar" aria-label="Workflow commands">
      <h1 className="editor-title">
        <a href={hrefFor({ screen: 'workflows' })}>Workflows</a> / {doc.name || doc.id}
        {version !== undefined && <span className="badge">v{version} (read-only)</span>}
        {version === undefined && detail?.publishedVersion != null && <span className="badge">published v{detail.publishedVersion}</span>}
        {dirty && <span className="badge warning" title="Unsaved changes">unsaved</span>}
      </h1>
      {props.diffLabel ? (
        <>
          <span className="diff-legend">
            Diff {props.diffLabel}: <span className="change-added">added</span> <span className="change-removed">removed</span> <span className="change-changed">changed</span>
          </span>
          <button type="button" onClick={props.onCloseDiff}>
            Close diff
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={history.undo} disabled={readOnly || !history.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
            ↶
          </button>
          <button type="button" onClick={history.redo} disabled={readOnly || !history.canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
            ↷
          </button>
          <button type="button" onClick={props.onAutoLayout} disabled={readOnly} title="Auto-layout (Alt+L)">
            Auto-layout
          </button>
        </>
      )}
      {version !== undefined && <a href={hrefFor({ screen: 'workflow', id: doc.id })}>Back to the draft</a>}
      <span className="spacer" />
      <span className="status" role="status" aria-live="polite">
        {status && <span className={status.error ? 'error-text' : undefined}>{status.text}</span>}
      </span>
      {version === undefined && can.editDrafts && (
        <button type="button" id="save-draft" onClick={save} disabled={busy || readOnly} title="Save draft (Ctrl+S)">
          Save draft
        </button>
      )}
      {version === undefined && can.editDrafts && detail?.hasDraft && (
        <button
          type="button"
          onClick={() =>
            window.confirm('Discard the draft and go back to the published version?') &&
            act('Discarding', async () => {
              await api.deleteDraft(doc.id);
              props.onReload();
              return 'Draft discarded.';
            })
          }
          disabled={busy || !!props.diffLabel}
        >
          Discard draft
        </button>
      )}
      {version === undefined && can.publish && (
        <button type="button" className="primary" onClick={() => setPublishing(true)} disabled={busy || !!props.diffLabel} title={errors ? 'Fix the errors first' : 'Publish a new version'}>
          Publish…
        </button>
      )}
      <button type="button" onClick={() => exportAs('yaml')} disabled={busy}>
        Export YAML
      </button>
      <button type="button" onClick={() => exportAs('json')} disabled={busy}>
        Export JSON
      </button>
      <details className="shortcuts">
        <summary>Shortcuts</summary>
        <dl>
          {shortcutHelp.map(([keys, what]) => (
            <div key={keys}>
              <dt>{keys}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </details>
      {publishing && (
        <div className="dialog-backdrop">
          <form
            role="dialog"
            aria-modal="true"
            aria-labelledby="publish-title"
            className="dialog"
            onSubmit={(e) => {
              e.preventDefault();
              void publish();
            }}
            onKeyDown={(e) => e.key === 'Escape' && setPublishing(false)}
          >
            <h2 id="publish-title">Publish {doc.id}</h2>
            {errors > 0 && <p className="error-text">The draft has {errors} error{errors > 1 ? 's' : ''}; the server will refuse to publish it.</p>}
            <label htmlFor="publish-note">Release note</label>
            <textarea id="publish-note" autoFocus rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changed and why" />
            <div className="row">
              <button type="submit" className="primary" disabled={busy}>
                Publish
              </button>
              <button type="button" onClick={() => setPublishing(false)}>
                Cancel
              </button>
            </div>
          </form>
        </div>
      )}
    </div>
  );
}
