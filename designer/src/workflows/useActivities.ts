import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { ActivityDescriptor } from '../api/types';

let cached: Promise<ActivityDescriptor[]> | undefined;

/** Activity descriptors from the server, fetched once per page load and shared by every screen. */
export function useActivities(): { activities: ActivityDescriptor[]; catalog: Map<string, ActivityDescriptor>; error: unknown } {
  const [state, setState] = useState<{ activities: ActivityDescriptor[]; catalog: Map<string, ActivityDescriptor>; error: unknown }>({
    activities: [],
    catalog: new Map(),
    error: undefined,
  });
  useEffect(() => {
    let live = true;
    cached ??= api.activities();
    cached
      .then((activities) => live && setState({ activities, catalog: new Map(activities.map((a) => [a.type, a])), error: undefined }))
      .catch((error: unknown) => {
        cached = undefined;
        if (live) setState((s) => ({ ...s, error }));
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
