using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Hooks;

public sealed class HookSignatureTests : IAsyncLifetime
{
    private const string QuickFlow = """
        id: signed
        triggers:
          - hook: signed
        inputs:
          a: { type: int, required: true }
        steps:
          noop: { activity: SetVariable, inputs: { name: seen, value: true } }
        variables:
          seen: bool
        """;

    private ServerHarness _server = null!;

    public async Task InitializeAsync() => _server = await ServerHarness.StartAsync(new Dictionary<string, string> { ["signed.yaml"] = QuickFlow });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string Id, string Secret)> AddSecretAsync()
    {
        var response = await _server.Client.PostAsJsonAsync("/api/hooks/secrets", new { path = "signed" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ServerHarness.ReadAsync(response);
        return (body["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    /// <summary>Signs like an integrator would, independently of the server's code.</summary>
    private static string Sign(string secret, long timestamp, string body)
        => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, long? timestamp, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/signed") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (timestamp is { } t)
        {
            request.Headers.Add("X-OmsFlow-Timestamp", t.ToString(CultureInfo.InvariantCulture));
        }
        if (signature is not null)
        {
            request.Headers.Add("X-OmsFlow-Signature", signature);
        }
        return await client.SendAsync(request);
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task ValidSignature_IsAccepted()
    {
        var (_, secret) = await AddSecretAsync();
        const string Body = """{"a":1}""";
        var now = Now;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(_server.Client, Body, now, Sign(secret, now, Body))).StatusCode);
    }

    [Fact]
    public async Task MissingWrongTamperedOrExpiredSignature_Is401SayingWhy()
    {
        var (_, secret) = await AddSecretAsync();
        const string Body = """{"a":1}""";
        var now = Now;

        var missing = await PostAsync(_server.Client, Body, null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("requires a signature", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var wrongSecret = await PostAsync(_server.Client, Body, now, Sign("hsec_not-the-secret", now, Body));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Contains("does not match", await wrongSecret.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tampered = await PostAsync(_server.Client, """{"a":9}""", now, Sign(secret, now, Body));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);

        var old = now - 400;
        var expired = await PostAsync(_server.Client, Body, old, Sign(secret, old, Body));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("old", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var future = now + 400;
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(_server.Client, Body, future, Sign(secret, future, Body))).StatusCode);

        var timestampNotSigned = await PostAsync(_server.Client, Body, now + 1, Sign(secret, now, Body));
        Assert.Equal(HttpStatusCode.Unauthorized, timestampNotSigned.StatusCode);

        var garbage = await PostAsync(_server.Client, Body, now, "v1=zz" + new string('0', 62));
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);

        Assert.Empty((await _server.GetJsonAsync("/api/instances?workflowId=signed"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Rotation_TwoSecretsWorkTogether_UntilTheOldOneIsRevoked()
    {
        var (oldId, oldSecret) = await AddSecretAsync();
        var (_, newSecret) = await AddSecretAsync();
        var third = await _server.Client.PostAsJsonAsync("/api/hooks/secrets", new { path = "signed" });
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);

        const string Body = """{"a":2}""";
        var now = Now;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(_server.Client, Body, now, Sign(oldSecret, now, Body))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(_server.Client, Body, now, Sign(newSecret, now, Body))).StatusCode);
        // A sender mid-rotation may send both signatures.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(_server.Client, Body, now, Sign("hsec_unknown", now, Body) + "," + Sign(newSecret, now, Body))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/api/hooks/secrets/{oldId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(_server.Client, Body, now, Sign(oldSecret, now, Body))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(_server.Client, Body, now, Sign(newSecret, now, Body))).StatusCode);

        var listed = await _server.Client.GetStringAsync("/api/hooks/security");
        Assert.DoesNotContain(newSecret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(oldId, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicHook_AnswersWithoutKey_ButStillRequiresItsSignature()
    {
        using var anonymous = _server.CreateClient(null);
        const string Body = """{"a":3}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, Body, null, null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _server.Client.PutAsJsonAsync("/api/hooks/security/signed", new { @public = true })).StatusCode);
        var (_, secret) = await AddSecretAsync();
        var now = Now;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(anonymous, Body, now, Sign(secret, now, Body))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(anonymous, Body, null, null)).StatusCode);
    }

    [Fact]
    public async Task SecretsAreStoredEncrypted()
    {
        var (_, secret) = await AddSecretAsync();
        if (TestStorage.UsesPostgres)
        {
            Assert.DoesNotContain(secret, await TestStorage.PostgresTableTextAsync(_server.Arguments, "hook_secrets"), StringComparison.Ordinal);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var database = File.ReadAllBytes(Path.Combine(_server.Folder, "omsflow.db"));
        var wal = Path.Combine(_server.Folder, "omsflow.db-wal");
        var everything = File.Exists(wal) ? [.. database, .. File.ReadAllBytes(wal)] : database;
        Assert.True(everything.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, "the hook secret must not be stored in plain text");
    }
}
