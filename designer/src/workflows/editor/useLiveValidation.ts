import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Problem, WorkflowDocument } from '../../api/types';
import { withInferredField } from '../model/problems';

/** Validates the document on the server a moment after the user stops editing; stale answers are dropped. */
export function useLiveValidation(doc: WorkflowDocument | undefined, enabled: boolean, delayMs = 500) {
  const [problems, setProblemsState] = useState<Problem[]>([]);
  const setProblems = useCallback((next: Problem[]) => setProblemsState(next.map(withInferredField)), []);
  // Until the first answer arrives the panel says "checking" rather than claiming there are no problems.
  const [validating, setValidating] = useState(enabled);
  const [error, setError] = useState<unknown>();
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    if (!doc || !enabled) return;
    const timer = window.setTimeout(() => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setValidating(true);
      api
        .validate(doc, mine.signal)
        .then((result) => {
          if (mine.signal.aborted) return;
          setProblems(result.problems);
          setError(undefined);
        })
        .catch((e: unknown) => {
          if (!mine.signal.aborted) setError(e);
        })
        .finally(() => {
          if (!mine.signal.aborted) setValidating(false);
        });
    }, delayMs);
    return () => window.clearTimeout(timer);
  }, [doc, enabled, delayMs, setProblems]);

  useEffect(() => () => controller.current?.abort(), []);

  return { problems, setProblems, validating, error };
}
