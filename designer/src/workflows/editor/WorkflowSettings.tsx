import { useEffect, useState } from 'react';
import type { Problem, WorkflowDocument } from '../../api/types';
import { LazyCodeEditor } from '../../editors/LazyCodeEditor';

type JsonPart = 'inputs' | 'variables' | 'outputs' | 'triggers';

const partHelp: Record<JsonPart, string> = {
  inputs: '{"orderId": {"type": "string", "required": true}}',
  variables: '{"approved": {"type": "bool", "default": false}}',
  outputs: '{"status": "=status"}',
  triggers: '[{"hook": "orders/created", "method": "POST", "correlation": "=orderId"}]',
};

interface Props {
  doc: WorkflowDocument;
  problems: Problem[];
  readOnly: boolean;
  onChange: (doc: WorkflowDocument) => void;
}

/** Workflow-level settings, shown when no step is selected. */
export function WorkflowSettings({ doc, problems, readOnly, onChange }: Props) {
  const workflowProblems = problems.filter((p) => !p.step);
  return (
    <section className="properties" aria-label="Workflow settings">
      <h2>Workflow {doc.id}</h2>
      {workflowProblems.length > 0 && (
        <ul className="field-problems" role="alert">
          {workflowProblems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
              {p.field ? ` (${p.field})` : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor="workflow-name">Name</label>
        <input id="workflow-name" value={doc.name ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ...doc, name: e.target.value || undefined })} />
      </div>
      <div className="field">
        <label htmlFor="workflow-description">Description</label>
        <textarea id="workflow-description" rows={2} value={doc.description ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ...doc, description: e.target.value || undefined })} />
      </div>
      <div className="field">
        <label htmlFor="workflow-onFault">When a step faults</label>
        <select id="workflow-onFault" value={doc.onFault ?? ''} disabled={readOnly} onChange={(e) => onChange({ ...doc, onFault: (e.target.value || undefined) as WorkflowDocument['onFault'] })}>
          <option value="">(server default)</option>
          <option value="incident">open an incident and wait for an operator</option>
          <option value="compensate">compensate completed steps</option>
        </select>
      </div>
      {(['inputs', 'variables', 'outputs', 'triggers'] as const).map((part) => (
        <JsonSetting key={part} part={part} doc={doc} readOnly={readOnly} problems={problems.filter((p) => !p.step && p.field?.startsWith(part))} onChange={onChange} />
      ))}
      <p className="muted">Select a step to edit it, or add one from the toolbox.</p>
    </section>
  );
}

function JsonSetting({ part, doc, readOnly, problems, onChange }: { part: JsonPart; doc: WorkflowDocument; readOnly: boolean; problems: Problem[]; onChange: (doc: WorkflowDocument) => void }) {
  const current = doc[part];
  const [text, setText] = useState(() => (current === undefined ? '' : JSON.stringify(current, null, 2)));
  const [error, setError] = useState<string>();
  useEffect(() => {
    let same = false;
    try {
      same = JSON.stringify(text.trim() ? JSON.parse(text) : undefined) === JSON.stringify(current);
    } catch {
      same = false;
    }
    if (!same) {
      setText(current === undefined ? '' : JSON.stringify(current, null, 2));
      setError(undefined);
    }
  }, [current]);
  const id = `workflow-${part}`;
  return (
    <div className="field">
      <label htmlFor={id}>{part.charAt(0).toUpperCase() + part.slice(1)} (JSON)</label>
      <LazyCodeEditor
        id={id}
        language="json"
        ariaLabel={`Workflow ${part} (JSON)`}
        ariaDescribedBy={`${id}-help`}
        value={text}
        minLines={2}
        readOnly={readOnly}
        invalid={!!error || problems.length > 0}
        placeholder={partHelp[part]}
        onChange={(value) => {
          setText(value);
          if (!value.trim()) {
            setError(undefined);
            const next = { ...doc };
            delete next[part];
            onChange(next);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(value);
            const wantsArray = part === 'triggers';
            if (Array.isArray(parsed) !== wantsArray || parsed === null || typeof parsed !== 'object')
              throw new Error(wantsArray ? 'expected a JSON array' : 'expected a JSON object');
            setError(undefined);
            onChange({ ...doc, [part]: parsed });
          } catch (e) {
            setError(`Not applied: ${(e as Error).message}.`);
          }
        }}
      />
      <p id={`${id}-help`} className="field-description">
        e.g. <code>{partHelp[part]}</code>
      </p>
      {(error || problems.length > 0) && (
        <ul className="field-problems" role="alert">
          {error && <li className="error">{error}</li>}
          {problems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
