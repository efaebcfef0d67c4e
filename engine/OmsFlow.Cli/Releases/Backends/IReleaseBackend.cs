using System.Net;
using System.Text.Json.Nodes;

namespace OmsFlow.Cli.Releases.Backends;

/// <summary>
/// Where the release commands act: an OmsFlow server over HTTP (<see cref="HttpReleaseBackend"/>) or a database opened
/// in-process (<see cref="LocalReleaseBackend"/>). Both answer with the server's status codes and JSON shapes, so each
/// command has one code path for output, <c>--json</c> and exit codes.
/// </summary>
internal interface IReleaseBackend : IAsyncDisposable
{
    /// <summary>What the commands act on, for messages: the server URL or <c>database PATH</c>.</summary>
    string Target { get; }

    /// <summary>Whether long operations report their progress (a local database does; a server answers once).</summary>
    bool ReportsProgress { get; }

    Task<BackendReply> ValidateAsync(JsonArray files, CancellationToken cancellationToken);

    Task<BackendReply> CompareReleasesAsync(int from, int? to, CancellationToken cancellationToken);

    Task<BackendReply> CompareFilesAsync(JsonArray files, string name, int? against, CancellationToken cancellationToken);

    Task<BackendReply> ReleaseAsync(PublishRequest request, CancellationToken cancellationToken);

    Task<BackendReply> ListAsync(CancellationToken cancellationToken);

    Task<BackendReply> RollbackAsync(int release, string? note, CancellationToken cancellationToken);

    Task<BackendReply> RehearseAsync(RehearseRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken);

    Task<BackendReply> MigrateAsync(MigrateRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken);

    Task<BackendReply> ExportAsync(int release, CancellationToken cancellationToken);

    Task<BackendReply> ImportAsync(JsonNode bundle, CancellationToken cancellationToken);
}

/// <summary>Definition files to release as one release.</summary>
internal sealed record PublishRequest(JsonArray Files, string? Note, DateTimeOffset? ActivateAt);

/// <summary>A candidate rule set or table to rehearse on recorded orders (<c>last:N</c> / <c>since:DATE</c>) or explicit inputs.</summary>
internal sealed record RehearseRequest(JsonArray Files, string? Orders, string? WorkflowId, JsonArray? Inputs);

/// <summary>Instances to move to release <paramref name="To"/>.</summary>
internal sealed record MigrateRequest(int To, int? From, string? WorkflowId, IReadOnlyList<string>? InstanceIds, bool DryRun);

/// <summary>An answer: the HTTP status the server gives (or would give) and its JSON body.</summary>
internal sealed record BackendReply(HttpStatusCode Status, JsonNode? Body, string Raw)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>The problem detail of a failure, or the status.</summary>
    public string Detail => Body?["detail"]?.ToString() ?? $"HTTP {(int)Status} {Status}";
}

/// <summary>The server or database could not be reached or opened.</summary>
internal sealed class BackendUnavailableException : Exception
{
    public BackendUnavailableException()
    {
    }

    public BackendUnavailableException(string message)
        : base(message)
    {
    }

    public BackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
