import { lazy, Suspense } from 'react';
import type { CodeEditorProps } from './CodeEditor';

const CodeEditor = lazy(() => import('./CodeEditor'));

/** The code editor, with a plain textarea while CodeMirror's chunk loads (it stays usable meanwhile). */
export function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <Suspense
      fallback={
        <textarea
          id={props.id}
          className="code-fallback"
          aria-label={props.ariaLabel}
          aria-describedby={props.ariaDescribedBy}
          value={props.value}
          readOnly={props.readOnly}
          rows={props.minLines ?? 1}
          onChange={(e) => props.onChange(e.target.value)}
        />
      }
    >
      <CodeEditor {...props} />
    </Suspense>
  );
}
