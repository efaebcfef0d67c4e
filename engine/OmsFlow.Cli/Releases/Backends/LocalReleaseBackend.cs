using System.Data.Common;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmsFlow.Orders.Common;
using OmsFlow.Orders.Rehearsal;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Migration;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Cli.Releases.Backends;

/// <summary>
/// A database opened in-process, for when no server runs or the CLI sits next to the database: the schema is migrated
/// as the server migrates it at start, and the release services (<see cref="ReleaseTools"/>) write in the same
/// transactions the server uses, so a server running on the same database sees the changes (SQLite in WAL mode; a
/// server re-reads the active release every few seconds). Changes are written to the audit log like the server's.
/// </summary>
internal sealed class LocalReleaseBackend : IReleaseBackend
{
    private readonly ReleaseTools _tools;
    private readonly string _actor;
    private string? _scratchFolder;

    private LocalReleaseBackend(ReleaseTools tools, string target)
    {
        _tools = tools;
        Target = target;
        _actor = $"omsflow cli ({Environment.UserName}@{Environment.MachineName})";
    }

    public string Target { get; }

    public bool ReportsProgress => true;

    /// <summary>Opens (and migrates) the database; throws <see cref="BackendUnavailableException"/> when it cannot.</summary>
    public static async Task<LocalReleaseBackend> OpenAsync(StorageOptions options, string target, CancellationToken cancellationToken)
    {
        try
        {
            var storage = await OmsFlowStorage.OpenAsync(options, cancellationToken).ConfigureAwait(false);
            return new LocalReleaseBackend(ReleaseTools.Open(storage, OmsActivities.CreateRegistry(), TimeProvider.System, OrderRehearsalLenses.All), target);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new BackendUnavailableException($"cannot open {target}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A backend on a new SQLite database in a temporary folder that is deleted on dispose: the validators need the
    /// release tools, not anything stored, so checking files works with no server and no database.
    /// </summary>
    public static async Task<LocalReleaseBackend> OpenScratchAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-offline", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var backend = await OpenAsync(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "scratch.db")};Pooling=False" }, "no database (offline)", cancellationToken)
                .ConfigureAwait(false);
            backend._scratchFolder = folder;
            return backend;
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public Task<BackendReply> ValidateAsync(JsonArray files, CancellationToken cancellationToken)
    {
        var (documents, readProblems) = ReleaseFileSet.Read(files);
        var (definitions, problems) = _tools.Releases.Check(documents);
        return Task.FromResult(Reply(HttpStatusCode.OK, ReleaseJson.Validation(definitions, [.. readProblems, .. problems])));
    }

    public async Task<BackendReply> CompareReleasesAsync(int from, int? to, CancellationToken cancellationToken)
    {
        var right = to ?? (await _tools.Releases.GetActiveAsync(cancellationToken).ConfigureAwait(false))?.Id;
        if (right is null)
        {
            return Problem(HttpStatusCode.NotFound, "No release is active yet; give the release to compare with (TO) explicitly.");
        }
        try
        {
            return Reply(HttpStatusCode.OK, ReleaseJson.Diff(await _tools.Comparer.CompareAsync(from, right.Value, cancellationToken).ConfigureAwait(false)));
        }
        catch (ReleaseException ex)
        {
            return Problem(HttpStatusCode.NotFound, ex.Message);
        }
    }

    public async Task<BackendReply> CompareFilesAsync(JsonArray files, string name, int? against, CancellationToken cancellationToken)
    {
        var (candidates, problem) = Candidates(files);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            return Reply(HttpStatusCode.OK, ReleaseJson.Diff(await _tools.Comparer.CompareAsync(against, candidates!, name, cancellationToken).ConfigureAwait(false)));
        }
        catch (ReleaseException ex)
        {
            return Problem(HttpStatusCode.NotFound, ex.Message);
        }
    }

    public async Task<BackendReply> ReleaseAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        var (documents, readProblems) = ReleaseFileSet.Read(request.Files);
        if (readProblems.Any(p => p.Severity == ProblemSeverity.Error))
        {
            return NotReleased(readProblems);
        }
        var outcome = await _tools.Releases.ReleaseAsync(documents, new ReleaseRequest(_actor, request.Note, request.ActivateAt), cancellationToken).ConfigureAwait(false);
        return await OutcomeAsync(outcome, [.. readProblems, .. outcome.Problems], "release.create", null).ConfigureAwait(false);
    }

    public async Task<BackendReply> ListAsync(CancellationToken cancellationToken)
        => Reply(HttpStatusCode.OK, ReleaseJson.Releases(await _tools.Releases.ListAsync(cancellationToken).ConfigureAwait(false)));

    public async Task<BackendReply> RollbackAsync(int release, string? note, CancellationToken cancellationToken)
    {
        if (await _tools.Releases.GetAsync(release, cancellationToken).ConfigureAwait(false) is null)
        {
            return Problem(HttpStatusCode.NotFound, $"Release {release} does not exist; list releases to pick one.");
        }
        try
        {
            var rollback = await _tools.Releases.RollbackAsync(release, _actor, note, cancellationToken).ConfigureAwait(false);
            await AuditAsync("release.rollback", release.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpStatusCode.Created).ConfigureAwait(false);
            return Reply(HttpStatusCode.Created, ReleaseJson.Release(rollback));
        }
        catch (ReleaseException ex)
        {
            return Problem(HttpStatusCode.Conflict, ex.Message);
        }
    }

    public async Task<BackendReply> RehearseAsync(RehearseRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var (candidates, problem) = Candidates(request.Files);
        if (problem is not null)
        {
            return problem;
        }
        if (candidates!.Count != 1)
        {
            return Problem(HttpStatusCode.BadRequest, $"Give exactly one rule set or decision table file to rehearse (got {candidates.Count} definitions).");
        }
        if (!RehearsalSource.TryParse(request.Orders, out var source, out var error))
        {
            return Problem(HttpStatusCode.BadRequest, error!);
        }
        if (request.Inputs is { } inputs)
        {
            if (inputs.Any(i => i is not JsonObject))
            {
                return Problem(HttpStatusCode.BadRequest, "The inputs must be an array of objects: the inputs of one order each.");
            }
            source = new RehearsalSource(Inputs: [.. inputs.Select(i => (JsonObject)i!.DeepClone())]);
        }
        source = source with { WorkflowId = request.WorkflowId };
        try
        {
            var report = await _tools.Rehearsal.RunAsync(candidates[0], source, progress, cancellationToken).ConfigureAwait(false);
            return Reply(HttpStatusCode.OK, ReleaseJson.Rehearsal(report));
        }
        catch (ReleaseException ex)
        {
            return Problem(HttpStatusCode.BadRequest, ex.Message);
        }
    }

    public async Task<BackendReply> MigrateAsync(MigrateRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        try
        {
            var report = await _tools.Migrator.MigrateAsync(
                new MigrationRequest(request.To, request.From, request.InstanceIds, request.WorkflowId), request.DryRun, progress, cancellationToken).ConfigureAwait(false);
            await AuditAsync("instance.migrate", null, HttpStatusCode.OK).ConfigureAwait(false);
            return Reply(HttpStatusCode.OK, ReleaseJson.Migration(report));
        }
        catch (ReleaseException ex)
        {
            return Problem(HttpStatusCode.UnprocessableEntity, ex.Message);
        }
    }

    public async Task<BackendReply> ExportAsync(int release, CancellationToken cancellationToken)
        => await _tools.Releases.ExportAsync(release, cancellationToken).ConfigureAwait(false) is { } bundle
            ? Reply(HttpStatusCode.OK, bundle, JsonSerializerOptions.Web)
            : Problem(HttpStatusCode.NotFound, $"Release {release} does not exist.");

    public async Task<BackendReply> ImportAsync(JsonNode bundle, CancellationToken cancellationToken)
    {
        ReleaseBundle? read;
        try
        {
            read = bundle.Deserialize<ReleaseBundle>(JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return Problem(HttpStatusCode.BadRequest, $"Not a release bundle: {ex.Message} Give a file 'omsflow export' wrote.");
        }
        if (read?.Definitions is null || read.Format is null)
        {
            return Problem(HttpStatusCode.BadRequest, "Not a release bundle (it needs 'format' and 'definitions'); give a file 'omsflow export' wrote.");
        }
        var outcome = await _tools.Releases.ImportAsync(read, _actor, cancellationToken).ConfigureAwait(false);
        return await OutcomeAsync(outcome, outcome.Problems, "release.import", null).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _tools.Storage.DisposeAsync().ConfigureAwait(false);
        // Closes pooled SQLite handles now, so the file is free (and WAL checkpointed) when the command exits.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_scratchFolder is not null)
        {
            Directory.Delete(_scratchFolder, recursive: true);
        }
    }

    /// <summary>The valid definitions of <paramref name="files"/>, or a 422 naming their problems.</summary>
    private (IReadOnlyList<CanonicalDefinition>? Candidates, BackendReply? Problem) Candidates(JsonArray files)
    {
        var (documents, readProblems) = ReleaseFileSet.Read(files);
        var (definitions, problems) = _tools.Releases.Check(documents);
        IReadOnlyList<DefinitionProblem> all = [.. readProblems, .. problems];
        var errors = all.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        return errors.Count > 0
            ? (null, Problem(HttpStatusCode.UnprocessableEntity, $"The files have {errors.Count} problem(s), the first: {errors[0]}", all))
            : (definitions, null);
    }

    private async Task<BackendReply> OutcomeAsync(ReleaseOutcome outcome, IReadOnlyList<DefinitionProblem> problems, string action, string? target)
    {
        if (outcome.Release is null)
        {
            return NotReleased(problems);
        }
        var status = outcome.Created ? HttpStatusCode.Created : HttpStatusCode.OK;
        await AuditAsync(action, target, status).ConfigureAwait(false);
        return Reply(status, ReleaseJson.Release(outcome.Release, created: outcome.Created, problems: problems));
    }

    private static BackendReply NotReleased(IReadOnlyList<DefinitionProblem> problems)
        => Problem(HttpStatusCode.UnprocessableEntity, ReleaseJson.NotReleased(problems), problems);

    /// <summary>Records the change as the server's audit filter does, naming the CLI user as the actor.</summary>
    private async Task AuditAsync(string action, string? target, HttpStatusCode status)
    {
        await using var context = _tools.Storage.CreateContext();
        context.Audit.Add(new AuditRecord
        {
            At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Actor = _actor,
            Action = action,
            Target = target,
            Status = (int)status,
            Detail = "omsflow CLI, local database mode",
        });
        // The change is committed already: its audit entry is written whatever the caller does now.
        await context.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static BackendReply Reply(HttpStatusCode status, object body, JsonSerializerOptions? options = null)
    {
        var node = JsonSerializer.SerializeToNode(body, options ?? ReleaseJson.SerializerOptions);
        return new BackendReply(status, node, node?.ToJsonString() ?? string.Empty);
    }

    private static BackendReply Problem(HttpStatusCode status, string detail, IReadOnlyList<DefinitionProblem>? problems = null)
    {
        var body = new JsonObject
        {
            ["status"] = (int)status,
            ["title"] = status.ToString(),
            ["detail"] = detail,
        };
        if (problems is not null)
        {
            body["problems"] = JsonSerializer.SerializeToNode(problems.Select(ReleaseJson.Problem), ReleaseJson.SerializerOptions);
        }
        return new BackendReply(status, body, body.ToJsonString());
    }
}
