/** Editor keyboard shortcuts, shown in the help popover and handled by {@link shortcutFor}. */
export const shortcutHelp: Array<[string, string]> = [
  ['Ctrl/⌘ + Z', 'Undo'],
  ['Ctrl/⌘ + Shift + Z, Ctrl + Y', 'Redo'],
  ['Ctrl/⌘ + C / X / V', 'Copy / cut / paste steps'],
  ['Ctrl/⌘ + A', 'Select all steps'],
  ['Delete, Backspace', 'Delete selected steps or edges'],
  ['Ctrl/⌘ + S', 'Save draft'],
  ['Alt + L', 'Auto-layout'],
  ['Ctrl/⌘ + Enter', 'Run test'],
  ['Escape', 'Clear selection'],
  ['Shift + drag', 'Select with a box'],
];

export type EditorCommand = 'undo' | 'redo' | 'copy' | 'cut' | 'paste' | 'selectAll' | 'save' | 'layout' | 'run' | 'clearSelection';

/** True when the key event belongs to a text field, where the browser's own editing keys must keep working. */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.cm-editor');
}

/** Maps a key event to an editor command; text-editing keys inside fields are left alone except save and run. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>): EditorCommand | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 's') return 'save';
  if (mod && key === 'enter') return 'run';
  if (isTextTarget(event.target)) return undefined;
  if (mod && key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (mod && key === 'y') return 'redo';
  if (mod && key === 'c') return 'copy';
  if (mod && key === 'x') return 'cut';
  if (mod && key === 'v') return 'paste';
  if (mod && key === 'a') return 'selectAll';
  if (event.altKey && key === 'l') return 'layout';
  if (key === 'escape') return 'clearSelection';
  return undefined;
}
