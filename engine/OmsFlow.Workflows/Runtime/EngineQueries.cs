using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence;
using OmsFlow.Persistence.Records;

namespace OmsFlow.Workflows.Runtime;

/// <summary>The engine's hot reads, compiled once: EF Core skips query translation on every call.</summary>
internal static class EngineQueries
{
    public static readonly Func<OmsFlowDbContext, string, CancellationToken, Task<InstanceRecord?>> InstanceById =
        EF.CompileAsyncQuery((OmsFlowDbContext db, string id, CancellationToken _) => db.Instances.AsNoTracking().FirstOrDefault(i => i.Id == id));

    public static readonly Func<OmsFlowDbContext, string, string, string?, IAsyncEnumerable<BookmarkRecord>> BookmarksByKey =
        EF.CompileAsyncQuery((OmsFlowDbContext db, string kind, string name, string? key) =>
            db.Bookmarks.AsNoTracking().Where(b => b.Kind == kind && b.Name == name && b.CorrelationKey == key));

    public static readonly Func<OmsFlowDbContext, string, string, string, IAsyncEnumerable<BookmarkRecord>> BookmarksOfInstance =
        EF.CompileAsyncQuery((OmsFlowDbContext db, string instanceId, string kind, string name) =>
            db.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId && b.Kind == kind && b.Name == name));
}
