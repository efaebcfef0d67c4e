import { useEffect, useState } from 'react';
import { messageOf } from '../api/client';
import { definitionsApi, type PreviewFormat } from '../api/definitions';
import { SampleOrderPicker } from '../definitions/SampleOrderPicker';
import { formatsOf } from './templateModel';

interface Props {
  templateId: string;
  kind: string | undefined;
  /** 'draft' renders the stored draft; changing `revision` re-renders (after each autosave). */
  source: 'draft' | 'published';
  revision: number;
}

type Rendered = { kind: 'html'; html: string } | { kind: 'text'; text: string } | { kind: 'pdf'; url: string };

const cultures = ['en-US', 'en-GB', 'nl-NL', 'de-DE', 'fr-FR'];

/**
 * The rendered document beside the editor: HTML email in a sandboxed frame (no scripts, no same-origin access),
 * text and ZPL as text, PDF invoices and labels in the browser's PDF viewer. Renders the set's own sample data or a
 * picked sample order.
 */
export function TemplatePreview({ templateId, kind, source, revision }: Props) {
  const formats = formatsOf(kind);
  const [format, setFormat] = useState<PreviewFormat>(formats[0]);
  const [culture, setCulture] = useState('en-US');
  const [data, setData] = useState<{ label: string; value: unknown } | null>(null);
  const [rendered, setRendered] = useState<Rendered>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const effectiveFormat = formats.includes(format) ? format : formats[0];

  useEffect(() => {
    const controller = new AbortController();
    let url: string | undefined;
    setLoading(true);
    definitionsApi
      .preview(
        templateId,
        { format: effectiveFormat, culture, ...(data ? { data: data.value } : {}), ...(source === 'draft' ? { draft: true } : {}) },
        controller.signal,
      )
      .then(async ({ mediaType, blob }) => {
        if (controller.signal.aborted) return;
        if (mediaType.startsWith('application/pdf')) {
          url = URL.createObjectURL(blob);
          setRendered({ kind: 'pdf', url });
        } else if (mediaType.startsWith('text/html')) setRendered({ kind: 'html', html: await blob.text() });
        else setRendered({ kind: 'text', text: await blob.text() });
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) {
          setError(messageOf(e));
          setRendered(undefined);
        }
      })
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [templateId, effectiveFormat, culture, data, source, revision]);

  return (
    <section className="template-preview" aria-labelledby="preview-title">
      <div className="row">
        <h2 id="preview-title">Preview</h2>
        <label>
          Format{' '}
          <select value={effectiveFormat} onChange={(e) => setFormat(e.target.value as PreviewFormat)}>
            {formats.map((f) => (
              <option key={f} value={f}>
                {f.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Culture{' '}
          <select value={culture} onChange={(e) => setCulture(e.target.value)}>
            {cultures.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <SampleOrderPicker label="Data from order" onPick={(order, sample) => setData({ label: sample.label, value: order })} />
        {data && (
          <button type="button" onClick={() => setData(null)}>
            Use the set's sample ({data.label} now)
          </button>
        )}
        <span role="status" className="muted">
          {loading ? 'Rendering…' : ''}
        </span>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {rendered?.kind === 'html' && <iframe className="preview-frame" title="HTML preview" sandbox="" srcDoc={rendered.html} />}
      {rendered?.kind === 'text' && (
        <pre className="preview-text" aria-label={`${effectiveFormat.toUpperCase()} preview`}>
          {rendered.text}
        </pre>
      )}
      {rendered?.kind === 'pdf' && (
        <>
          <iframe className="preview-frame" title="PDF preview" src={rendered.url} />
          <a href={rendered.url} download={`${templateId}-preview.pdf`}>
            Download the PDF
          </a>
        </>
      )}
    </section>
  );
}
