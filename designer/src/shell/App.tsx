import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, loadApiKey, onUnauthorized, storeApiKey } from '../api/client';
import type { DefinitionKind } from '../api/definitions';
import type { Me } from '../api/types';
import { permissionsFor } from '../auth/permissions';
import { SessionContext, type Session } from '../auth/session';
import { SignIn } from '../auth/SignIn';
import { WorkflowList } from '../workflows/WorkflowList';
import { hrefFor, useRoute, type Route } from './router';

// Heavy screens (the canvas, CodeMirror) load on first use to keep the initial bundle small.
const WorkflowEditor = lazy(() => import('../workflows/editor/WorkflowEditor'));
const InstanceList = lazy(() => import('../instances/InstanceList'));
const InstanceView = lazy(() => import('../instances/InstanceView'));
const TaskInbox = lazy(() => import('../tasks/TaskInbox'));
const DefinitionList = lazy(() => import('../definitions/DefinitionList'));
const RuleSetEditor = lazy(() => import('../rules/RuleSetEditor'));
const TableEditor = lazy(() => import('../tables/TableEditor'));
const TemplateEditor = lazy(() => import('../templates/TemplateEditor'));
const ReleasesScreen = lazy(() => import('../releases/ReleasesScreen'));

type AuthState = { kind: 'checking' } | { kind: 'signedOut'; notice?: string } | { kind: 'signedIn'; me: Me };

export function App() {
  const [auth, setAuth] = useState<AuthState>(() => (loadApiKey() ? { kind: 'checking' } : { kind: 'signedOut' }));
  const route = useRoute();

  useEffect(() => {
    if (auth.kind !== 'checking') return;
    let live = true;
    api
      .me()
      .then((me) => live && setAuth({ kind: 'signedIn', me }))
      .catch(() => {
        storeApiKey(null);
        if (live) setAuth({ kind: 'signedOut', notice: 'Your session ended. Sign in again.' });
      });
    return () => {
      live = false;
    };
  }, [auth.kind]);

  useEffect(
    () =>
      onUnauthorized(() => {
        storeApiKey(null);
        setAuth({ kind: 'signedOut', notice: 'The server no longer accepts your API key. Sign in again.' });
      }),
    [],
  );

  const signOut = useCallback(() => {
    storeApiKey(null);
    setAuth({ kind: 'signedOut' });
  }, []);

  const session = useMemo<Session | null>(
    () => (auth.kind === 'signedIn' ? { me: auth.me, can: permissionsFor(auth.me.roles), signOut } : null),
    [auth, signOut],
  );

  if (auth.kind === 'checking') return <p className="loading" role="status">Signing in…</p>;
  if (!session)
    return (
      <SignIn
        notice={auth.kind === 'signedOut' ? auth.notice : undefined}
        onSignedIn={(key, me) => {
          storeApiKey(key);
          setAuth({ kind: 'signedIn', me });
        }}
      />
    );

  return (
    <SessionContext.Provider value={session}>
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="app-header">
          <span className="brand">OmsFlow</span>
          <nav aria-label="Main">
            <NavLink route={{ screen: 'workflows' }} current={route} label="Workflows" />
            <NavLink route={{ screen: 'definitions', kind: 'rules' }} current={route} label="Rules" />
            <NavLink route={{ screen: 'definitions', kind: 'tables' }} current={route} label="Tables" />
            <NavLink route={{ screen: 'definitions', kind: 'templates' }} current={route} label="Templates" />
            {session.can.viewInstances && <NavLink route={{ screen: 'instances' }} current={route} label="Instances" />}
            {session.can.completeTasks && <NavLink route={{ screen: 'tasks' }} current={route} label="Tasks" />}
            {session.can.viewReleases && <NavLink route={{ screen: 'releases' }} current={route} label="Releases" />}
          </nav>
          <span className="user" aria-label="Signed in as">
            {session.me.name} <small>({session.me.roles.join(', ')})</small>
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </header>
        <main id="main" className="app-main" tabIndex={-1}>
          <Suspense fallback={<p className="loading" role="status">Loading…</p>}>
            <Screen route={route} />
          </Suspense>
        </main>
      </div>
    </SessionContext.Provider>
  );
}

function NavLink({ route, current, label }: { route: Route; current: Route; label: string }) {
  const active =
    route.screen === 'definitions'
      ? (current.screen === 'definitions' || current.screen === 'definition') && current.kind === route.kind
      : current.screen.startsWith(route.screen.replace(/s$/, ''));
  return (
    <a href={hrefFor(route)} aria-current={active ? 'page' : undefined} className={active ? 'active' : undefined}>
      {label}
    </a>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'workflows':
      return <WorkflowList />;
    case 'workflow':
      return <WorkflowEditor key={`${route.id}@${route.version ?? 'draft'}`} workflowId={route.id} version={route.version} />;
    case 'instances':
      return <InstanceList />;
    case 'instance':
      return <InstanceView key={route.id} instanceId={route.id} />;
    case 'tasks':
      return <TaskInbox />;
    case 'definitions':
      return <DefinitionList key={route.kind} kind={route.kind} />;
    case 'definition':
      return <DefinitionEditor key={`${route.kind}/${route.id}`} kind={route.kind} id={route.id} />;
    case 'releases':
      return <ReleasesScreen />;
  }
}

function DefinitionEditor({ kind, id }: { kind: DefinitionKind; id: string }) {
  switch (kind) {
    case 'rules':
      return <RuleSetEditor ruleSetId={id} />;
    case 'tables':
      return <TableEditor tableId={id} />;
    case 'templates':
      return <TemplateEditor templateId={id} />;
  }
}
