import { useCallback, useRef, useState } from 'react';
import type { WorkflowDocument } from '../../api/types';

const limit = 200;

export interface DocumentHistory {
  doc: WorkflowDocument | undefined;
  /** Records a change as one undo step. */
  commit: (doc: WorkflowDocument) => void;
  /**
   * Applies an edit to the latest document (not the one a callback closed over), so several edits
   * reported in one gesture — React Flow removes nodes and their edges in separate calls — all land.
   */
  apply: (edit: (doc: WorkflowDocument) => WorkflowDocument) => void;
  /** Applies a change in progress (a drag): undo returns to the state before the first transient change. */
  transient: (doc: WorkflowDocument) => void;
  /** Ends a transient gesture, making it one undo step. */
  settle: () => void;
  /** Replaces the document and forgets history (loading another version). */
  reset: (doc: WorkflowDocument) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
}

/** Undo/redo over whole documents: documents are immutable, so each entry is shared structure, not a copy. */
export function useDocumentHistory(): DocumentHistory {
  const [state, setState] = useState<{ doc?: WorkflowDocument; past: WorkflowDocument[]; future: WorkflowDocument[] }>({
    past: [],
    future: [],
  });
  const gestureBase = useRef<WorkflowDocument | undefined>(undefined);

  const commit = useCallback((doc: WorkflowDocument) => {
    setState((s) => {
      if (s.doc === doc) return s;
      const base = gestureBase.current ?? s.doc;
      gestureBase.current = undefined;
      return { doc, past: base ? [...s.past, base].slice(-limit) : s.past, future: [] };
    });
  }, []);

  const apply = useCallback((edit: (doc: WorkflowDocument) => WorkflowDocument) => {
    setState((s) => {
      if (!s.doc) return s;
      const doc = edit(s.doc);
      if (doc === s.doc) return s;
      const base = gestureBase.current ?? s.doc;
      gestureBase.current = undefined;
      return { doc, past: [...s.past, base].slice(-limit), future: [] };
    });
  }, []);

  const transient = useCallback((doc: WorkflowDocument) => {
    setState((s) => {
      if (gestureBase.current === undefined) gestureBase.current = s.doc;
      return { ...s, doc };
    });
  }, []);

  const settle = useCallback(() => {
    setState((s) => {
      const base = gestureBase.current;
      gestureBase.current = undefined;
      if (!base || base === s.doc) return s;
      return { doc: s.doc, past: [...s.past, base].slice(-limit), future: [] };
    });
  }, []);

  const reset = useCallback((doc: WorkflowDocument) => {
    gestureBase.current = undefined;
    setState({ doc, past: [], future: [] });
  }, []);

  const undo = useCallback(() => {
    setState((s) => {
      if (!s.past.length || !s.doc) return s;
      return { doc: s.past[s.past.length - 1], past: s.past.slice(0, -1), future: [s.doc, ...s.future] };
    });
  }, []);

  const redo = useCallback(() => {
    setState((s) => {
      if (!s.future.length || !s.doc) return s;
      return { doc: s.future[0], past: [...s.past, s.doc], future: s.future.slice(1) };
    });
  }, []);

  return { doc: state.doc, commit, apply, transient, settle, reset, undo, redo, canUndo: state.past.length > 0, canRedo: state.future.length > 0 };
}
