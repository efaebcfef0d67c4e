import type { Problem } from '../../api/types';
import { describeLocation, sortProblems } from '../model/problems';

interface Props {
  problems: Problem[];
  stepOrder: string[];
  validating: boolean;
  onSelect: (problem: Problem) => void;
}

/** Validation results from the server; choosing one selects its step and focuses the field it names. */
export function ProblemsPanel({ problems, stepOrder, validating, onSelect }: Props) {
  const sorted = sortProblems(problems, stepOrder);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems{' '}
        <span className={errors ? 'count error' : 'count'} aria-live="polite">
          {validating ? 'checking…' : `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`}
        </span>
      </h2>
      {sorted.length === 0 ? (
        <p className="muted">{validating ? 'Checking the workflow…' : 'No problems found.'}</p>
      ) : (
        <ul>
          {sorted.map((problem, i) => (
            <li key={`${problem.code}-${problem.step}-${problem.field}-${i}`}>
              <button type="button" className={`problem ${problem.severity}`} onClick={() => onSelect(problem)}>
                <span className={`severity-icon ${problem.severity}`} aria-label={problem.severity}>
                  !
                </span>
                <span className="message">{problem.message}</span>
                <span className="where">{describeLocation(problem) || 'workflow'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
