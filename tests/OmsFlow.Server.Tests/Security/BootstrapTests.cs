using System.Net;

namespace OmsFlow.Server.Tests.Security;

public sealed class BootstrapTests
{
    [Fact]
    public async Task FirstStart_WithoutConfiguredKey_PrintsAnAdminKeyOnce_AndStoresOnlyItsHash()
    {
        var folder = Path.Combine(Path.GetTempPath(), "omsflow-bootstrap", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "omsflow.db");
        string[] args = ["--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString=Data Source={database}", "--Definitions:Path=none", "--Logging:LogLevel:Default=Warning"];
        var console = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        string printed;
        try
        {
            await using (var app = await OmsFlowServer.BuildAsync(args))
            {
                await app.StartAsync();
                printed = captured.ToString();
                var key = printed.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Single(w => w.StartsWith("omsf_", StringComparison.Ordinal));
                using var admin = new HttpClient { BaseAddress = app.ListeningAddress() };
                Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/keys")).StatusCode);
                admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
                Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/keys")).StatusCode);
                await app.StopAsync();
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Assert.False(File.ReadAllBytes(database).AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(key)) >= 0, "the key itself must not be stored");
            }
            await using (var again = await OmsFlowServer.BuildAsync(args))
            {
                Assert.Equal(printed, captured.ToString());
            }
        }
        finally
        {
            Console.SetOut(console);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
