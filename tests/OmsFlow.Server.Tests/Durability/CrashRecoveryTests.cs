using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OmsFlow.Server.Tests.Durability;

/// <summary>
/// Kills a real server process with SIGKILL while instances are mid-flight, restarts it on the same database,
/// and checks that every instance finishes and no committed step ran twice.
/// </summary>
[Collection(Infrastructure.SerialProcessTests.Name)]
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Orders = 200;

    private const string Flow = """
        id: crashy
        triggers:
          - hook: crashy
            correlation: =orderId
        inputs:
          orderId: { type: string, required: true }
        variables:
          n: int
        steps:
          s1: { activity: SetVariable, inputs: { name: n, value: 1 }, next: pause1 }
          pause1: { activity: Delay, inputs: { duration: 300ms }, next: s2 }
          s2: { activity: SetVariable, inputs: { name: n, value: =n + 1 }, next: pause2 }
          pause2: { activity: Delay, inputs: { duration: 300ms }, next: s3 }
          s3: { activity: SetVariable, inputs: { name: n, value: =n + 1 } }
        outputs:
          n: =n
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-crash", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task KillDashNine_MidFlight_EveryInstanceFinishesOnce()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "definitions", "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "definitions", "workflows", "crashy.yaml"), Flow);
        var port = Infrastructure.Ports.Reserve();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Infrastructure.ServerHarness.AdminKey);

        using (var first = StartServer(port))
        {
            await WaitReadyAsync(client, first);
            var posts = Enumerable.Range(0, Orders).Select(i => client.PostAsync("/hooks/crashy",
                new StringContent($$"""{"orderId":"O-{{i}}"}""", Encoding.UTF8, "application/json")));
            var responses = await Task.WhenAll(posts);
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
            await Task.Delay(350);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var before = Count("SELECT COUNT(*) FROM instances WHERE status = 'Completed'");
        Assert.True(before < Orders, $"the crash came too late to interrupt anything ({before} already completed)");

        using (var second = StartServer(port))
        {
            await WaitReadyAsync(client, second);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Count("SELECT COUNT(*) FROM instances WHERE status = 'Completed'") < Orders && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        Assert.Equal(Orders, Count("SELECT COUNT(*) FROM instances WHERE status = 'Completed'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM bookmarks"));
        foreach (var step in new[] { "s1", "pause1", "s2", "pause2", "s3" })
        {
            Assert.Equal(Orders, Count($"SELECT COUNT(*) FROM journal WHERE kind = 'completed' AND step = '{step}'"));
        }
        Assert.Equal(Orders, Count("SELECT COUNT(*) FROM journal WHERE kind = 'instanceCompleted'"));
        Assert.Equal(Orders, Count("SELECT COUNT(*) FROM instances WHERE json_extract(outputs, '$.n') = 3"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private long Count(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "omsflow.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only constant queries.
        command.CommandText = sql;
#pragma warning restore CA2100
        return (long)command.ExecuteScalar()!;
    }

    private Process StartServer(int port)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "OmsFlow.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var arg in new[]
        {
            serverDll, "--urls", $"http://127.0.0.1:{port}",
            $"--Storage:ConnectionString=Data Source={Path.Combine(_folder, "omsflow.db")}",
            $"--Definitions:Path={Path.Combine(_folder, "definitions")}",
            "--Engine:TimerPollInterval=00:00:00.050",
            "--Logging:LogLevel:Default=Warning",
            $"--Auth:BootstrapAdminKey={Infrastructure.ServerHarness.AdminKey}",
            "--RateLimit:PermitsPerSecond=100000",
            "--RateLimit:Burst=100000",
        })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, "the server process exited during start-up");
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
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
        Assert.Fail("the server did not become ready within 30 s");
    }
}
