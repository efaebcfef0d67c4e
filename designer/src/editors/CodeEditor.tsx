import { autocompletion, closeBrackets, type CompletionContext } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, placeholder as placeholderExtension } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { completeWord, type CompletionItem } from './completions';
import { expressionFunctions, expressionKeywords, expressionLanguage } from './expressionLanguage';
import { handlebarsLanguage } from './handlebarsLanguage';

const problemLine = Decoration.line({ class: 'cm-problem-line' });

export type CodeLanguage = 'expression' | 'javascript' | 'json' | 'yaml' | 'handlebars';

export interface CodeEditorProps {
  id?: string;
  value: string;
  onChange: (value: string) => void;
  language: CodeLanguage;
  ariaLabel: string;
  ariaDescribedBy?: string;
  completions?: CompletionItem[];
  readOnly?: boolean;
  placeholder?: string;
  minLines?: number;
  invalid?: boolean;
  /** 1-based lines to mark (problems the server reported there). */
  markedLines?: number[];
}

const functionItems: CompletionItem[] = [
  ...expressionFunctions.map((f) => ({ label: f.label, detail: f.detail, type: 'function' as const })),
  ...expressionKeywords.filter((k) => k === k.toUpperCase()).map((k) => ({ label: k, type: 'keyword' as const })),
];

function languageExtension(language: CodeLanguage, completions: () => CompletionItem[]): Extension {
  switch (language) {
    case 'javascript':
      return javascript();
    case 'json':
      return json();
    case 'yaml':
      return yaml();
    case 'handlebars':
      return handlebarsLanguage;
    case 'expression':
      return [
        expressionLanguage,
        autocompletion({
          activateOnTyping: true,
          override: [
            (context: CompletionContext) => {
              const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_.]*/);
              if (!word || (word.from === word.to && !context.explicit)) return null;
              const options = completeWord(word.text, completions(), functionItems);
              if (!options.length) return null;
              return { from: word.from, options: options.map((o) => ({ label: o.label, detail: o.detail, type: o.type })) };
            },
          ],
        }),
      ];
  }
}

/**
 * CodeMirror 6 editor used for expressions (highlighting and completion of inputs, variables and order
 * fields), JavaScript, JSON and YAML. Loaded lazily so CodeMirror stays out of the initial bundle.
 */
export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const completions = useRef(props.completions ?? []);
  completions.current = props.completions ?? [];
  const attributes = useRef(new Compartment());
  const editable = useRef(new Compartment());
  const marks = useRef(new Compartment());

  useEffect(() => {
    const state = EditorState.create({
      doc: props.value,
      extensions: [
        history(),
        closeBrackets(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        languageExtension(props.language, () => completions.current),
        placeholderExtension(props.placeholder ?? ''),
        attributes.current.of([]),
        editable.current.of([]),
        marks.current.of([]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange.current(update.state.doc.toString());
        }),
        EditorView.theme({ '.cm-content': { minHeight: `${(props.minLines ?? 1) * 1.4}em` } }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The editor is created once per language; value/attributes are synced below.
  }, [props.language]);

  useEffect(() => {
    const current = view.current;
    if (!current) return;
    const content: Record<string, string> = { 'aria-label': props.ariaLabel, role: 'textbox', 'aria-multiline': 'true' };
    if (props.id) content.id = props.id;
    if (props.ariaDescribedBy) content['aria-describedby'] = props.ariaDescribedBy;
    if (props.invalid) content['aria-invalid'] = 'true';
    current.dispatch({
      effects: [
        attributes.current.reconfigure(EditorView.contentAttributes.of(content)),
        editable.current.reconfigure([EditorState.readOnly.of(!!props.readOnly), EditorView.editable.of(!props.readOnly)]),
      ],
    });
  }, [props.id, props.ariaLabel, props.ariaDescribedBy, props.invalid, props.readOnly]);

  const markedLines = (props.markedLines ?? []).join(',');
  useEffect(() => {
    const lines = markedLines ? markedLines.split(',').map(Number) : [];
    view.current?.dispatch({
      effects: marks.current.reconfigure(
        EditorView.decorations.of((v) =>
          Decoration.set(
            lines.filter((l) => l >= 1 && l <= v.state.doc.lines).map((l) => problemLine.range(v.state.doc.line(l).from)),
            true,
          ),
        ),
      ),
    });
  }, [markedLines, props.language]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== props.value)
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: props.value } });
  }, [props.value]);

  return <div ref={host} className={`code-editor${props.invalid ? ' invalid' : ''}`} />;
}
