import { useEffect, useState } from 'react';
import type { ActivityDescriptor, ActivityInputDescriptor, Problem, RetryPolicy, StepDefinition, WorkflowDocument } from '../../api/types';
import type { CompletionItem } from '../../editors/completions';
import { everyOutcome, isValidStepName, setStepInput, updateStep } from '../model/document';
import { outcomesOf } from '../model/graph';
import { fieldElementId, problemsForField } from '../model/problems';
import { InputField } from './InputField';

interface Props {
  doc: WorkflowDocument;
  step: string;
  descriptor: ActivityDescriptor | undefined;
  problems: Problem[];
  completions: CompletionItem[];
  readOnly: boolean;
  extraOutcomes: string[];
  onChange: (doc: WorkflowDocument) => void;
  onRename: (from: string, to: string) => string | undefined;
  onAddOutcome: (outcome: string) => void;
  onConnect: (outcome: string, target: string | undefined) => void;
  onDelete: () => void;
}

/**
 * The selected step's properties, generated from its activity descriptor: name, description, typed inputs,
 * transitions per outcome (a keyboard alternative to dragging edges), retry and compensation.
 */
export function PropertyPanel(props: Props) {
  const { doc, step, descriptor, problems, readOnly } = props;
  const definition = doc.steps[step];
  const idFor = (field: string) => fieldElementId(step, field);
  const [name, setName] = useState(step);
  const [nameError, setNameError] = useState<string>();
  const [newOutcome, setNewOutcome] = useState('');
  useEffect(() => {
    setName(step);
    setNameError(undefined);
  }, [step]);
  if (!definition) return null;

  const declared = descriptor?.inputs ?? [];
  const undeclared: ActivityInputDescriptor[] = Object.keys(definition.inputs ?? {})
    .filter((key) => !declared.some((d) => d.name === key))
    .map((key) => ({ name: key, type: 'any', required: false, description: 'Not declared by this activity; the server will report it if it is not allowed.', sensitive: false }));
  const outcomes = [...outcomesOf(definition.next, descriptor, props.extraOutcomes), everyOutcome];
  const others = Object.keys(doc.steps).filter((s) => s !== step);
  const targetOf = (outcome: string) =>
    outcome === everyOutcome ? (typeof definition.next === 'string' ? definition.next : '') : typeof definition.next === 'object' ? (definition.next[outcome] ?? '') : '';
  const stepProblems = problems.filter((p) => p.step === step && !p.field);
  const fieldProblems = (field: string) => problemsForField(problems, step, field);

  const commitName = () => {
    if (name === step) return;
    if (!isValidStepName(name)) {
      setNameError('Use letters, digits, "_" or "-", starting with a letter.');
      return;
    }
    const error = props.onRename(step, name);
    setNameError(error);
  };

  const setRetry = (patch: Partial<RetryPolicy> | undefined) =>
    props.onChange(
      updateStep(doc, step, (s) => {
        const copy = { ...s };
        if (patch === undefined) delete copy.retry;
        else copy.retry = { attempts: 3, delay: '5s', backoff: 'exponential', maxDelay: '5m', ...s.retry, ...patch };
        return copy;
      }),
    );

  return (
    <section className="properties" aria-label={`Properties of step ${step}`}>
      <h2>
        {step} <span className="muted">{definition.activity}</span>
      </h2>
      {descriptor ? <p className="muted">{descriptor.description}</p> : <p className="error-text">Unknown activity “{definition.activity}”: pick one from the toolbox and move the inputs over.</p>}
      {stepProblems.length > 0 && (
        <ul className="field-problems" role="alert">
          {stepProblems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      )}

      <div className="field">
        <label htmlFor={idFor('name')}>Step name</label>
        <input
          id={idFor('name')}
          value={name}
          readOnly={readOnly}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${idFor('name')}-error` : undefined}
          onChange={(e) => setName(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => e.key === 'Enter' && commitName()}
        />
        {nameError && (
          <p id={`${idFor('name')}-error`} className="error-text" role="alert">
            {nameError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={idFor('description')}>Description</label>
        <textarea
          id={idFor('description')}
          rows={2}
          readOnly={readOnly}
          value={definition.description ?? ''}
          onChange={(e) =>
            props.onChange(
              updateStep(doc, step, (s) => {
                const copy: StepDefinition = { ...s, description: e.target.value };
                if (!e.target.value) delete copy.description;
                return copy;
              }),
            )
          }
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={(doc.start ?? Object.keys(doc.steps)[0]) === step}
          disabled={readOnly}
          onChange={() => props.onChange({ ...doc, start: step })}
        />
        Start here
      </label>

      <fieldset>
        <legend>Inputs</legend>
        {declared.length + undeclared.length === 0 && <p className="muted">This activity takes no inputs.</p>}
        {[...declared, ...undeclared].map((input) => (
          <InputField
            key={`${step}-${input.name}`}
            id={idFor(`inputs.${input.name}`)}
            descriptor={input}
            value={definition.inputs?.[input.name]}
            problems={fieldProblems(`inputs.${input.name}`)}
            completions={props.completions}
            readOnly={readOnly}
            onChange={(value) => props.onChange(setStepInput(doc, step, input.name, value))}
          />
        ))}
      </fieldset>

      <fieldset>
        <legend>Transitions</legend>
        {outcomes.map((outcome, i) => {
          const id = i === 0 ? idFor('next') : idFor(`next.${outcome}`);
          const outcomeProblems = fieldProblems(outcome === everyOutcome ? 'next' : `next.${outcome}`).filter(
            (p) => outcome !== everyOutcome || p.field === 'next',
          );
          return (
            <div className="field transition" key={outcome}>
              <label htmlFor={id}>{outcome === everyOutcome ? 'Every outcome' : `On ${outcome}`}</label>
              <select id={id} value={targetOf(outcome)} disabled={readOnly} aria-invalid={outcomeProblems.length ? true : undefined} onChange={(e) => props.onConnect(outcome, e.target.value || undefined)}>
                <option value="">(end here)</option>
                {others.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
                {targetOf(outcome) && !(targetOf(outcome) in doc.steps) && <option value={targetOf(outcome)}>{targetOf(outcome)} (missing)</option>}
              </select>
              {outcomeProblems.map((p, k) => (
                <p key={k} className={`${p.severity}-text`} role="alert">
                  {p.message}
                </p>
              ))}
            </div>
          );
        })}
        {descriptor?.dynamicOutcomes && !readOnly && (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (isValidStepName(newOutcome)) {
                props.onAddOutcome(newOutcome);
                setNewOutcome('');
              }
            }}
          >
            <label htmlFor={idFor('new-outcome')}>New outcome</label>
            <input id={idFor('new-outcome')} value={newOutcome} onChange={(e) => setNewOutcome(e.target.value)} placeholder="e.g. vip" />
            <button type="submit">Add</button>
          </form>
        )}
      </fieldset>

      <details open={!!definition.retry}>
        <summary>Retry and compensation</summary>
        <label className="checkbox">
          <input type="checkbox" checked={!!definition.retry} disabled={readOnly} onChange={(e) => setRetry(e.target.checked ? {} : undefined)} />
          Retry when the step faults
        </label>
        {definition.retry && (
          <div className="retry-grid">
            <label htmlFor={idFor('retry')}>Attempts</label>
            <input id={idFor('retry')} type="number" min={1} max={100} value={definition.retry.attempts} readOnly={readOnly} onChange={(e) => setRetry({ attempts: Number(e.target.value) })} />
            <label htmlFor={idFor('retry.delay')}>Delay</label>
            <input id={idFor('retry.delay')} placeholder="e.g. 5s" value={definition.retry.delay} readOnly={readOnly} onChange={(e) => setRetry({ delay: e.target.value })} />
            <label htmlFor={idFor('retry.backoff')}>Backoff</label>
            <select id={idFor('retry.backoff')} value={definition.retry.backoff} disabled={readOnly} onChange={(e) => setRetry({ backoff: e.target.value })}>
              <option value="fixed">fixed</option>
              <option value="exponential">exponential</option>
            </select>
            <label htmlFor={idFor('retry.maxDelay')}>Max delay</label>
            <input id={idFor('retry.maxDelay')} placeholder="e.g. 5m" value={definition.retry.maxDelay} readOnly={readOnly} onChange={(e) => setRetry({ maxDelay: e.target.value })} />
          </div>
        )}
        <div className="field">
          <label htmlFor={idFor('compensate')}>Compensate with</label>
          <select
            id={idFor('compensate')}
            value={definition.compensate ?? ''}
            disabled={readOnly}
            onChange={(e) =>
              props.onChange(
                updateStep(doc, step, (s) => {
                  const copy: StepDefinition = { ...s, compensate: e.target.value };
                  if (!e.target.value) delete copy.compensate;
                  return copy;
                }),
              )
            }
          >
            <option value="">(nothing to undo)</option>
            {others.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </details>

      {!readOnly && (
        <button type="button" className="danger" onClick={props.onDelete}>
          Delete step
        </button>
      )}
    </section>
  );
}
