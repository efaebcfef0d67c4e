import { useMemo, useState } from 'react';
import type { ActivityDescriptor } from '../../api/types';

/** The MIME type a toolbox drag carries; the canvas drop handler reads the activity type from it. */
export const activityDragType = 'application/x-omsflow-activity';

interface Props {
  activities: ActivityDescriptor[];
  disabled: boolean;
  onAdd: (activity: ActivityDescriptor) => void;
}

/** Searchable activities by category; drag one onto the canvas, or press Enter/click to add it at the centre. */
export function Toolbox({ activities, disabled, onAdd }: Props) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matching = activities.filter(
      (a) => !q || a.type.toLowerCase().includes(q) || a.description.toLowerCase().includes(q) || a.category.toLowerCase().includes(q),
    );
    const byCategory = new Map<string, ActivityDescriptor[]>();
    for (const activity of matching) {
      const list = byCategory.get(activity.category) ?? [];
      list.push(activity);
      byCategory.set(activity.category, list);
    }
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [activities, query]);

  return (
    <aside className="toolbox" aria-label="Activities">
      <input
        type="search"
        aria-label="Search activities"
        placeholder="Search activities…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.length === 0 && <p className="muted">No activity matches “{query}”.</p>}
      {groups.map(([category, list]) => (
        <section key={category} aria-label={category}>
          <h3>{category}</h3>
          <ul>
            {list.map((activity) => (
              <li key={activity.type}>
                <button
                  type="button"
                  className="tool"
                  disabled={disabled}
                  draggable={!disabled}
                  title={activity.description}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(activityDragType, activity.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => onAdd(activity)}
                >
                  <span className="tool-name">{activity.type}</span>
                  {activity.blocking && <span className="badge blocking">waits</span>}
                  <span className="tool-description">{activity.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
