import { StreamLanguage, type StringStream } from '@codemirror/language';

interface State {
  inMustache: boolean;
  inComment: boolean;
}

/**
 * Highlighting for Handlebars templates: the `{{…}}` parts (helpers, block keywords, paths, strings, numbers) stand
 * out from the HTML, text or ZPL around them, which is left plain.
 */
export const handlebarsLanguage = StreamLanguage.define<State>({
  name: 'handlebars',
  startState: () => ({ inMustache: false, inComment: false }),
  token(stream: StringStream, state: State) {
    if (state.inComment) {
      if (stream.skipTo('}}')) {
        stream.match('}}');
        state.inComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (!state.inMustache) {
      if (stream.match(/^\{\{!(--)?/)) {
        state.inComment = true;
        return 'comment';
      }
      if (stream.match(/^\{\{\{?[#/>^&]?~?/)) {
        state.inMustache = true;
        return 'meta';
      }
      // Plain text up to the next mustache.
      if (!stream.skipTo('{{')) stream.skipToEnd();
      return null;
    }
    if (stream.match(/^~?\}\}\}?/)) {
      state.inMustache = false;
      return 'meta';
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
    if (stream.match(/^-?\d+(\.\d+)?/)) return 'number';
    if (stream.match(/^(else|this|true|false|null|as)\b/)) return 'keyword';
    if (stream.match(/^[A-Za-z_@][\w-]*(?==)/)) return 'attributeName';
    // Paths and helper names: typeName is one of the tags the default highlight style colours.
    if (stream.match(/^(\.\.\/)*[A-Za-z_@][\w-]*(\.[\w-]+)*/)) return 'typeName';
    stream.next();
    return 'operator';
  },
});
