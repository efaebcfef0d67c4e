import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf, problemsOf } from '../api/client';
import { definitionsApi, type DefinitionDetail, type DefinitionKind } from '../api/definitions';
import type { Problem } from '../api/types';

/** The text an editor starts from: the draft, else the published document; JSON kinds arrive parsed. */
export function initialText(detail: DefinitionDetail): string | null {
  const document = detail.hasDraft ? detail.draft : detail.published;
  if (document === null || document === undefined) return null;
  return typeof document === 'string' ? document : JSON.stringify(document, null, 2);
}

export interface DefinitionDocument {
  detail: DefinitionDetail | undefined;
  loadError: unknown;
  /** The document being edited, as the text the server stores (JSON or YAML). */
  text: string;
  setText: (text: string) => void;
  dirty: boolean;
  problems: Problem[];
  validating: boolean;
  busy: boolean;
  notice: string | undefined;
  actionError: string | undefined;
  save: () => Promise<boolean>;
  publish: (note: string) => Promise<boolean>;
  discard: () => Promise<void>;
  reload: () => void;
}

/**
 * Loads one rule set, table or template set and keeps the text being edited: validated on the server a moment after
 * each change, saved as a draft (kept even with problems) and published (refused with problems).
 */
export function useDefinitionDocument(kind: DefinitionKind, id: string, skeleton: (id: string) => string, validateDelayMs = 500): DefinitionDocument {
  const [detail, setDetail] = useState<DefinitionDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [text, setTextState] = useState('');
  const [saved, setSaved] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  // Until the first answer arrives the problems list says "checking" rather than claiming there are none.
  const [validating, setValidating] = useState(true);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const skeletonRef = useRef(skeleton);
  skeletonRef.current = skeleton;

  useEffect(() => {
    let live = true;
    definitionsApi
      .get(kind, id)
      .then((loaded) => {
        if (!live) return;
        const start = initialText(loaded) ?? skeletonRef.current(id);
        setDetail(loaded);
        setTextState(start);
        setSaved(start);
        setLoadError(undefined);
      })
      .catch((e: unknown) => live && setLoadError(e));
    return () => {
      live = false;
    };
  }, [kind, id, generation]);

  const loaded = detail !== undefined;
  useEffect(() => {
    if (!loaded) return;
    const timer = window.setTimeout(() => {
      controller.current?.abort();
      const mine = new AbortController();
      controller.current = mine;
      setValidating(true);
      definitionsApi
        .validate(kind, id, text, mine.signal)
        .then((result) => !mine.signal.aborted && setProblems(result.problems))
        .catch((e: unknown) => !mine.signal.aborted && setActionError(messageOf(e)))
        .finally(() => !mine.signal.aborted && setValidating(false));
    }, validateDelayMs);
    return () => window.clearTimeout(timer);
  }, [kind, id, text, loaded, validateDelayMs]);

  useEffect(() => () => controller.current?.abort(), []);

  const setText = useCallback((next: string) => {
    setTextState(next);
    setNotice(undefined);
  }, []);

  const save = useCallback(async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      const result = await definitionsApi.saveDraft(kind, id, text);
      setProblems(result.problems);
      setSaved(text);
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      setNotice(errors ? `Draft saved with ${errors} error${errors === 1 ? '' : 's'}; fix them before publishing.` : 'Draft saved.');
      setDetail((d) => (d ? { ...d, hasDraft: true } : d));
      return true;
    } catch (e) {
      setActionError(messageOf(e));
      if (problemsOf(e).length) setProblems(problemsOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, [kind, id, text]);

  const publish = useCallback(
    async (note: string) => {
      setBusy(true);
      setActionError(undefined);
      try {
        // Publishing takes the stored draft, so unsaved edits are saved first.
        if (text !== saved) await definitionsApi.saveDraft(kind, id, text);
        setSaved(text);
        const result = await definitionsApi.publish(kind, id, note);
        setProblems(result.problems);
        setNotice(`Published version ${result.version}.`);
        setDetail((d) => (d ? { ...d, hasDraft: false, publishedVersion: result.version, latestVersion: result.version } : d));
        return true;
      } catch (e) {
        setActionError(messageOf(e));
        if (problemsOf(e).length) setProblems(problemsOf(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [kind, id, text, saved],
  );

  const discard = useCallback(async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      await definitionsApi.deleteDraft(kind, id);
      setNotice('Draft discarded.');
      setGeneration((g) => g + 1);
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }, [kind, id]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  return {
    detail,
    loadError,
    text,
    setText,
    dirty: text !== saved,
    problems,
    validating,
    busy,
    notice,
    actionError,
    save,
    publish,
    discard,
    reload,
  };
}
