using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Persistence;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Orders;

/// <summary>
/// The server as its own OS process on the reference definitions (review delay shortened) and a SQLite file in a
/// temporary folder, so a test can kill it with SIGKILL and start it again on the same database and port.
/// </summary>
internal sealed class OrderServerProcess : IDisposable
{
    private const int LogLinesKept = 300;
    private readonly Queue<string> _log = new();
    private Process? _process;

    private OrderServerProcess(string folder, int port)
    {
        Folder = folder;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerHarness.AdminKey);
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>Talks to whichever server process is running on <see cref="Port"/>.</summary>
    public HttpClient Client { get; }

    public string DatabasePath => Path.Combine(Folder, "omsflow.db");

    /// <summary>Prepares a folder with a copy of the reference definitions (through <see cref="OrderWorld.ShortReviewDelay"/>).</summary>
    public static async Task<OrderServerProcess> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-order-crash", Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(Repository.Definitions, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repository.Definitions, file);
            var destination = Path.Combine(folder, "definitions", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            await File.WriteAllTextAsync(destination, OrderWorld.ShortReviewDelay(relative.Replace('\\', '/'), await File.ReadAllTextAsync(file)));
        }
        return new OrderServerProcess(folder, Infrastructure.Ports.Reserve());
    }

    /// <summary>Starts the server process and waits (bounded) until /health/ready answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "OmsFlow.Server.dll"), "--urls", $"http://127.0.0.1:{Port}",
            $"--Storage:ConnectionString=Data Source={DatabasePath}",
            $"--Definitions:Path={Path.Combine(Folder, "definitions")}",
            "--Engine:TimerPollInterval=00:00:00.050",
            "--Logging:LogLevel:Default=Warning",
            // The test brings its own catalogue (OrderWorld.AddCatalogue); generated seed data would collide with it.
            "--Seed:Enabled=false",
            $"--Auth:BootstrapAdminKey={ServerHarness.AdminKey}",
            "--RateLimit:PermitsPerSecond=1000000",
            "--RateLimit:Burst=1000000",
        })
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "the server process exited during start-up");
            try
            {
                if ((await Client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        Assert.Fail("the server did not become ready within 60 s");
    }

    /// <summary>The last lines the server processes wrote (warnings and errors), for a failing test's message.</summary>
    public string LogTail()
    {
        lock (_log)
        {
            return string.Join('\n', _log);
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > LogLinesKept)
            {
                _log.Dequeue();
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever was not committed is lost.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Opens the database directly (e.g. to add reference data while the server runs; SQLite WAL allows it).</summary>
    public OmsFlowDbContext CreateContext()
    {
        var builder = new DbContextOptionsBuilder<OmsFlowDbContext>();
        OmsFlowStorage.Configure(builder, new StorageOptions { ConnectionString = $"Data Source={DatabasePath};Default Timeout=30" });
        return new OmsFlowDbContext(builder.Options);
    }

    /// <summary>Runs a scalar query on a read-only connection of its own.</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only constant queries.
        command.CommandText = sql;
#pragma warning restore CA2100
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query on a read-only connection and returns the first two columns of every row as text.</summary>
    public List<(string First, string Second)> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False;Default Timeout=30");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only constant queries.
        command.CommandText = sql;
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!,
                Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)!));
        }
        return rows;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        _process?.Dispose();
        Client.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
