import { StreamLanguage, type StreamParser } from '@codemirror/language';

/** Words of OmsFlow's expression language (the RulesEngine / Dynamic LINQ C#-like syntax). */
export const expressionKeywords = ['AND', 'OR', 'NOT', 'and', 'or', 'not', 'in', 'is', 'new', 'as'];
export const expressionAtoms = ['true', 'false', 'null'];
export const expressionFunctions = [
  { label: 'iif', detail: 'iif(condition, whenTrue, whenFalse)' },
  { label: 'np', detail: 'np(a.b.c) — null-propagating access' },
  { label: 'Any', detail: 'list.Any(x => condition)' },
  { label: 'All', detail: 'list.All(x => condition)' },
  { label: 'Count', detail: 'list.Count() or list.Count(x => condition)' },
  { label: 'Sum', detail: 'list.Sum(x => value)' },
  { label: 'Where', detail: 'list.Where(x => condition)' },
  { label: 'Select', detail: 'list.Select(x => value)' },
  { label: 'Contains', detail: 'text.Contains("x") or list.Contains(value)' },
  { label: 'StartsWith', detail: 'text.StartsWith("x")' },
  { label: 'ToUpper', detail: 'text.ToUpper()' },
];

interface State {
  inString: '"' | "'" | null;
}

const parser: StreamParser<State> = {
  name: 'omsflow-expression',
  startState: () => ({ inString: null }),
  token(stream, state) {
    if (state.inString) {
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '\\') stream.next();
        else if (ch === state.inString) {
          state.inString = null;
          break;
        }
      }
      return 'string';
    }
    if (stream.eatSpace()) return null;
    const ch = stream.peek();
    if (ch === '"' || ch === "'") {
      state.inString = ch;
      stream.next();
      return 'string';
    }
    if (stream.match(/^\d+(\.\d+)?[mMdDfFlL]?/)) return 'number';
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||=>|[<>+\-*/%!?:])/)) return 'operator';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
      const word = stream.current();
      if (expressionKeywords.includes(word)) return 'keyword';
      if (expressionAtoms.includes(word)) return 'atom';
      if (stream.match(/^\s*\(/, false)) return 'function';
      return stream.string.charAt(stream.start - 1) === '.' ? 'propertyName' : 'variableName';
    }
    stream.next();
    return 'punctuation';
  },
};

export const expressionLanguage = StreamLanguage.define(parser);
