using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// One instance loaded in memory: runs its ready tokens until every branch waits or ends, collecting the
/// changes of that stretch into a <see cref="CommitUnit"/> that the caller commits atomically.
/// </summary>
/// <remarks>
/// The execution is not thread-safe; the engine guarantees that one execution per instance runs at a time.
/// Nothing here touches the database: loading and committing are the engine's job, so the same code runs
/// durable instances and the designer's in-memory test runs.
/// </remarks>
internal sealed partial class InstanceExecution
{
    internal static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly EngineServices _services;
    private readonly InstanceRecord _record;
    private bool _persisted;
    private readonly List<StepTiming> _stepTimings = [];
    private bool _flushRequested;
    private Dictionary<string, JsonNode?>? _scope;
    private JsonObject? _instanceInfo;

    private InstanceExecution(EngineServices services, WorkflowDefinition definition, InstanceRecord record, InstanceState state, bool isNew)
    {
        _services = services;
        Definition = definition;
        _record = record;
        State = state;
        _persisted = !isNew;
        Status = Enum.Parse<InstanceStatus>(record.Status);
        Unit = new CommitUnit();
    }

    public WorkflowDefinition Definition { get; }

    public InstanceState State { get; }

    public InstanceStatus Status { get; private set; }

    public string Id => _record.Id;

    public InstanceRecord Record => _record;

    /// <summary>Changes since the last commit.</summary>
    public CommitUnit Unit { get; private set; }

    /// <summary>A step asked for a commit right after it (<c>CommitAfter</c>); the engine commits and continues.</summary>
    public bool FlushRequested => _flushRequested;

    /// <summary>The instance was created by the unit not committed yet (for <see cref="EngineMetrics"/>).</summary>
    internal bool StartedInUnit { get; private set; }

    /// <summary>Steps that completed or faulted for good in the unit not committed yet (for <see cref="EngineMetrics"/>).</summary>
    internal IReadOnlyList<StepTiming> StepTimings => _stepTimings;

    internal void ClearMeasurements()
    {
        _stepTimings.Clear();
        StartedInUnit = false;
    }

    private void TimeStep(Token token, StepDefinition step, string result)
        => _stepTimings.Add(new StepTiming(step.Activity, result, Math.Max(0, _services.NowMs - token.StartedAt)));

    /// <summary>A new instance at its start step.</summary>
    public static InstanceExecution Create(
        EngineServices services, WorkflowDefinition definition, int version, string id, JsonObject input, string? correlationKey,
        string? parentInstanceId = null, string? parentBookmarkId = null, string? startedBy = null)
    {
        var now = services.NowMs;
        var state = new InstanceState { Input = input, ParentBookmarkId = parentBookmarkId };
        foreach (var variable in definition.Variables)
        {
            state.Variables[variable.Name] = variable.Default?.DeepClone() ?? ValueTypes.DefaultFor(variable.Type);
        }
        foreach (var parameter in definition.Inputs)
        {
            if (!input.ContainsKey(parameter.Name) && parameter.Default is not null)
            {
                input[parameter.Name] = parameter.Default.DeepClone();
            }
        }
        var record = new InstanceRecord
        {
            Id = id,
            WorkflowId = definition.Id,
            Version = version,
            Status = nameof(InstanceStatus.Running),
            CorrelationKey = correlationKey,
            Runnable = true,
            State = string.Empty,
            Input = input.ToJsonString(),
            ParentInstanceId = parentInstanceId,
            StartedBy = startedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var execution = new InstanceExecution(services, definition, record, state, isNew: true) { StartedInUnit = true };
        if (definition.FindStep(definition.StartStep) is null)
        {
            execution.State.Error = $"Workflow '{definition.Id}' has no step '{definition.StartStep}' to start at.";
            execution.Status = InstanceStatus.Faulted;
            return execution;
        }
        execution.State.Tokens.Add(new Token { Id = state.NewId("t"), Step = definition.StartStep, Visit = state.Enter(definition.StartStep) });
        execution.Journal("instanceStarted", null, null, null, 0, new JsonObject { ["input"] = input.DeepClone() });
        return execution;
    }

    /// <summary>An instance loaded from its committed row.</summary>
    public static InstanceExecution Load(EngineServices services, WorkflowDefinition definition, InstanceRecord record)
    {
        var state = JsonSerializer.Deserialize<InstanceState>(record.State, StateJson)
            ?? throw new InvalidOperationException($"Instance {record.Id} has no state.");
        return new InstanceExecution(services, definition, record, state, isNew: false);
    }

    /// <summary>Runs ready tokens until none is left, or until a step asks for a commit.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _flushRequested = false;
        while (!_flushRequested && !IsTerminal && TakeReadyToken() is { } token)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await ExecuteStepAsync(token, cancellationToken).ConfigureAwait(false);
        }
        if (!_flushRequested)
        {
            Settle();
        }
    }

    public bool IsTerminal => Status is InstanceStatus.Completed or InstanceStatus.Faulted or InstanceStatus.Cancelled
        && State.CompensatingTowards is null;

    public bool HasReadyTokens => State.Tokens.Exists(t => t.Status == TokenStatus.Ready);

    /// <summary>Writes state into the row and returns the unit to commit; the next changes start a new unit.</summary>
    public CommitUnit TakeUnit()
    {
        var unit = Unit;
        _record.State = JsonSerializer.Serialize(State, StateJson);
        _record.Status = Status.ToString();
        _record.Runnable = Status == InstanceStatus.Running;
        _record.HasIncident = Status == InstanceStatus.Faulted;
        _record.UpdatedAt = _services.NowMs;
        unit.ExpectedRevision = _persisted ? _record.Revision : null;
        _persisted = true;
        _record.Revision++;
        unit.Instance = _record;
        Unit = new CommitUnit();
        return unit;
    }

    private Token? TakeReadyToken()
    {
        foreach (var token in State.Tokens)
        {
            if (token.Status == TokenStatus.Ready)
            {
                return token;
            }
        }
        return null;
    }

    /// <summary>Decides the status once no token is ready: completed, suspended, faulted, or compensation finished.</summary>
    private void Settle()
    {
        if (IsTerminal)
        {
            return;
        }
        if (State.Tokens.Count == 0)
        {
            if (State.CompensatingTowards is { } towards)
            {
                Finish(towards);
            }
            else
            {
                Complete();
            }
            return;
        }
        Status = State.Tokens.Exists(t => t.Status == TokenStatus.Faulted) ? InstanceStatus.Faulted : InstanceStatus.Suspended;
        if (State.Tokens.Exists(t => t.Status == TokenStatus.Ready))
        {
            Status = InstanceStatus.Running;
        }
    }
}
