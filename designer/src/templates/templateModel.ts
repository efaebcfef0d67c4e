import type { PreviewFormat } from '../api/definitions';
import type { Problem } from '../api/types';

/** A template set as stored (GET/PUT /api/templates/{id}): parts, the shared partials it carries, sample data. */
export interface TemplatePartial {
  name: string;
  mode: string;
  content: string;
}

export interface TemplateSetDocument {
  id?: string;
  kind?: string;
  name?: string;
  description?: string;
  parts: Record<string, string>;
  partials: TemplatePartial[];
  sample?: unknown;
  [other: string]: unknown;
}

export type TemplateParse = { ok: true; document: TemplateSetDocument } | { ok: false; message: string };

export function parseTemplateSet(text: string): TemplateParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The template set is not valid JSON: ${(error as Error).message}. Fix it in the JSON source view.` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, message: 'A template set is an object with kind, parts, partials and sample. Fix it in the JSON source view.' };
  const document = value as TemplateSetDocument;
  return { ok: true, document: { ...document, parts: { ...(document.parts ?? {}) }, partials: [...(document.partials ?? [])] } };
}

export function serializeTemplateSet(document: TemplateSetDocument): string {
  return JSON.stringify(document, null, 2);
}

/** The formats a kind renders, the first being the default (as the server's DocumentRenderer.FormatsOf). */
export function formatsOf(kind: string | undefined): PreviewFormat[] {
  switch (kind) {
    case 'email':
      return ['html', 'text'];
    case 'label':
      return ['zpl', 'pdf'];
    default:
      return ['pdf'];
  }
}

/** Parts a kind uses, offered when adding one; `subject`, `body.html` and `label.zpl` are required by their kinds. */
export function suggestedParts(kind: string | undefined): string[] {
  switch (kind) {
    case 'email':
      return ['subject', 'body.html', 'body.txt'];
    case 'label':
      return ['label.zpl'];
    default:
      return ['notes.txt'];
  }
}

/** The part a problem is in: the server names the file `{set}/{part}.hbs`, or the field `parts.{part}`. */
export function partOf(problem: Problem): string | null {
  const file = /\/([^/]+)\.hbs$/.exec(problem.file ?? '');
  if (file) return file[1];
  const field = /^parts\.(.+)$/.exec(problem.field ?? '');
  return field ? field[1] : null;
}
