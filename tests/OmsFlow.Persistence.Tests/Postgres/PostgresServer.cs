using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OmsFlow.Persistence.Tests.Postgres;

/// <summary>
/// A real, private PostgreSQL server for tests: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a free
/// loopback port with its unix socket in that folder, one database per caller; stopped and deleted on dispose.
/// </summary>
/// <remarks>
/// Uses Debian's server binaries (<c>apt-get install -y postgresql-15</c>), or the folder named by
/// <c>OMSFLOW_PG_BIN</c>. <c>initdb</c> refuses to run as root, so as root the cluster is created and run as the
/// <c>postgres</c> OS user through <c>runuser</c>. Missing binaries fail the test with what to install; they never skip it.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private const string FolderPrefix = "omsflow-pg-";
    private const string OwnerFile = "owner.pid";
    private readonly string _bin;
    private readonly string _data;
    private int _databases;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        Folder = folder;
        _data = Path.Combine(folder, "data");
        Port = port;
    }

    /// <summary>The temp folder holding the cluster, its socket and its log.</summary>
    public string Folder { get; }

    public int Port { get; }

    /// <summary>Connection string of the <c>postgres</c> maintenance database (superuser, trust auth on loopback).</summary>
    public string AdminConnectionString => Connection("postgres");

    /// <summary>
    /// Creates and starts a server. <paramref name="durable"/> keeps <c>fsync</c> on (benchmarks); tests turn it off,
    /// which only matters if the machine loses power.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBinaries();
        await ReapOrphansAsync(bin).ConfigureAwait(false);
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var server = new PostgresServer(bin, folder, FreePort());
        try
        {
            if (Environment.IsPrivilegedProcess)
            {
                await RunAsync("chown", OsUser, folder).ConfigureAwait(false);
            }
            await server.RunPgAsync("initdb", "-D", server._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").ConfigureAwait(false);
            var options = $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync={(durable ? "on" : "off")}" +
                (durable ? string.Empty : " -c synchronous_commit=off -c full_page_writes=off");
            await server.RunPgAsync("pg_ctl", "-D", server._data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start").ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string Connection(string database)
        => new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, MaxPoolSize = 50 }.ConnectionString;

    /// <summary>Creates an empty database with a fresh name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "omsflow")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The name is built from a prefix chosen by the test and a GUID.
        command.CommandText = $"CREATE DATABASE \"{name}\"";
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return Connection(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            try
            {
                await RunPgAsync("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop").ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Not running (start failed); the folder is removed below either way.
            }
        }
        // The server's last processes may still be removing files just after pg_ctl returns: retry briefly.
        for (var attempt = 1; Directory.Exists(Folder); attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Left for the next start's reaping, or the OS temp cleaner.
                return;
            }
        }
    }

    /// <summary>
    /// Stops and deletes servers whose test process is gone: a test host the runner killed never ran its clean-up,
    /// and its server would otherwise keep running.
    /// </summary>
    private static async Task ReapOrphansAsync(string bin)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            var orphan = File.Exists(owner)
                ? int.TryParse(await File.ReadAllTextAsync(owner).ConfigureAwait(false), out var pid) && !IsRunning(pid)
                // A clean-up cut short (the owner file went first); a folder being set up right now is younger than this.
                : Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-2) && !File.Exists(Path.Combine(folder, "data", "postmaster.pid"));
            if (!orphan)
            {
                continue;
            }
            await new PostgresServer(bin, folder, 0).DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("OMSFLOW_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "initdb")) && File.Exists(Path.Combine(c, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in " + (candidates.Count == 0 ? "/usr/lib/postgresql/*/bin" : string.Join(", ", candidates)) +
                ". Install them with 'apt-get install -y postgresql-15' (as .ci/run does) or set OMSFLOW_PG_BIN to their folder.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a PostgreSQL program, as the <c>postgres</c> OS user when this process is root.</summary>
    private Task RunPgAsync(string program, params string[] args)
    {
        var path = Path.Combine(_bin, program);
        return Environment.IsPrivilegedProcess ? RunAsync("runuser", ["-u", OsUser, "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {await error.ConfigureAwait(false)}{await output.ConfigureAwait(false)}");
        }
    }
}
