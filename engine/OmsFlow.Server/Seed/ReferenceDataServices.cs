using Microsoft.Extensions.DependencyInjection.Extensions;
using OmsFlow.Orders.Seed;
using OmsFlow.Orders.Simulation;
using OmsFlow.Orders.Storage;
using OmsFlow.Server.Hosting;

namespace OmsFlow.Server.Seed;

/// <summary>Registers reference data: the seed generator and loader, and the warehouse/carrier simulator.</summary>
internal static class ReferenceDataServices
{
    /// <summary>
    /// Seed data (definitions/seed/seed.yaml) loaded into an empty database on start unless <c>Seed:Enabled</c> is false;
    /// the simulator runs when <c>Simulator:Enabled</c> is true (<c>Simulator:ShipAfter</c>, <c>Simulator:DeliverAfter</c>).
    /// </summary>
    public static IServiceCollection AddOmsFlowReferenceData(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<OrderStore>();
        services.AddSingleton(sp => new SeedSource(sp.GetRequiredService<DefinitionsFolder>()));
        services.AddSingleton<SeedLoader>();
        if (configuration.GetValue("Seed:Enabled", defaultValue: true))
        {
            services.AddHostedService<SeedHost>();
        }
        var simulator = configuration.GetSection("Simulator").Get<SimulatorOptions>() ?? new SimulatorOptions();
        services.AddSingleton(simulator);
        // The shipments hook's own code path; a host that handles /hooks/shipments differently registers its sink first.
        services.TryAddSingleton<IShipmentUpdateSink, HookShipmentSink>();
        services.AddSingleton<WarehouseSimulator>();
        if (simulator.Enabled)
        {
            services.AddHostedService<SimulatorHost>();
        }
        return services;
    }
}

/// <summary>The seed options (definitions/seed/seed.yaml, else defaults) and the data generated from them, made once on first use.</summary>
internal sealed class SeedSource
{
    private readonly Lazy<SeedOptions> _options;
    private readonly Lazy<SeedData> _data;

    public SeedSource(DefinitionsFolder folder)
    {
        _options = new(() => SeedOptions.Load(folder.Path is { } path ? Path.Combine(path, "seed", "seed.yaml") : null));
        _data = new(() => SeedGenerator.Generate(_options.Value));
    }

    public SeedOptions Options => _options.Value;

    public SeedData Data => _data.Value;
}

/// <summary>Loads seed data into an empty database when the server starts.</summary>
internal sealed partial class SeedHost(SeedLoader loader, SeedSource source, OrderStore store, ILogger<SeedHost> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await loader.LoadIfEmptyAsync(source.Data, cancellationToken).ConfigureAwait(false);
        if (report.Loaded)
        {
            store.ForgetReferenceData();
            LogLoaded(logger, report.Nodes, report.Products, report.Inventory, report.Customers, report.Elapsed.TotalMilliseconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded seed data: {Nodes} nodes, {Products} products, {Inventory} inventory rows, {Customers} customers in {Milliseconds:0} ms")]
    private static partial void LogLoaded(ILogger logger, int nodes, int products, int inventory, int customers, double milliseconds);
}
