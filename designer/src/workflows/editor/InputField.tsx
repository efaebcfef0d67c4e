import { useEffect, useState } from 'react';
import type { ActivityInputDescriptor, Problem } from '../../api/types';
import type { CompletionItem } from '../../editors/completions';
import { LazyCodeEditor } from '../../editors/LazyCodeEditor';

interface Props {
  id: string;
  descriptor: ActivityInputDescriptor;
  value: unknown;
  problems: Problem[];
  completions: CompletionItem[];
  readOnly: boolean;
  onChange: (value: unknown) => void;
}

/** True when a stored input value is an expression (`=...`; `==` escapes a literal leading '='). */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=') && !value.startsWith('==');
}

function toJsonText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/** Parses the literal editor's text for an input type; returns an error message instead when it doesn't fit. */
export function parseLiteral(type: ActivityInputDescriptor['type'], text: string): { value?: unknown; error?: string } {
  if (text.trim() === '') return { value: undefined };
  switch (type) {
    case 'int':
      return /^-?\d+$/.test(text.trim()) ? { value: Number(text) } : { error: 'Enter a whole number, or switch to an expression (fx).' };
    case 'decimal':
      return Number.isFinite(Number(text)) ? { value: Number(text) } : { error: 'Enter a number such as 12.5, or switch to an expression (fx).' };
    case 'object':
    case 'array':
    case 'any':
      try {
        const value: unknown = JSON.parse(text);
        if (type === 'array' && !Array.isArray(value)) return { error: 'Enter a JSON array such as ["a", "b"].' };
        if (type === 'object' && (value === null || typeof value !== 'object' || Array.isArray(value)))
          return { error: 'Enter a JSON object such as {"key": "value"}.' };
        return { value };
      } catch (e) {
        return { error: `Not valid JSON (${(e as Error).message}). Text needs quotes: "like this".` };
      }
    default:
      return { value: text };
  }
}

/**
 * Edits one activity input with a control that fits its type; the fx toggle switches between a literal
 * and an expression (CodeMirror with completion). Problems naming this field are shown beneath it.
 */
export function InputField({ id, descriptor, value, problems, completions, readOnly, onChange }: Props) {
  const alwaysExpression = descriptor.editor === 'expression';
  const expression = alwaysExpression || isExpression(value);
  const problemId = `${id}-problems`;
  const descriptionId = `${id}-description`;
  const describedBy = [descriptor.description ? descriptionId : '', problems.length ? problemId : ''].filter(Boolean).join(' ') || undefined;
  const invalid = problems.some((p) => p.severity === 'error');

  const jsonTyped = descriptor.type === 'object' || descriptor.type === 'array' || descriptor.type === 'any' || descriptor.editor === 'json';
  const [draft, setDraft] = useState(() => (jsonTyped ? toJsonText(value) : ''));
  const [localError, setLocalError] = useState<string>();
  useEffect(() => {
    // Keep the JSON text in step with undo/redo unless it is the text the user is typing.
    if (!jsonTyped || expression) return;
    const parsed = parseLiteral(descriptor.type === 'string' ? 'any' : descriptor.type, draft);
    if (parsed.error || JSON.stringify(parsed.value) !== JSON.stringify(value)) {
      setDraft(toJsonText(value));
      setLocalError(undefined);
    }
  }, [value]);

  const label = (
    <label htmlFor={id} id={`${id}-label`}>
      {descriptor.name}
      {descriptor.required && <span aria-hidden="true"> *</span>}
      <span className="type-hint">{descriptor.type}</span>
      {descriptor.sensitive && <span className="badge">sensitive</span>}
    </label>
  );

  let control;
  if (expression) {
    control = (
      <LazyCodeEditor
        id={id}
        language="expression"
        ariaLabel={`${descriptor.name} expression`}
        ariaDescribedBy={describedBy}
        value={typeof value === 'string' ? value.replace(/^=/, '') : ''}
        onChange={(text) => onChange(text.trim() === '' ? undefined : `=${text}`)}
        completions={completions}
        readOnly={readOnly}
        invalid={invalid}
        placeholder="e.g. order.total > 1000 AND customer.segment == &quot;VIP&quot;"
      />
    );
  } else if (descriptor.options?.length) {
    control = (
      <select id={id} value={value === undefined ? '' : String(value)} disabled={readOnly} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        <option value="">{descriptor.default != null ? `(default: ${String(descriptor.default)})` : '(not set)'}</option>
        {descriptor.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (descriptor.type === 'bool') {
    control = (
      <select id={id} value={value === undefined ? '' : String(value)} disabled={readOnly} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}>
        <option value="">{descriptor.default != null ? `(default: ${String(descriptor.default)})` : '(not set)'}</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  } else if (jsonTyped || descriptor.editor === 'javascript') {
    const language = descriptor.editor === 'javascript' ? 'javascript' : 'json';
    control = (
      <LazyCodeEditor
        id={id}
        language={language}
        ariaLabel={`${descriptor.name} (${language === 'json' ? 'JSON' : 'JavaScript'})`}
        ariaDescribedBy={describedBy}
        value={language === 'json' ? draft : typeof value === 'string' ? value : ''}
        minLines={3}
        readOnly={readOnly}
        invalid={invalid || !!localError}
        onChange={(text) => {
          if (language === 'javascript') return onChange(text === '' ? undefined : text);
          setDraft(text);
          const parsed = parseLiteral(descriptor.type === 'string' ? 'any' : descriptor.type, text);
          setLocalError(parsed.error);
          if (!parsed.error) onChange(parsed.value);
        }}
      />
    );
  } else if (descriptor.editor === 'multiline') {
    control = (
      <textarea id={id} rows={4} value={typeof value === 'string' ? value : value === undefined ? '' : String(value)} readOnly={readOnly} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
    );
  } else {
    const numeric = descriptor.type === 'int' || descriptor.type === 'decimal';
    control = (
      <TextLiteral id={id} numeric={numeric} type={descriptor.type} value={value} readOnly={readOnly} describedBy={describedBy} invalid={invalid} placeholder={placeholderFor(descriptor)} onChange={onChange} onError={setLocalError} />
    );
  }

  return (
    <div className={`field${invalid ? ' invalid' : ''}`}>
      <div className="field-head">
        {label}
        {!alwaysExpression && !readOnly && (
          <button
            type="button"
            className="fx"
            aria-pressed={expression}
            aria-label={`${descriptor.name}: ${expression ? 'use a literal value' : 'use an expression'}`}
            title={expression ? 'Use a literal value' : 'Use an expression'}
            onClick={() => onChange(expression ? descriptor.default : `=${value === undefined ? "" : JSON.stringify(value)}`)}
          >
            fx
          </button>
        )}
      </div>
      {control}
      {descriptor.description && (
        <p id={descriptionId} className="field-description">
          {descriptor.description}
        </p>
      )}
      {(problems.length > 0 || localError) && (
        <ul id={problemId} className="field-problems" role="alert">
          {localError && <li className="error">{localError}</li>}
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

function placeholderFor(descriptor: ActivityInputDescriptor): string {
  if (descriptor.default != null) return `default: ${JSON.stringify(descriptor.default)}`;
  if (descriptor.type === 'duration' || descriptor.editor === 'duration') return 'e.g. 30s, 15m, 2h or 1d12h';
  if (descriptor.type === 'datetime') return 'e.g. 2026-05-01T09:00:00Z';
  return '';
}

interface TextLiteralProps {
  id: string;
  numeric: boolean;
  type: ActivityInputDescriptor['type'];
  value: unknown;
  readOnly: boolean;
  describedBy?: string;
  invalid: boolean;
  placeholder: string;
  onChange: (value: unknown) => void;
  onError: (error: string | undefined) => void;
}

/** A single-line literal; numbers are kept as text while typing and written when they parse. */
function TextLiteral({ id, numeric, type, value, readOnly, describedBy, invalid, placeholder, onChange, onError }: TextLiteralProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    if (parseLiteral(type, text).value !== value) setText(value === undefined ? '' : String(value));
  }, [value]);
  return (
    <input
      id={id}
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      value={text}
      readOnly={readOnly}
      placeholder={placeholder}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseLiteral(type, e.target.value);
        onError(parsed.error);
        if (!parsed.error) onChange(parsed.value);
      }}
    />
  );
}
