using System.CommandLine;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Cli.Releases.Backends;

/// <summary>
/// The options every release command has to say where it acts, and how they are resolved: a flag wins over its
/// environment variable; <c>--server</c> and <c>--database</c> together are a usage error, as are
/// <c>OMSFLOW_SERVER</c> and <c>OMSFLOW_DATABASE</c> both set with neither flag given. With none of them the
/// commands talk to <see cref="HttpReleaseBackend.DefaultServer"/>.
/// </summary>
internal sealed record BackendSelection(Option<string> Server, Option<string> ApiKey, Option<string> Database, Option<string> Provider, Option<bool> Json)
{
    /// <summary>
    /// <c>--offline</c>, for commands that only check files (validate): a scratch database in a temporary folder,
    /// deleted afterwards, so a CI pipeline can validate definitions with no server and no database.
    /// </summary>
    public Option<bool>? Offline { get; init; }

    public const string ServerVariable = "OMSFLOW_SERVER";
    public const string ApiKeyVariable = "OMSFLOW_API_KEY";
    public const string DatabaseVariable = "OMSFLOW_DATABASE";
    public const string ProviderVariable = "OMSFLOW_PROVIDER";

    /// <param name="offline">Whether the command offers <c>--offline</c> (it only checks files).</param>
    public static BackendSelection Create(bool offline = false) => new(
        new Option<string>("--server") { Description = $"the OmsFlow server (default: ${ServerVariable} or {HttpReleaseBackend.DefaultServer})" },
        new Option<string>("--api-key") { Description = $"the server's API key (default: ${ApiKeyVariable})" },
        new Option<string>("--database") { Description = $"act on this database in-process instead of a server: a SQLite file or a connection string (default: ${DatabaseVariable})" },
        new Option<string>("--provider") { Description = $"the database's provider with --database: Sqlite (default) or Postgres (default: ${ProviderVariable})" },
        new Option<bool>("--json") { Description = "print JSON (the server's shapes) instead of text" })
    {
        Offline = offline ? new Option<bool>("--offline") { Description = "check the files on their own, with no server or database (for CI pipelines)" } : null,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Database);
        command.Options.Add(Provider);
        command.Options.Add(Json);
        if (Offline is not null)
        {
            command.Options.Add(Offline);
        }
    }

    /// <summary>
    /// Opens the backend the options and environment choose; null with a message when they are contradictory or invalid.
    /// </summary>
    /// <param name="createsDatabase">Whether the command may create a new SQLite database (release, import); the others need an existing one.</param>
    /// <exception cref="BackendUnavailableException">The database cannot be opened.</exception>
    public async Task<IReleaseBackend?> OpenAsync(ParseResult parse, TextWriter error, bool createsDatabase, CancellationToken cancellationToken)
    {
        var server = parse.GetValue(Server);
        var database = parse.GetValue(Database);
        if (Offline is not null && parse.GetValue(Offline))
        {
            if (server is not null || database is not null || parse.GetValue(ApiKey) is not null || parse.GetValue(Provider) is not null)
            {
                error.WriteLine("--offline checks the files on their own; leave out --server, --database, --api-key and --provider");
                return null;
            }
            return await LocalReleaseBackend.OpenScratchAsync(cancellationToken).ConfigureAwait(false);
        }
        if (server is not null && database is not null)
        {
            error.WriteLine("give --server URL or --database PATH, not both");
            return null;
        }
        if (server is null && database is null)
        {
            server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } s ? s : null;
            database = Environment.GetEnvironmentVariable(DatabaseVariable) is { Length: > 0 } d ? d : null;
            if (server is not null && database is not null)
            {
                error.WriteLine($"{ServerVariable} and {DatabaseVariable} are both set; unset one, or choose with --server or --database");
                return null;
            }
        }
        if (database is null)
        {
            return OpenServer(parse, server ?? HttpReleaseBackend.DefaultServer, error);
        }
        if (parse.GetValue(ApiKey) is not null)
        {
            error.WriteLine("--api-key is for a server; a database opened with --database needs none");
            return null;
        }
        return await OpenDatabaseAsync(parse, database, error, createsDatabase, cancellationToken).ConfigureAwait(false);
    }

    private HttpReleaseBackend? OpenServer(ParseResult parse, string server, TextWriter error)
    {
        if (parse.GetValue(Provider) is not null)
        {
            error.WriteLine("--provider goes with --database; a server knows its own database");
            return null;
        }
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error.WriteLine($"--server: '{server}' is not an http(s) URL, e.g. {HttpReleaseBackend.DefaultServer}");
            return null;
        }
        return new HttpReleaseBackend(uri, parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable));
    }

    private async Task<LocalReleaseBackend?> OpenDatabaseAsync(ParseResult parse, string database, TextWriter error, bool createsDatabase, CancellationToken cancellationToken)
    {
        var providerText = parse.GetValue(Provider) ?? Environment.GetEnvironmentVariable(ProviderVariable);
        if (!TryProvider(providerText, out var provider))
        {
            error.WriteLine($"--provider: '{providerText}' is not a provider; use Sqlite or Postgres");
            return null;
        }
        if (!TryTarget(database, provider, createsDatabase, out var connectionString, out var target, out var problem))
        {
            error.WriteLine($"--database: {problem}");
            return null;
        }
        return await LocalReleaseBackend.OpenAsync(new StorageOptions { Provider = provider, ConnectionString = connectionString }, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The connection string and display name of <paramref name="database"/> (a SQLite path or a connection string), or why it cannot be used.</summary>
    private static bool TryTarget(string database, StorageProvider provider, bool createsDatabase, out string connectionString, out string target, out string? problem)
    {
        connectionString = target = string.Empty;
        problem = null;
        var isConnectionString = database.Contains('=', StringComparison.Ordinal);
        string file;
        try
        {
            if (provider == StorageProvider.Postgres)
            {
                if (!isConnectionString)
                {
                    problem = "for Postgres give a connection string, e.g. \"Host=db;Database=omsflow;Username=omsflow;Password=...\"";
                    return false;
                }
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(database);
                // Named without the password: the target appears in messages.
                (connectionString, target) = (database, $"database {builder.Database} on {builder.Host}");
                return true;
            }
            file = isConnectionString ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database).DataSource : database;
        }
        catch (ArgumentException ex)
        {
            problem = $"'{database}' is not a usable connection string: {ex.Message}";
            return false;
        }
        if (!createsDatabase && !File.Exists(file))
        {
            problem = $"there is no database at {file}; check the path (release and import create a new one)";
            return false;
        }
        (connectionString, target) = (isConnectionString ? database : $"Data Source={Path.GetFullPath(file)}", $"database {file}");
        return true;
    }

    private static bool TryProvider(string? text, out StorageProvider provider)
    {
        provider = StorageProvider.Sqlite;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            provider = StorageProvider.Postgres;
            return true;
        }
        return Enum.TryParse(text, ignoreCase: true, out provider) && Enum.IsDefined(provider) && !int.TryParse(text, out _);
    }
}
