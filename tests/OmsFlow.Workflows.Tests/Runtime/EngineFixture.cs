using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Workflows.Tests.Runtime;

/// <summary>
/// A real engine on a real SQLite file in a temp folder, with a fake clock and no background loops,
/// so tests drive timers and runnable instances explicitly.
/// </summary>
public sealed class EngineFixture : IAsyncDisposable
{
    private readonly string _folder;

    private EngineFixture(string folder, OmsFlowStorage storage, FakeTimeProvider clock, ActivityRegistry activities)
    {
        _folder = folder;
        Storage = storage;
        Clock = clock;
        var expressions = new ExpressionLanguageEvaluator();
        Catalog = new DefinitionCatalog(storage, WorkflowDocuments.ReadStored, clock);
        Versions = new WorkflowVersions(storage, Catalog, activities, expressions, clock);
        Engine = new WorkflowEngine(storage, Catalog, activities, expressions, clock, new EmptyServices(), new EngineOptions { RunBackground = false });
    }

    public OmsFlowStorage Storage { get; }

    public FakeTimeProvider Clock { get; }

    public DefinitionCatalog Catalog { get; }

    public WorkflowVersions Versions { get; }

    public WorkflowEngine Engine { get; }

    public static async Task<EngineFixture> CreateAsync(Action<ActivityRegistry>? register = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var storage = await OmsFlowStorage.OpenAsync(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "engine.db")}", SqliteSynchronous = "NORMAL" });
        var activities = BuiltInActivities.CreateRegistry();
        activities.Register<Record>();
        register?.Invoke(activities);
        return new EngineFixture(folder, storage, new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)), activities);
    }

    /// <summary>Publishes a YAML workflow, failing the test with the problems if it does not validate.</summary>
    public async Task<int> PublishAsync(string yaml)
    {
        var (definition, _) = Versions.Check(yaml);
        Assert.NotNull(definition);
        var result = await Versions.PublishAsync(definition.Id, yaml, "test", null);
        Assert.True(result.Version is not null, string.Join(Environment.NewLine, result.Problems.Where(p => p.Severity == ProblemSeverity.Error)));
        return result.Version!.Value;
    }

    public Task<InstanceOutcome> StartAsync(string workflowId, JsonObject? input = null, string? correlationKey = null)
        => Engine.StartAsync(workflowId, input ?? [], new StartOptions { CorrelationKey = correlationKey });

    public async Task<List<JournalRecord>> JournalAsync(string instanceId)
    {
        await using var context = Storage.CreateContext();
        return await context.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Seq).ToListAsync();
    }

    /// <summary>Steps that completed, in journal order.</summary>
    public async Task<List<string>> CompletedStepsAsync(string instanceId)
        => (await JournalAsync(instanceId)).Where(j => j.Kind == "completed").Select(j => j.Step!).ToList();

    public async Task<InstanceRecord> InstanceAsync(string instanceId)
    {
        await using var context = Storage.CreateContext();
        return await context.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId);
    }

    public async Task<List<BookmarkRecord>> BookmarksAsync(string instanceId)
    {
        await using var context = Storage.CreateContext();
        return await context.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).ToListAsync();
    }

    /// <summary>Moves the clock on and fires whatever fell due.</summary>
    public async Task<int> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        var fired = 0;
        int round;
        while ((round = await Engine.FireDueTimersAsync()) > 0)
        {
            fired += round;
        }
        return fired;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow filesystem is left for the OS temp cleaner.
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
