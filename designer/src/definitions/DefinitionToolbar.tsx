import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session';
import type { DefinitionDocument } from './useDefinitionDocument';

interface Props {
  title: string;
  document: DefinitionDocument;
  /** Extra controls of the kind's editor (e.g. a raw-source toggle), shown after the draft actions. */
  children?: React.ReactNode;
}

/**
 * Draft and publish actions shared by rule sets, tables and templates. Analysts save drafts; publishing is for the
 * ops role (the server enforces it; this hides what a role cannot do).
 */
export function DefinitionToolbar({ title, document, children }: Props) {
  const { can } = useSession();
  const [publishing, setPublishing] = useState(false);
  const [note, setNote] = useState('');
  const { detail, dirty, busy, problems } = document;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const nothingToPublish = !detail?.hasDraft && !dirty;

  const publish = async (event: FormEvent) => {
    event.preventDefault();
    if (await document.publish(note)) {
      setPublishing(false);
      setNote('');
    }
  };

  return (
    <div className="toolbar" role="toolbar" aria-label={`${title} actions`}>
      <h1 className="editor-title">{title}</h1>
      <span className="badge">{detail?.publishedVersion ? `published v${detail.publishedVersion}` : 'never published'}</span>
      {detail?.hasDraft && <span className="badge">draft</span>}
      {dirty && <span className="badge warning-text">unsaved changes</span>}
      {can.editDrafts && (
        <button type="button" onClick={() => void document.save()} disabled={busy || !dirty}>
          Save draft
        </button>
      )}
      {can.editDrafts && detail?.hasDraft && (
        <button type="button" onClick={() => void document.discard()} disabled={busy}>
          Discard draft
        </button>
      )}
      {can.publish &&
        (publishing ? (
          <form className="inline-form" onSubmit={publish}>
            <label>
              Release note <input value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
            </label>
            <button type="submit" disabled={busy || errors > 0 || nothingToPublish}>
              Publish now
            </button>
            <button type="button" onClick={() => setPublishing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button
            type="button"
            onClick={() => setPublishing(true)}
            disabled={busy || errors > 0 || nothingToPublish}
            title={errors ? 'Fix the errors before publishing' : nothingToPublish ? 'There is no draft to publish' : undefined}
          >
            Publish…
          </button>
        ))}
      {children}
      <span role="status" className="muted">
        {document.notice}
      </span>
      {document.actionError && (
        <span role="alert" className="error-text">
          {document.actionError}
        </span>
      )}
    </div>
  );
}
