using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Validation;

public sealed partial class WorkflowValidator
{
    /// <summary>The state of one validation: the definition, what is known about its steps, and the problems so far.</summary>
    private sealed class Run
    {
        public Run(WorkflowDefinition definition, IReadOnlyCollection<string>? knownWorkflows)
        {
            Definition = definition;
            KnownWorkflows = knownWorkflows;
            ExpressionScope = [.. definition.Inputs.Select(i => i.Name), .. definition.Variables.Select(v => v.Name), .. ScopeNames];
            StepNames = [.. definition.Steps.Select(s => s.Name)];
        }

        public WorkflowDefinition Definition { get; }

        public List<DefinitionProblem> Problems { get; } = [];

        /// <summary>Names an expression in a step or output may use.</summary>
        public List<string> ExpressionScope { get; }

        public HashSet<string> StepNames { get; }

        /// <summary>Workflow ids a sub-workflow call may name; null when unknown.</summary>
        public IReadOnlyCollection<string>? KnownWorkflows { get; }

        public void Error(string code, string message, string path) => Add(code, message, path, ProblemSeverity.Error, null);

        public void Warning(string code, string message, string path) => Add(code, message, path, ProblemSeverity.Warning, null);

        public void Add(string code, string message, string path, ProblemSeverity severity, SourcePosition? position)
        {
            var (step, field) = ProblemPaths.Split(path);
            Problems.Add(new DefinitionProblem(code, message, severity, Definition.Source.File, position ?? Definition.Source.Find(path), step, field));
        }

        /// <summary>Reports <paramref name="target"/> if it names no step, suggesting the closest name.</summary>
        public void CheckTarget(string? target, string path, string what)
        {
            if (target is null || StepNames.Contains(target))
            {
                return;
            }
            Error("unknown-step", $"{what} '{target}', but there is no step of that name.{Suggestions.DidYouMean(target, StepNames)}", path);
        }
    }
}
