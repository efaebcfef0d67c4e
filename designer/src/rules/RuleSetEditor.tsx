import { useMemo, useState } from 'react';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { DefinitionProblems } from '../definitions/DefinitionProblems';
import { DefinitionToolbar } from '../definitions/DefinitionToolbar';
import { ruleSetSkeleton } from '../definitions/skeletons';
import { useDefinitionDocument } from '../definitions/useDefinitionDocument';
import { knownOrderFields, type CompletionItem } from '../editors/completions';
import { LazyCodeEditor } from '../editors/LazyCodeEditor';
import { hrefFor } from '../shell/router';
import { RuleCard, type RuleCardActions } from './RuleCard';
import { RuleEvaluatePanel } from './RuleEvaluatePanel';
import { addRule, addWorkflow, inputNames, moveRule, parseRuleSet, removeRule, serializeRuleSet, updateRule, type RuleSetModel } from './ruleModel';

/**
 * A rule set (RulesEngine JSON): its workflows' rules as cards with expression editors, nested rules, parameters,
 * messages and actions; server problems on the rule they name; evaluation against sample input beside it.
 */
export default function RuleSetEditor({ ruleSetId }: { ruleSetId: string }) {
  const { can } = useSession();
  const document = useDefinitionDocument('rules', ruleSetId, ruleSetSkeleton);
  const [workflowIndex, setWorkflowIndex] = useState(0);
  const [showSource, setShowSource] = useState(false);
  const [focusRule, setFocusRule] = useState<string>();
  const parsed = useMemo(() => parseRuleSet(document.text), [document.text]);
  const readOnly = !can.editDrafts;

  if (document.loadError) return <ErrorMessage error={document.loadError} retry={document.reload} />;
  if (!document.detail) return <p className="loading" role="status">Loading rule set…</p>;

  const model = parsed.ok ? parsed.model : undefined;
  const index = model ? Math.min(workflowIndex, model.workflows.length - 1) : 0;
  const workflow = model?.workflows[index];
  const apply = (next: RuleSetModel) => document.setText(serializeRuleSet(next));
  const actions: RuleCardActions = {
    update: (path, patch) => model && apply(updateRule(model, index, path, patch)),
    addNested: (path) => model && apply(addRule(model, index, path)),
    remove: (path) => model && apply(removeRule(model, index, path)),
    move: (path, delta) => model && apply(moveRule(model, index, path, delta)),
  };
  const names = workflow ? inputNames(workflow) : [];
  const completions: CompletionItem[] = [...names.filter((n) => n !== 'order').map((n) => ({ label: n, type: 'variable' as const, detail: 'input' })), ...knownOrderFields];
  const selectRule = (name: string) => {
    setFocusRule(name);
    setShowSource(false);
    window.requestAnimationFrame(() => window.document.querySelector<HTMLElement>(`[data-rule="${CSS.escape(name)}"] input`)?.focus());
  };

  return (
    <div className="definition-editor">
      <DefinitionToolbar title={`Rule set ${ruleSetId}`} document={document}>
        <a href={hrefFor({ screen: 'definitions', kind: 'rules' })}>All rule sets</a>
        <label className="checkbox">
          <input type="checkbox" checked={showSource || !parsed.ok} disabled={!parsed.ok} onChange={(e) => setShowSource(e.target.checked)} />
          JSON source
        </label>
      </DefinitionToolbar>
      <div className="definition-body">
        <div className="definition-main">
          {!parsed.ok && (
            <p role="alert" className="error-text">
              {parsed.message}
            </p>
          )}
          {showSource || !parsed.ok || !model || !workflow ? (
            <LazyCodeEditor language="json" value={document.text} onChange={document.setText} ariaLabel="Rule set JSON" readOnly={readOnly} minLines={20} />
          ) : (
            <>
              <div className="tabs" role="tablist" aria-label="Workflows of the rule set">
                {model.workflows.map((w, i) => (
                  <button key={i} type="button" role="tab" aria-selected={i === index} className={i === index ? 'active' : undefined} onClick={() => setWorkflowIndex(i)}>
                    {w.WorkflowName || `workflow ${i + 1}`}
                  </button>
                ))}
                {!readOnly && (
                  <button type="button" onClick={() => (apply(addWorkflow(model, `Workflow${model.workflows.length + 1}`)), setWorkflowIndex(model.workflows.length))}>
                    Add workflow
                  </button>
                )}
              </div>
              <label className="field">
                Workflow name
                <input
                  value={workflow.WorkflowName}
                  readOnly={readOnly}
                  onChange={(e) => apply({ ...model, workflows: model.workflows.map((w, i) => (i === index ? { ...w, WorkflowName: e.target.value } : w)) })}
                />
              </label>
              {workflow.Rules.map((rule, i) => (
                <RuleCard
                  key={i}
                  rule={rule}
                  path={[i]}
                  siblings={workflow.Rules.length}
                  problems={document.problems}
                  completions={completions}
                  readOnly={readOnly}
                  actions={actions}
                  focusRule={focusRule}
                />
              ))}
              {!readOnly && (
                <button type="button" onClick={() => apply(addRule(model, index, []))}>
                  Add rule
                </button>
              )}
            </>
          )}
        </div>
        <aside className="side-panel">
          {workflow && (
            <RuleEvaluatePanel
              key={index}
              ruleSetId={ruleSetId}
              workflow={workflow.WorkflowName}
              inputNames={names}
              hasDraft={document.detail.hasDraft || document.dirty}
              hasPublished={document.detail.publishedVersion !== null}
              saveFirst={async () => (document.dirty ? document.save() : true)}
              onSelectRule={selectRule}
            />
          )}
        </aside>
      </div>
      <DefinitionProblems problems={document.problems} validating={document.validating} onSelect={(p) => p.field && selectRule(p.field)} />
    </div>
  );
}
