import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './router';

describe('router', () => {
  it('round-trips the definition, table, template and release routes through the URL hash', () => {
    const routes: Route[] = [
      { screen: 'definitions', kind: 'rules' },
      { screen: 'definition', kind: 'tables', id: 'carrier selection' },
      { screen: 'definition', kind: 'templates', id: 'shipped' },
      { screen: 'releases' },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
    expect(hrefFor({ screen: 'definition', kind: 'tables', id: 'carrier selection' })).toBe('#/tables/carrier%20selection');
  });
});
