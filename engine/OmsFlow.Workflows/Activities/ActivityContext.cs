using System.Text.Json.Nodes;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Definitions;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Workflows.Activities;

/// <summary>What an executing activity can see and do: its step, the instance's variables, expressions, time and the outbox.</summary>
public sealed class ActivityContext
{
    private readonly Func<string, JsonNode?> _evaluate;
    private readonly Action<OutgoingMessage> _send;
    private readonly Action<UnitWrite> _enlist;
    private readonly Dictionary<string, int> _pins;

    internal ActivityContext(
        string instanceId,
        WorkflowDefinition workflow,
        int workflowVersion,
        StepDefinition step,
        string executionKey,
        int attempt,
        string? correlationKey,
        JsonObject variables,
        DateTimeOffset now,
        IServiceProvider services,
        DefinitionLibrary definitions,
        DocumentStore documents,
        Dictionary<string, int> pins,
        Func<string, JsonNode?> evaluate,
        Action<OutgoingMessage> send,
        Action<UnitWrite> enlist,
        CancellationToken cancellationToken)
    {
        InstanceId = instanceId;
        Workflow = workflow;
        WorkflowVersion = workflowVersion;
        Step = step;
        ExecutionKey = executionKey;
        Attempt = attempt;
        CorrelationKey = correlationKey;
        Variables = variables;
        Now = now;
        Services = services;
        Definitions = definitions;
        Documents = documents;
        _pins = pins;
        _evaluate = evaluate;
        _send = send;
        _enlist = enlist;
        CancellationToken = cancellationToken;
    }

    public string InstanceId { get; }

    public WorkflowDefinition Workflow { get; }

    public int WorkflowVersion { get; }

    public StepDefinition Step { get; }

    /// <summary>
    /// Identifies this execution of the step within the instance, the same across retries and crash recovery
    /// (instance, step, loop item). Use it as an idempotency key for anything the step does outside the instance.
    /// </summary>
    public string ExecutionKey { get; }

    /// <summary>1 for the first attempt, 2 for the first retry, ...</summary>
    public int Attempt { get; }

    /// <summary>The instance's correlation key, such as the order id.</summary>
    public string? CorrelationKey { get; }

    /// <summary>The instance's variables; changes are committed with the step.</summary>
    public JsonObject Variables { get; }

    /// <summary>Now, from the engine's clock (injectable in tests).</summary>
    public DateTimeOffset Now { get; }

    public IServiceProvider Services { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Published rule sets, decision tables and template sets; resolve them through it to honour the instance's pins.</summary>
    public DefinitionLibrary Definitions { get; }

    /// <summary>Where issued documents are stored (immutable once issued).</summary>
    public DocumentStore Documents { get; }

    /// <summary>The version of definition <paramref name="id"/> of <paramref name="kind"/> this instance pinned, or null when it has not used it yet.</summary>
    public int? PinnedVersion(string kind, string id) => _pins.TryGetValue(PinKey(kind, id), out var version) ? version : null;

    /// <summary>The release the instance started on (definitions resolve from it), or null for an instance older than releases.</summary>
    public int? PinnedRelease => _pins.TryGetValue(InstanceState.ReleasePin, out var release) ? release : null;

    /// <summary>Pins <paramref name="version"/> for the rest of the instance (committed with the step).</summary>
    public void Pin(string kind, string id, int version) => _pins[PinKey(kind, id)] = version;

    private static string PinKey(string kind, string id) => kind + ":" + id;

    /// <summary>Evaluates an expression (without the leading '=') in this step's scope.</summary>
    public JsonNode? Evaluate(string expression) => _evaluate(expression);

    /// <summary>
    /// Queues a message for delivery through the outbox. It is written in the same transaction as the step's
    /// completion and delivered after commit; its id is derived from <see cref="ExecutionKey"/> and
    /// <paramref name="message"/>'s key, so a re-executed step cannot send it twice.
    /// </summary>
    public void Send(OutgoingMessage message) => _send(message);

    /// <summary>
    /// Writes a domain change (an order's row, a status) in the same transaction as this step's commit, so the
    /// instance and the domain tables never disagree after a crash. A test run never commits, so it writes nothing.
    /// </summary>
    public void Enlist(UnitWrite write) => _enlist(write);
}

/// <summary>A side effect to deliver after commit (an email, a webhook, a carrier call).</summary>
/// <param name="Channel">Transport that delivers it, e.g. <c>email</c>, <c>webhook</c>.</param>
/// <param name="Key">Distinguishes several messages from one step execution (e.g. <c>confirmation</c>).</param>
/// <param name="Payload">Transport-specific content.</param>
/// <param name="Topic">Event type or document kind, e.g. <c>order.shipped</c>.</param>
public sealed record OutgoingMessage(string Channel, string Key, JsonObject Payload, string? Topic = null);
