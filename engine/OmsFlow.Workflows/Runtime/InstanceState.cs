using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OmsFlow.Workflows.Runtime;

/// <summary>
/// The execution state of an instance, serialized as JSON into the instance row at every commit.
/// Tokens are the positions of execution (one per live branch or loop item); scopes group the tokens
/// of a fork or a for-each so joins and loops know what they wait for.
/// </summary>
public sealed class InstanceState
{
    public JsonObject Input { get; set; } = [];

    public JsonObject Variables { get; set; } = [];

    /// <summary>Step name to <c>{outcome, output}</c> of its latest completion, visible to expressions as <c>steps</c>.</summary>
    public JsonObject Steps { get; set; } = [];

    public List<Token> Tokens { get; set; } = [];

    public List<Scope> Scopes { get; set; } = [];

    /// <summary>Completed steps that declared compensation, in completion order.</summary>
    public List<CompensationEntry> Compensations { get; set; } = [];

    /// <summary>Set while compensating: the status the instance ends with once compensation is done.</summary>
    public InstanceStatus? CompensatingTowards { get; set; }

    public string? Error { get; set; }

    /// <summary>For a child instance: the parent's bookmark to fire when this instance ends.</summary>
    public string? ParentBookmarkId { get; set; }

    public JsonObject? Outputs { get; set; }

    /// <summary>Times each step was entered through a transition, so a step reached again in a loop gets a new execution key.</summary>
    public Dictionary<string, int> Visits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Counts one more entry into <paramref name="step"/> and returns its number (1 the first time).</summary>
    public int Enter(string step) => Visits[step] = Visits.GetValueOrDefault(step) + 1;

    /// <summary>
    /// Versions of the rule sets, decision tables and template sets this instance has used, by <c>kind:id</c>, and
    /// under <see cref="ReleasePin"/> the release it started on: definitions resolve from that release, and the first
    /// use pins the version, so later steps, retries and crash recovery use the same one.
    /// </summary>
    public Dictionary<string, int> Pins { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Key of <see cref="Pins"/> holding the release the instance started on (or was migrated to).</summary>
    public const string ReleasePin = "release";

    public long NextJournalSeq { get; set; } = 1;

    public int NextId { get; set; } = 1;

    public string NewId(string prefix) => prefix + (NextId++).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A position of execution: the step it is at and what it is doing there.</summary>
public sealed class Token
{
    public required string Id { get; set; }

    public required string Step { get; set; }

    public TokenStatus Status { get; set; }

    public string? ScopeId { get; set; }

    /// <summary>How many times this instance has entered the current step, counting this time (0 for tokens of older instances).</summary>
    public int Visit { get; set; }

    /// <summary>Attempt number of the current step (1 = first try).</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>For-each item and index, when the token runs a loop body.</summary>
    public JsonNode? Item { get; set; }

    public int? Index { get; set; }

    /// <summary>Runs a compensation chain for this entry of <see cref="InstanceState.Compensations"/>.</summary>
    public CompensationEntry? Compensating { get; set; }

    /// <summary>Output of the last step this token completed (a loop body's result).</summary>
    public JsonNode? LastOutput { get; set; }

    /// <summary>When the current step started (unix ms), for the journal.</summary>
    public long StartedAt { get; set; }

    /// <summary>Evaluated inputs of the current step kept while it waits, so a resumed activity sees them again.</summary>
    public JsonObject? Inputs { get; set; }

    /// <summary>Bookmarks the token waits on; the first resumed wins and the others are removed.</summary>
    public List<string> Bookmarks { get; set; } = [];
}

[JsonConverter(typeof(JsonStringEnumConverter<TokenStatus>))]
public enum TokenStatus
{
    /// <summary>Will execute its step next.</summary>
    Ready,

    /// <summary>Waits on one or more bookmarks.</summary>
    Waiting,

    /// <summary>Arrived at a join that still waits for other branches.</summary>
    AtJoin,

    /// <summary>Owns a for-each scope and waits for its items.</summary>
    Iterating,

    /// <summary>Its step faulted (incident policy): waits for an operator's retry.</summary>
    Faulted,
}

/// <summary>A fork's branches or a for-each's items.</summary>
public sealed class Scope
{
    public required string Id { get; set; }

    public ScopeKind Kind { get; set; }

    public string? ParentScopeId { get; set; }

    /// <summary>The step that opened the scope (the fork or for-each step).</summary>
    public required string Step { get; set; }

    /// <summary>For-each: the token that waits for the items.</summary>
    public string? OwnerTokenId { get; set; }

    public JsonArray? Items { get; set; }

    public bool Parallel { get; set; }

    /// <summary>For-each: index of the next item to start (sequential mode).</summary>
    public int NextIndex { get; set; }

    /// <summary>For-each: items not yet finished.</summary>
    public int Remaining { get; set; }

    public JsonArray? Results { get; set; }

    /// <summary>Carried item/index of the token that opened the scope, so nested bodies still see their outer item.</summary>
    public JsonNode? OuterItem { get; set; }

    public int? OuterIndex { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ScopeKind>))]
public enum ScopeKind
{
    Fork,
    ForEach,
}

/// <summary>A completed step with compensation: what to run to undo it, and with which output.</summary>
public sealed class CompensationEntry
{
    public required string Step { get; set; }

    public required string CompensateStep { get; set; }

    public JsonNode? Output { get; set; }

    public JsonNode? Item { get; set; }
}
