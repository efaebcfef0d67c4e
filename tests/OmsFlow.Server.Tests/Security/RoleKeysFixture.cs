using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Security;

/// <summary>One server for a test class, with one API key per role.</summary>
public sealed class RoleKeysFixture : IAsyncLifetime
{
    public ServerHarness Server { get; private set; } = null!;

    public Dictionary<string, HttpClient> Clients { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Server = await ServerHarness.StartAsync(new Dictionary<string, string>());
        foreach (var role in new[] { "analyst", "ops", "integrator" })
        {
            Clients[role] = Server.CreateClient(await Server.CreateKeyAsync($"{role}-key", role));
        }
        Clients["admin"] = Server.Client;
        Clients["anonymous"] = Server.CreateClient(null);
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, client) in Clients)
        {
            if (name != "admin")
            {
                client.Dispose();
            }
        }
        await Server.DisposeAsync();
    }
}
