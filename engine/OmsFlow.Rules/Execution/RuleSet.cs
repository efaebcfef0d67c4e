using System.Collections.Concurrent;
using System.Text;
using OmsFlow.Expressions;
using OmsFlow.Rules.Loading;
using OmsFlow.Rules.Model;

namespace OmsFlow.Rules.Execution;

/// <summary>
/// A set of RulesEngine workflows ready to execute. Workflows compile on first use per input signature
/// (names + types) and are cached; executions are thread-safe.
/// </summary>
public sealed partial class RuleSet
{
    private readonly Dictionary<string, Workflow> _workflows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CompiledWorkflow> _compiled = new(StringComparer.Ordinal);
    private readonly ExpressionEngine _engine;
    private LastCompiled? _lastCompiled;

    public RuleSet(IEnumerable<Workflow> workflows, ReSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        Settings = settings ?? new ReSettings();
        foreach (var workflow in workflows)
        {
            _workflows[workflow.WorkflowName] = workflow;
        }

        _engine = new ExpressionEngine(new ExpressionOptions
        {
            IgnoreCase = !Settings.IsExpressionCaseSensitive,
            CustomTypes = Settings.CustomTypes,
        });
    }

    public ReSettings Settings { get; }

    public IReadOnlyCollection<Workflow> Workflows => _workflows.Values;

    /// <summary>Loads and validates one rule file (one workflow object or an array).</summary>
    /// <exception cref="RuleSetLoadException">The file is not valid JSON or a workflow is invalid; every problem is listed.</exception>
    public static RuleSet Load(string json, string fileName, ReSettings? settings = null) => Load(new[] { (json, fileName) }, settings);

    /// <summary>Loads and validates several rule files into one set (workflows may inject workflows of other files).</summary>
    /// <exception cref="RuleSetLoadException">A file is not valid JSON or a workflow is invalid; every problem is listed.</exception>
    public static RuleSet Load(IEnumerable<(string Json, string FileName)> files, ReSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<RuleProblem>();
        var workflows = new List<(Workflow Workflow, string File)>();
        foreach (var (json, fileName) in files)
        {
            try
            {
                // Plain loops rather than LINQ over tuples: each generic instantiation over a struct is JIT-compiled on
                // first use, and loading the first rule file of a process is on the path users wait for.
                foreach (var workflow in WorkflowReader.Read(json, fileName))
                {
                    workflows.Add((workflow, fileName));
                }
            }
            catch (RuleSetLoadException exception)
            {
                problems.AddRange(exception.Problems);
            }
        }

        problems.AddRange(WorkflowValidator.Validate(workflows, settings?.CustomActions.Keys));
        if (problems.Count > 0)
        {
            throw new RuleSetLoadException(problems);
        }

        var loaded = new Workflow[workflows.Count];
        for (var i = 0; i < loaded.Length; i++)
        {
            loaded[i] = workflows[i].Workflow;
        }

        return new RuleSet(loaded, settings);
    }

    /// <summary>Whether a workflow of that name exists.</summary>
    public bool HasWorkflow(string workflowName) => FindWorkflow(workflowName) is not null;

    private Workflow? FindWorkflow(string name) =>
        _workflows.TryGetValue(name, out var workflow)
            ? workflow
            : _workflows.Values.FirstOrDefault(w => string.Equals(w.WorkflowName, name, StringComparison.OrdinalIgnoreCase));

    private CompiledWorkflow GetCompiled(string workflowName, RuleParameter[] inputs)
    {
        // Most callers run the same workflow with the same input shape again and again: skip building the key.
        var last = _lastCompiled;
        if (last is not null && last.Matches(workflowName, inputs))
        {
            return last.Workflow;
        }

        var compiled = GetCompiledSlow(workflowName, inputs);
        var signature = new (string Name, Type Type)[inputs.Length];
        for (var i = 0; i < signature.Length; i++)
        {
            signature[i] = (inputs[i].Name, inputs[i].Type);
        }

        _lastCompiled = new LastCompiled(workflowName, signature, compiled);
        return compiled;
    }

    private sealed record LastCompiled(string WorkflowName, (string Name, Type Type)[] Signature, CompiledWorkflow Workflow)
    {
        public bool Matches(string workflowName, RuleParameter[] inputs)
        {
            if (!ReferenceEquals(WorkflowName, workflowName) && WorkflowName != workflowName || inputs.Length != Signature.Length)
            {
                return false;
            }

            for (var i = 0; i < inputs.Length; i++)
            {
                if (Signature[i].Type != inputs[i].Type || Signature[i].Name != inputs[i].Name)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private CompiledWorkflow GetCompiledSlow(string workflowName, IReadOnlyList<RuleParameter> inputs)
    {
        var key = new StringBuilder(workflowName);
        foreach (var input in inputs)
        {
            key.Append('|').Append(input.Name).Append(':').Append(input.Type.FullName);
        }

        return _compiled.GetOrAdd(key.ToString(), _ =>
        {
            var workflow = FindWorkflow(workflowName)
                ?? throw new ArgumentException(
                    $"workflow '{workflowName}' not found; known workflows: {string.Join(", ", _workflows.Keys)}",
                    nameof(workflowName));
            return Compile(workflow, inputs.Select(i => new ExpressionParameter(i.Name, i.Type)).ToList());
        });
    }
}
