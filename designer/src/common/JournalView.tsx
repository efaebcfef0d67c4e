import type { JournalEntry } from '../api/types';
import { formatJson, formatTime } from './format';

/** The journal as a list: each step's start/completion with its input, output, outcome and error. */
export function JournalView({ entries, onSelectStep }: { entries: JournalEntry[]; onSelectStep?: (step: string) => void }) {
  if (entries.length === 0) return <p className="muted">The journal is empty.</p>;
  return (
    <ol className="journal">
      {[...entries]
        .sort((a, b) => a.seq - b.seq)
        .map((entry) => (
          <li key={entry.seq} className={`journal-entry ${entry.kind}`}>
            <div className="journal-head">
              <span className="seq">#{entry.seq}</span>
              <span className={`kind ${entry.kind}`}>{entry.kind}</span>
              {entry.step &&
                (onSelectStep ? (
                  <button type="button" className="link" onClick={() => onSelectStep(entry.step!)}>
                    {entry.step}
                  </button>
                ) : (
                  <strong>{entry.step}</strong>
                ))}
              {entry.activity && <span className="muted">{entry.activity}</span>}
              {entry.outcome && <span className="badge">→ {entry.outcome}</span>}
              {entry.attempt !== null && entry.attempt > 1 && <span className="badge">attempt {entry.attempt}</span>}
              <time className="muted" dateTime={entry.timestamp}>
                {formatTime(entry.timestamp)}
              </time>
            </div>
            {entry.error && <p className="error-text">{entry.error}</p>}
            {(entry.input !== null && entry.input !== undefined) || (entry.output !== null && entry.output !== undefined) ? (
              <details>
                <summary>Input and output</summary>
                {entry.input !== null && entry.input !== undefined && (
                  <>
                    <h4>Input</h4>
                    <pre>{formatJson(entry.input)}</pre>
                  </>
                )}
                {entry.output !== null && entry.output !== undefined && (
                  <>
                    <h4>Output</h4>
                    <pre>{formatJson(entry.output)}</pre>
                  </>
                )}
              </details>
            ) : null}
          </li>
        ))}
    </ol>
  );
}
