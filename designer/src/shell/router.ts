import { useEffect, useState } from 'react';
import type { DefinitionKind } from '../api/definitions';

const definitionKinds: readonly string[] = ['rules', 'tables', 'templates'];

/** Screens the designer can show; the URL hash holds the route so the server's SPA fallback is never needed to deep-link. */
export type Route =
  | { screen: 'workflows' }
  | { screen: 'workflow'; id: string; version?: number }
  | { screen: 'instances' }
  | { screen: 'instance'; id: string }
  | { screen: 'tasks' }
  | { screen: 'definitions'; kind: DefinitionKind }
  | { screen: 'definition'; kind: DefinitionKind; id: string }
  | { screen: 'releases' };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === 'workflows' && parts[1]) {
    const version = params.get('version');
    return { screen: 'workflow', id: parts[1], version: version ? Number(version) : undefined };
  }
  if (parts[0] === 'instances' && parts[1]) return { screen: 'instance', id: parts[1] };
  if (parts[0] === 'instances') return { screen: 'instances' };
  if (parts[0] === 'tasks') return { screen: 'tasks' };
  if (parts[0] === 'releases') return { screen: 'releases' };
  if (definitionKinds.includes(parts[0])) {
    const kind = parts[0] as DefinitionKind;
    return parts[1] ? { screen: 'definition', kind, id: parts[1] } : { screen: 'definitions', kind };
  }
  return { screen: 'workflows' };
}

export function hrefFor(route: Route): string {
  switch (route.screen) {
    case 'workflows':
      return '#/workflows';
    case 'workflow':
      return `#/workflows/${encodeURIComponent(route.id)}${route.version ? `?version=${route.version}` : ''}`;
    case 'instances':
      return '#/instances';
    case 'instance':
      return `#/instances/${encodeURIComponent(route.id)}`;
    case 'tasks':
      return '#/tasks';
    case 'definitions':
      return `#/${route.kind}`;
    case 'definition':
      return `#/${route.kind}/${encodeURIComponent(route.id)}`;
    case 'releases':
      return '#/releases';
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
