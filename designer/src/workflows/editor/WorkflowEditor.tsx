import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { WorkflowDetail, WorkflowDocument } from '../../api/types';
import { ErrorMessage } from '../../common/ErrorMessage';
import { emptyWorkflow, moveSteps } from '../model/document';
import { positionsFor } from '../model/layout';
import { useActivities } from '../useActivities';
import { EditorWorkspace } from './EditorWorkspace';

interface Props {
  workflowId: string;
  /** A published version to look at (read-only); without it the draft (or the published version) is edited. */
  version?: number;
}

/** Steps without a saved position get one, so what the user sees is what the next save stores. */
function withLayout(doc: WorkflowDocument): WorkflowDocument {
  return Object.values(doc.steps).some((s) => !s.layout) ? moveSteps(doc, positionsFor(doc)) : doc;
}

/** Loads a workflow (its draft, published version, or a given version) and the activity catalog, then opens the editor. */
export default function WorkflowEditor({ workflowId, version }: Props) {
  const activities = useActivities();
  const [loaded, setLoaded] = useState<{ doc: WorkflowDocument; detail?: WorkflowDetail }>();
  const [error, setError] = useState<unknown>();
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let live = true;
    setError(undefined);
    setLoaded(undefined);
    const load = version !== undefined
      ? api.version(workflowId, version).then((doc) => ({ doc: withLayout(doc) }))
      : api.workflow(workflowId).then((detail) => ({
          detail,
          doc: withLayout(detail.draft ?? detail.published ?? emptyWorkflow(workflowId, detail.name)),
        }));
    load.then((value) => live && setLoaded(value)).catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [workflowId, version, reloadKey]);

  if (error) return <ErrorMessage error={error} retry={() => setReloadKey((k) => k + 1)} />;
  if (!loaded) return <p role="status">Loading workflow…</p>;
  return (
    <ReactFlowProvider>
      <EditorWorkspace
        key={reloadKey}
        initial={loaded.doc}
        detail={loaded.detail}
        version={version}
        activities={activities.activities}
        catalog={activities.catalog}
        activitiesError={activities.error}
        onReload={() => setReloadKey((k) => k + 1)}
      />
    </ReactFlowProvider>
  );
}
