using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using OmsFlow.Cli.Releases;
using OmsFlow.Server;

namespace OmsFlow.Cli.Tests.Releases;

/// <summary>An in-process OmsFlow server on a random port with a real SQLite file, and the CLI pointed at it.</summary>
public sealed class CliServer : IAsyncDisposable
{
    public const string AdminKey = "omsf_test-admin-key-0123456789abcdefghijklmnopqrstuv";

    private readonly WebApplication _app;

    private CliServer(WebApplication app, string folder)
    {
        _app = app;
        Folder = folder;
    }

    /// <summary>A scratch folder for definitions and bundles (deleted with the server).</summary>
    public string Folder { get; }

    public string Url => _app.ListeningAddress().ToString();

    /// <summary>The server's SQLite database file, for the CLI's local database mode.</summary>
    public string Database => Path.Combine(Folder, "omsflow.db");

    public static async Task<CliServer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "server-definitions"));
        var app = await OmsFlowServer.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString=Data Source={Path.Combine(folder, "omsflow.db")}",
            "--Storage:SqliteSynchronous=NORMAL",
            $"--Definitions:Path={Path.Combine(folder, "server-definitions")}",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={AdminKey}",
            "--RateLimit:PermitsPerSecond=1000000",
            "--RateLimit:Burst=1000000",
        ]);
        await app.StartAsync();
        return new CliServer(app, folder);
    }

    /// <summary>Writes a definition file under <see cref="Folder"/>/<paramref name="root"/> and returns the root folder.</summary>
    public string Write(string root, string relativePath, string content)
    {
        var path = Path.Combine(Folder, root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return Path.Combine(Folder, root);
    }

    /// <summary>Runs <c>omsflow ARGS --server URL --api-key KEY</c> and returns the exit code and what it printed.</summary>
    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsAsync(Url, AdminKey, args);

    /// <summary>Runs <c>omsflow ARGS --server SERVER --api-key KEY</c>.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsAsync(string server, string apiKey, params string[] args)
        => RunRawAsync([.. args, "--server", server, "--api-key", apiKey]);

    /// <summary>Runs <c>omsflow ARGS --database DATABASE</c>: the release commands in-process on a database.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunLocalAsync(string database, params string[] args)
        => RunRawAsync([.. args, "--database", database]);

    /// <summary>Runs <c>omsflow ARGS</c> as given.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunRawAsync(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in ReleaseCommands.Create())
        {
            root.Subcommands.Add(command);
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliParsing.RunAsync(root, args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow filesystem is left for the OS temp cleaner.
        }
    }
}
