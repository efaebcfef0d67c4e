import { useEffect, useId, useState } from 'react';
import { definitionsApi, type SampleOrder } from '../api/definitions';

let cached: Promise<SampleOrder[] | null> | undefined;

/** Sample orders are the same for every screen of a session, so they are fetched once. */
export function loadSampleOrders(): Promise<SampleOrder[] | null> {
  cached ??= definitionsApi.sampleOrders().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Forgets the fetched samples (tests, sign-out). */
export function resetSampleOrders(): void {
  cached = undefined;
}

/**
 * Picks a seeded order (GET /api/orders/samples) to test with. Renders nothing while loading and when the server
 * has no samples endpoint, so the screen never offers data that does not exist.
 */
export function SampleOrderPicker({ onPick, label = 'Sample order' }: { onPick: (order: unknown, sample: SampleOrder) => void; label?: string }) {
  const [samples, setSamples] = useState<SampleOrder[] | null>(null);
  const id = useId();
  useEffect(() => {
    let live = true;
    loadSampleOrders()
      .then((items) => live && setSamples(items))
      .catch(() => live && setSamples(null));
    return () => {
      live = false;
    };
  }, []);
  if (!samples?.length) return null;
  return (
    <span className="inline-form">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const sample = samples.find((s) => s.id === e.target.value);
          if (sample) onPick(sample.order, sample);
        }}
      >
        <option value="">Choose…</option>
        {samples.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </span>
  );
}
