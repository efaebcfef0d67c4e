using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OmsFlow.Persistence.Storage;

/// <summary>
/// Serves the migrations of the provider in use: one context type, two squashed migration sets in this assembly
/// (<c>Migrations/Sqlite</c> and <c>Migrations/Postgres</c>), told apart by namespace.
/// </summary>
/// <remarks>
/// EF Core would otherwise see both sets (both target <see cref="OmsFlowDbContext"/>) and apply SQLite DDL to
/// PostgreSQL. Also used by <c>dotnet ef</c>, so <c>migrations add</c> diffs against the right snapshot.
/// </remarks>
internal sealed class ProviderMigrationsAssembly : IMigrationsAssembly
{
    private readonly string _namespace;
    private readonly Lazy<IReadOnlyDictionary<string, TypeInfo>> _migrations;
    private readonly Lazy<ModelSnapshot?> _snapshot;

    public ProviderMigrationsAssembly(IDbContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var postgres = options.Extensions.Any(e => e.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal));
        _namespace = typeof(ProviderMigrationsAssembly).Namespace![..^"Storage".Length] + "Migrations." + (postgres ? "Postgres" : "Sqlite");
        _migrations = new Lazy<IReadOnlyDictionary<string, TypeInfo>>(FindMigrations);
        _snapshot = new Lazy<ModelSnapshot?>(FindSnapshot);
    }

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public Assembly Assembly => typeof(OmsFlowDbContext).Assembly;

    public string? FindMigrationId(string nameOrId)
    {
        ArgumentNullException.ThrowIfNull(nameOrId);
        return Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase));
    }

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migrationClass);
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private bool Belongs(TypeInfo type)
        => string.Equals(type.Namespace, _namespace, StringComparison.Ordinal)
            && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(OmsFlowDbContext);

    private SortedDictionary<string, TypeInfo> FindMigrations()
    {
        var found = new SortedDictionary<string, TypeInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in Assembly.DefinedTypes)
        {
            if (type.IsSubclassOf(typeof(Migration)) && !type.IsAbstract && Belongs(type) && type.GetCustomAttribute<MigrationAttribute>() is { } migration)
            {
                found.Add(migration.Id, type);
            }
        }
        return found;
    }

    private ModelSnapshot? FindSnapshot()
    {
        var type = Assembly.DefinedTypes.FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)) && !t.IsAbstract && Belongs(t));
        return type is null ? null : (ModelSnapshot)Activator.CreateInstance(type.AsType())!;
    }
}
