import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ActivityDescriptor, Problem, TestRunResult, WorkflowDetail, WorkflowDocument } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../common/ErrorMessage';
import { workflowCompletions } from '../../editors/completions';
import { diffWorkflows, mergedForDiff } from '../model/diff';
import { addStep, connect, copySteps, disconnect, moveSteps, pasteSteps, removeSteps, renameStep, uniqueStepName, type StepClipboard } from '../model/document';
import type { GraphDecorations } from '../model/graph';
import { freeSpot, layeredLayout, nodeSize } from '../model/layout';
import { runOverlay } from '../model/overlay';
import { controlForField, fieldElementId } from '../model/problems';
import { EditorCanvas } from './EditorCanvas';
import { EditorToolbar } from './EditorToolbar';
import { ProblemsPanel } from './ProblemsPanel';
import { PropertyPanel } from './PropertyPanel';
import { shortcutFor } from './shortcuts';
import { TestRunPanel } from './TestRunPanel';
import { Toolbox } from './Toolbox';
import { useDocumentHistory } from './useDocumentHistory';
import { useLiveValidation } from './useLiveValidation';
import { VersionsPanel } from './VersionsPanel';
import { WorkflowSettings } from './WorkflowSettings';

const clipboardKey = 'omsflow.clipboard';

interface Props {
  initial: WorkflowDocument;
  detail?: WorkflowDetail;
  version?: number;
  activities: ActivityDescriptor[];
  catalog: Map<string, ActivityDescriptor>;
  activitiesError: unknown;
  onReload: () => void;
}

export type SideTab = 'properties' | 'test' | 'versions';
export interface DiffView {
  before: WorkflowDocument;
  after: WorkflowDocument;
  label: string;
}

/** The workflow editor: toolbox, canvas, side panel (properties / test run / versions) and problems. */
export function EditorWorkspace({ initial, detail, version, activities, catalog, activitiesError, onReload }: Props) {
  const { can } = useSession();
  const flow = useReactFlow();
  const history = useDocumentHistory();
  const doc = history.doc ?? initial;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [extraOutcomes, setExtraOutcomes] = useState<Record<string, string[]>>({});
  const [tab, setTab] = useState<SideTab>('properties');
  const [testResult, setTestResult] = useState<TestRunResult>();
  const [diff, setDiff] = useState<DiffView>();
  const [focusRequest, setFocusRequest] = useState<{ problem: Problem; nonce: number }>();
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(initial));
  const [versionsRefresh, setVersionsRefresh] = useState(0);
  const { reset } = history;
  useEffect(() => reset(initial), [initial, reset]);

  const viewingVersion = version !== undefined;
  const readOnly = !can.editDrafts || viewingVersion || !!diff;
  const validation = useLiveValidation(doc, !viewingVersion && can.editDrafts);
  const dirty = JSON.stringify(doc) !== savedJson;
  const completions = useMemo(() => workflowCompletions(doc), [doc]);

  const decorations = useMemo<GraphDecorations>(() => {
    if (diff) return { changes: diffWorkflows(diff.before, diff.after).steps, selected };
    const overlay = testResult ? runOverlay(doc, testResult.journal, testResult.bookmarks, testResult.incidents) : undefined;
    return {
      problems: validation.problems,
      selected,
      extraOutcomes,
      runStates: overlay?.steps,
      runOutcomes: overlay?.outcomes,
      takenEdges: overlay?.edges,
    };
  }, [diff, doc, testResult, validation.problems, selected, extraOutcomes]);
  const shown = diff ? mergedForDiff(diff.before, diff.after) : doc;

  const commit = useCallback(
    (next: WorkflowDocument) => {
      if (!readOnly) history.commit(next);
    },
    [history, readOnly],
  );

  const selectOnly = useCallback((step: string | undefined) => setSelected(step ? new Set([step]) : new Set()), []);

  const centreOf = () => {
    const rect = document.querySelector('.canvas')?.getBoundingClientRect();
    return rect ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 }) : { x: 0, y: 0 };
  };

  const addActivity = (type: string, at: { x: number; y: number }) => {
    if (readOnly) return;
    const name = uniqueStepName(doc, type);
    const layout = freeSpot(doc, { x: at.x - nodeSize.width / 2, y: at.y - nodeSize.height / 2 });
    commit(addStep(doc, name, { activity: type, layout }));
    // The step may have been moved aside to a free spot: keep it in view.
    if (layout.x !== Math.round(at.x - nodeSize.width / 2))
      void flow.setCenter(layout.x + nodeSize.width / 2, layout.y + nodeSize.height / 2, { zoom: flow.getZoom(), duration: 200 });
    selectOnly(name);
    setTab('properties');
  };

  const copy = () => {
    if (!selected.size) return;
    localStorage.setItem(clipboardKey, JSON.stringify(copySteps(doc, selected)));
  };
  const paste = () => {
    const raw = localStorage.getItem(clipboardKey);
    if (!raw || readOnly) return;
    const clipboard = JSON.parse(raw) as StepClipboard;
    if (clipboard.kind !== 'omsflow.steps') return;
    const result = pasteSteps(doc, clipboard);
    commit(result.doc);
    setSelected(new Set(result.pasted));
  };

  const autoLayout = () => {
    commit(moveSteps(doc, layeredLayout(doc)));
    window.requestAnimationFrame(() => void flow.fitView({ duration: 200 }));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || document.querySelector('[role="dialog"]')) return;
    const command = shortcutFor(event);
    if (!command) return;
    event.preventDefault();
    switch (command) {
      case 'undo':
        if (!readOnly) history.undo();
        break;
      case 'redo':
        if (!readOnly) history.redo();
        break;
      case 'copy':
        copy();
        break;
      case 'cut':
        copy();
        if (!readOnly) commit(removeSteps(doc, selected));
        break;
      case 'paste':
        paste();
        break;
      case 'selectAll':
        setSelected(new Set(Object.keys(doc.steps)));
        break;
      case 'save':
        document.getElementById('save-draft')?.click();
        break;
      case 'layout':
        if (!readOnly) autoLayout();
        break;
      case 'run':
        setTab('test');
        window.setTimeout(() => document.querySelector<HTMLButtonElement>('.test-run button.primary')?.click(), 0);
        break;
      case 'clearSelection':
        selectOnly(undefined);
        break;
    }
  };

  // Closing or reloading the tab with unsaved edits asks first.
  useEffect(() => {
    if (!dirty || readOnly) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, readOnly]);

  // Shortcuts listen on the window so they work wherever focus is (canvas pane, toolbar), except in text fields.
  const keyHandler = useRef(onKeyDown);
  keyHandler.current = onKeyDown;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyHandler.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  // Clicking a problem: select its step, bring it into view and focus the control for its field.
  useEffect(() => {
    if (!focusRequest) return;
    const { problem } = focusRequest;
    const candidates = problem.step
      ? [fieldElementId(problem.step, problem.field ?? 'name'), fieldElementId(problem.step, controlForField(problem.field))]
      : [`workflow-${controlForField(problem.field)}`, 'workflow-name'];
    let attempts = 0;
    const timer = window.setInterval(() => {
      const element = candidates.map((id) => document.getElementById(id)).find(Boolean);
      if (element || ++attempts > 40) {
        window.clearInterval(timer);
        element?.scrollIntoView({ block: 'nearest' });
        element?.focus();
      }
    }, 50);
    return () => window.clearInterval(timer);
  }, [focusRequest]);

  const selectProblem = (problem: Problem) => {
    setTab('properties');
    selectOnly(problem.step && problem.step in doc.steps ? problem.step : undefined);
    const position = problem.step ? doc.steps[problem.step]?.layout : undefined;
    if (position) void flow.setCenter(position.x + nodeSize.width / 2, position.y + nodeSize.height / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 });
    setFocusRequest({ problem, nonce: Date.now() });
  };

  const single = selected.size === 1 ? [...selected][0] : undefined;
  const selectedStep = single && single in doc.steps ? single : undefined;

  return (
    <div className="editor">
      <EditorToolbar
        doc={doc}
        detail={detail}
        version={version}
        dirty={dirty}
        readOnly={readOnly}
        diffLabel={diff?.label}
        history={history}
        problems={validation.problems}
        onSaved={(saved, problems) => {
          setSavedJson(JSON.stringify(saved));
          validation.setProblems(problems);
        }}
        onProblems={validation.setProblems}
        onPublished={() => setVersionsRefresh((n) => n + 1)}
        onAutoLayout={autoLayout}
        onCloseDiff={() => setDiff(undefined)}
        onReload={onReload}
      />
      <div className="editor-messages">
        <ErrorMessage error={activitiesError} />
        <ErrorMessage error={validation.error} />
      </div>
      <div className="editor-body">
        <Toolbox activities={activities} disabled={readOnly} onAdd={(activity) => addActivity(activity.type, centreOf())} />
        <EditorCanvas
          doc={shown}
          catalog={catalog}
          decorations={decorations}
          readOnly={readOnly}
          onCommit={commit}
          onApply={(edit) => !readOnly && history.apply(edit)}
          onTransient={(next) => !readOnly && history.transient(next)}
          onSettle={history.settle}
          onSelectionChange={setSelected}
          onDropActivity={addActivity}
        />
        <aside className="side-panel" aria-label="Details">
          <div role="tablist" aria-label="Panels" className="tabs">
            {(['properties', 'test', 'versions'] as const).map((t) => (
              <button key={t} type="button" role="tab" id={`tab-${t}`} aria-selected={tab === t} aria-controls={`panel-${t}`} onClick={() => setTab(t)}>
                {t === 'properties' ? 'Properties' : t === 'test' ? 'Test run' : 'Versions'}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
            {tab === 'properties' &&
              (selectedStep ? (
                <PropertyPanel
                  doc={doc}
                  step={selectedStep}
                  descriptor={catalog.get(doc.steps[selectedStep].activity)}
                  problems={validation.problems}
                  completions={completions}
                  readOnly={readOnly}
                  extraOutcomes={extraOutcomes[selectedStep] ?? []}
                  onChange={commit}
                  onRename={(from, to) => {
                    try {
                      commit(renameStep(doc, from, to));
                      selectOnly(to);
                      return undefined;
                    } catch (e) {
                      return (e as Error).message;
                    }
                  }}
                  onAddOutcome={(outcome) => setExtraOutcomes((m) => ({ ...m, [selectedStep]: [...(m[selectedStep] ?? []), outcome] }))}
                  onConnect={(outcome, target) => commit(target ? connect(doc, selectedStep, outcome, target) : disconnect(doc, selectedStep, outcome))}
                  onDelete={() => {
                    commit(removeSteps(doc, [selectedStep]));
                    selectOnly(undefined);
                  }}
                />
              ) : selected.size > 1 ? (
                <p className="muted">{selected.size} steps selected. Copy (Ctrl+C), cut, delete, or drag them together.</p>
              ) : (
                <WorkflowSettings doc={doc} problems={validation.problems} readOnly={readOnly} onChange={commit} />
              ))}
            {tab === 'test' && <TestRunPanel doc={doc} canRun={can.testRun} result={testResult} onResult={setTestResult} onSelectStep={(s) => selectOnly(s)} onProblems={validation.setProblems} />}
            {tab === 'versions' && (
              <VersionsPanel
                workflowId={doc.id}
                draft={doc}
                canEdit={can.editDrafts && !viewingVersion}
                refreshKey={versionsRefresh}
                onRevert={(reverted) => {
                  setDiff(undefined);
                  history.commit(reverted);
                }}
                onDiff={(before, after, label) => {
                  setTestResult(undefined);
                  setDiff({ before, after, label });
                }}
              />
            )}
          </div>
        </aside>
      </div>
      <ProblemsPanel problems={validation.problems} stepOrder={Object.keys(doc.steps)} validating={validation.validating} onSelect={selectProblem} />
    </div>
  );
}
