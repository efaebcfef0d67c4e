import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatJson } from '../common/format';
import { DefinitionProblems } from '../definitions/DefinitionProblems';
import { DefinitionToolbar } from '../definitions/DefinitionToolbar';
import { templateSkeleton } from '../definitions/skeletons';
import { useDefinitionDocument } from '../definitions/useDefinitionDocument';
import { LazyCodeEditor } from '../editors/LazyCodeEditor';
import { hrefFor } from '../shell/router';
import { partOf, parseTemplateSet, serializeTemplateSet, suggestedParts, type TemplateSetDocument } from './templateModel';
import { TemplatePreview } from './TemplatePreview';

const sampleTab = '#sample';
const partialPrefix = '#partial:';
const autosaveDelayMs = 800;

/**
 * A template set: its Handlebars parts in CodeMirror with the server's variable problems (line:column) on the part
 * and line they name, its sample data, and a live preview beside it (the draft autosaves while live preview is on).
 */
export default function TemplateEditor({ templateId }: { templateId: string }) {
  const { can } = useSession();
  const document = useDefinitionDocument('templates', templateId, templateSkeleton);
  const parsed = useMemo(() => parseTemplateSet(document.text), [document.text]);
  const [tab, setTab] = useState<string>();
  const [showSource, setShowSource] = useState(false);
  const [live, setLive] = useState(true);
  const [revision, setRevision] = useState(0);
  const [newPart, setNewPart] = useState('');
  const [sampleText, setSampleText] = useState<string>();
  const readOnly = !can.editDrafts;
  const { dirty, save } = document;

  // Live preview renders the stored draft, so edits are saved a moment after typing stops.
  useEffect(() => {
    if (!live || readOnly || !dirty) return;
    const timer = window.setTimeout(() => void save().then((ok) => ok && setRevision((r) => r + 1)), autosaveDelayMs);
    return () => window.clearTimeout(timer);
  }, [live, readOnly, dirty, save]);

  if (document.loadError) return <ErrorMessage error={document.loadError} retry={document.reload} />;
  if (!document.detail) return <p className="loading" role="status">Loading template set…</p>;

  const set = parsed.ok ? parsed.document : undefined;
  const parts = set ? Object.keys(set.parts).sort() : [];
  const partialTabs = (set?.partials ?? []).map((_, i) => `${partialPrefix}${i}`);
  const current = tab && (tab === sampleTab || parts.includes(tab) || partialTabs.includes(tab)) ? tab : (parts[0] ?? sampleTab);
  const partialIndex = current.startsWith(partialPrefix) ? Number(current.slice(partialPrefix.length)) : -1;
  const partial = partialIndex >= 0 ? set?.partials[partialIndex] : undefined;
  const apply = (next: TemplateSetDocument) => document.setText(serializeTemplateSet(next));
  const problemsOfPart = (part: string) => document.problems.filter((p) => partOf(p) === part);
  const partProblems = current === sampleTab ? document.problems.filter((p) => p.field === 'sample') : partial ? [] : problemsOfPart(current);
  const missing = set ? suggestedParts(set.kind).filter((p) => !parts.includes(p)) : [];

  const addPart = (name: string) => {
    const part = name.trim().replace(/\.hbs$/, '');
    if (!set || !part || parts.includes(part)) return;
    apply({ ...set, parts: { ...set.parts, [part]: '' } });
    setTab(part);
    setNewPart('');
  };
  const removePart = (part: string) => {
    if (!set) return;
    const rest = { ...set.parts };
    delete rest[part];
    apply({ ...set, parts: rest });
    setTab(undefined);
  };
  const editSample = (text: string) => {
    setSampleText(text);
    if (!set) return;
    try {
      apply({ ...set, sample: JSON.parse(text) as unknown });
    } catch {
      // Keep typing: the sample is applied once it is JSON again.
    }
  };

  return (
    <div className="definition-editor">
      <DefinitionToolbar title={`Template ${templateId}`} document={document}>
        <a href={hrefFor({ screen: 'definitions', kind: 'templates' })}>All templates</a>
        {set?.kind && <span className="badge">{set.kind}</span>}
        <label className="checkbox">
          <input type="checkbox" checked={showSource || !parsed.ok} disabled={!parsed.ok} onChange={(e) => setShowSource(e.target.checked)} />
          JSON source
        </label>
        {!readOnly && (
          <label className="checkbox">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
            Live preview (saves the draft as you type)
          </label>
        )}
      </DefinitionToolbar>
      <div className="definition-body template-body">
        <div className="definition-main">
          {!parsed.ok && (
            <p role="alert" className="error-text">
              {parsed.message}
            </p>
          )}
          {showSource || !set ? (
            <LazyCodeEditor language="json" value={document.text} onChange={document.setText} ariaLabel="Template set JSON" readOnly={readOnly} minLines={20} />
          ) : (
            <>
              <div className="tabs" role="tablist" aria-label="Parts of the template set">
                {[...parts, sampleTab, ...partialTabs].map((p, i) => {
                  const count = p === sampleTab || p.startsWith(partialPrefix) ? 0 : problemsOfPart(p).length;
                  const shared = p.startsWith(partialPrefix) ? set.partials[i - parts.length - 1] : undefined;
                  return (
                    <button key={p} type="button" role="tab" aria-selected={p === current} className={p === current ? 'active' : undefined} onClick={() => setTab(p)}>
                      {p === sampleTab ? 'Sample data' : shared ? `${shared.name} (${shared.mode} partial)` : p}
                      {count > 0 && <span className="badge error-text">{count}</span>}
                    </button>
                  );
                })}
              </div>
              {partial ? (
                <>
                  <p className="muted">A shared partial, stored with this set's versions so a published version renders the same later.</p>
                  <LazyCodeEditor
                    key={current}
                    language="handlebars"
                    value={partial.content}
                    onChange={(value) => apply({ ...set, partials: set.partials.map((p, i) => (i === partialIndex ? { ...p, content: value } : p)) })}
                    ariaLabel={`Shared partial ${partial.name} (${partial.mode})`}
                    readOnly={readOnly}
                    minLines={16}
                  />
                </>
              ) : current === sampleTab ? (
                <LazyCodeEditor language="json" value={sampleText ?? formatJson(set.sample ?? {})} onChange={editSample} ariaLabel="Sample data (JSON)" readOnly={readOnly} minLines={16} />
              ) : (
                <LazyCodeEditor
                  key={current}
                  language="handlebars"
                  value={set.parts[current] ?? ''}
                  onChange={(value) => apply({ ...set, parts: { ...set.parts, [current]: value } })}
                  ariaLabel={`Template part ${current}`}
                  ariaDescribedBy={partProblems.length ? 'part-problems' : undefined}
                  invalid={partProblems.some((p) => p.severity === 'error')}
                  markedLines={partProblems.map((p) => p.line ?? 0)}
                  readOnly={readOnly}
                  minLines={16}
                />
              )}
              {partProblems.length > 0 && (
                <ul id="part-problems" className="field-problems" aria-label={`Problems in ${current === sampleTab ? 'the sample data' : current}`}>
                  {partProblems.map((p, i) => (
                    <li key={i} className={p.severity === 'error' ? 'error-text' : 'warning-text'}>
                      {p.line ? `${p.line}:${p.column ?? 1} ` : ''}
                      {p.message}
                    </li>
                  ))}
                </ul>
              )}
              {!readOnly && (
                <div className="row">
                  {current !== sampleTab && !partial && (
                    <button type="button" onClick={() => removePart(current)}>
                      Remove part {current}
                    </button>
                  )}
                  {missing.map((p) => (
                    <button key={p} type="button" onClick={() => addPart(p)}>
                      Add {p}
                    </button>
                  ))}
                  <form
                    className="inline-form"
                    onSubmit={(e) => {
                      e.preventDefault();
                      addPart(newPart);
                    }}
                  >
                    <label>
                      Part name <input value={newPart} onChange={(e) => setNewPart(e.target.value)} placeholder="e.g. notes.txt" />
                    </label>
                    <button type="submit">Add part</button>
                  </form>
                </div>
              )}
            </>
          )}
        </div>
        <aside className="side-panel preview-panel">
          <TemplatePreview templateId={templateId} kind={set?.kind} source={document.detail.hasDraft ? 'draft' : 'published'} revision={revision} />
        </aside>
      </div>
      <DefinitionProblems
        problems={document.problems}
        validating={document.validating}
        onSelect={(p) => {
          const part = partOf(p);
          setShowSource(false);
          setTab(part ?? (p.field === 'sample' ? sampleTab : undefined));
        }}
      />
    </div>
  );
}
