import type { Problem } from '../api/types';

/** Where a problem is: file/part, line:column and field, as far as the server said. */
export function locationOf(problem: Problem): string {
  const parts: string[] = [];
  if (problem.file) parts.push(problem.file);
  if (problem.line) parts.push(problem.column ? `${problem.line}:${problem.column}` : `line ${problem.line}`);
  if (problem.field) parts.push(problem.field);
  return parts.join(' · ');
}

interface Props {
  problems: Problem[];
  validating: boolean;
  /** Lets the list jump to what a problem names (a rule, a cell, a template line). */
  onSelect?: (problem: Problem) => void;
}

/** The server's validation findings for a rule set, table or template set, errors first. */
export function DefinitionProblems({ problems, validating, onSelect }: Props) {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems{' '}
        <span className={errors ? 'count error' : 'count'} aria-live="polite">
          {validating
            ? 'checking…'
            : `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`}
        </span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted">{validating ? 'Checking…' : 'No problems found.'}</p>
      ) : (
        <ul>
          {sorted.map((problem, i) => (
            <li key={`${problem.code}-${problem.line}-${problem.column}-${i}`}>
              <button type="button" className={`problem ${problem.severity}`} onClick={() => onSelect?.(problem)}>
                <span className={`severity-icon ${problem.severity}`} aria-label={problem.severity}>
                  !
                </span>
                <span className="message">{problem.message}</span>
                <span className="where">{locationOf(problem)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
