import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { everyOutcome } from '../model/document';
import type { StepNode } from '../model/graph';
import { worstSeverity } from '../model/problems';

const runStateLabel = { done: 'done', running: 'running', waiting: 'waiting', faulted: 'faulted', compensated: 'compensated' };

/**
 * One step on the canvas: name, activity, badges (start, blocking, problems, run state, diff change),
 * an input handle on the left and one output handle per outcome on the right, plus `*` for "every outcome".
 */
function StepNodeViewImpl({ data, selected }: NodeProps<StepNode>) {
  const severity = worstSeverity(data.problems);
  const classes = ['step-node'];
  if (selected) classes.push('selected');
  if (severity) classes.push(`has-${severity}`);
  if (data.runState) classes.push(`run-${data.runState}`);
  if (data.change) classes.push(`change-${data.change}`);
  if (data.unknownActivity) classes.push('unknown-activity');
  const handles = [...data.outcomes, everyOutcome];
  const summary = [
    `Step ${data.name}`,
    `activity ${data.activity}`,
    data.isStart ? 'start step' : '',
    data.runState ? runStateLabel[data.runState] : '',
    data.change && data.change !== 'unchanged' ? data.change : '',
    data.problems.length ? `${data.problems.length} problem${data.problems.length > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <div className={classes.join(' ')} aria-label={summary} title={data.description || summary} data-step={data.name}>
      <Handle type="target" position={Position.Left} id="in" className="handle-in" />
      <div className="step-head">
        {data.isStart && (
          <span className="badge start" title="Start step">
            start
          </span>
        )}
        <strong className="step-name">{data.name}</strong>
        {data.blocking && (
          <span className="badge blocking" title="Waits (creates a bookmark)">
            waits
          </span>
        )}
      </div>
      <div className="step-activity">
        {data.activity}
        {data.unknownActivity && <span className="error-text"> (unknown activity)</span>}
      </div>
      {severity && (
        <div className={`step-problems ${severity}`} title={data.problems.map((p) => p.message).join('\n')}>
          <span className={`severity-icon ${severity}`} aria-hidden="true">!</span> {data.problems[0].message}
          {data.problems.length > 1 ? ` (+${data.problems.length - 1})` : ''}
        </div>
      )}
      {data.runState && <div className={`run-badge ${data.runState}`}>{runStateLabel[data.runState]}{data.runOutcome ? ` → ${data.runOutcome}` : ''}</div>}
      {data.change && data.change !== 'unchanged' && <div className={`change-badge ${data.change}`}>{data.change}</div>}
      <ul className="step-outcomes" aria-label="Outcomes">
        {handles.map((outcome) => (
          <li key={outcome} className="outcome">
            <span className="outcome-label" title={outcome === everyOutcome ? 'Every outcome (next: step)' : `Outcome ${outcome}`}>
              {outcome === everyOutcome ? 'any' : outcome}
            </span>
            <Handle type="source" position={Position.Right} id={outcome} className={outcome === everyOutcome ? 'handle-any' : 'handle-outcome'} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export const StepNodeView = memo(StepNodeViewImpl);

/** Node renderers by type, defined once so React Flow does not re-create them on each render. */
export const nodeTypes = { step: StepNodeView };

const runColors = { done: '#1a7f37', running: '#2457c5', waiting: '#8250df', faulted: '#b42318', compensated: '#a15c07' };
const changeColors = { added: '#1a7f37', removed: '#b42318', changed: '#a15c07', unchanged: '#9aa5b8' };

/** Minimap colours follow what the node shows: run state, diff change, problems. */
export function minimapNodeColor(node: StepNode): string {
  const { runState, change, problems } = node.data;
  if (runState) return runColors[runState];
  if (change) return changeColors[change];
  const severity = worstSeverity(problems);
  if (severity) return severity === 'error' ? '#b42318' : '#a15c07';
  return '#9aa5b8';
}
