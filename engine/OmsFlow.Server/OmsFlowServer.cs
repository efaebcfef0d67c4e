using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmsFlow.Orders.Common;
using OmsFlow.Persistence.Storage;
using OmsFlow.Server.Catalog;
using OmsFlow.Server.Definitions;
using OmsFlow.Server.Documents;
using OmsFlow.Server.Events;
using OmsFlow.Server.Health;
using OmsFlow.Server.Hooks;
using OmsFlow.Server.Hosting;
using OmsFlow.Server.Instances;
using OmsFlow.Server.Metrics;
using OmsFlow.Server.Orders;
using OmsFlow.Server.Outbox;
using OmsFlow.Server.Releases;
using OmsFlow.Server.Retention;
using OmsFlow.Server.Security;
using OmsFlow.Server.Seed;
using OmsFlow.Server.Tasks;
using OmsFlow.Server.Webhooks;
using OmsFlow.Server.Workflows;
using OmsFlow.Workflows.Activities;
using OmsFlow.Workflows.Expressions;
using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server;

/// <summary>Builds the OmsFlow server: storage, engine, API, hooks and the designer.</summary>
public static class OmsFlowServer
{
    /// <summary>Default address: loopback only, so nothing is exposed until an operator chooses with <c>--urls</c>.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds a ready-to-run server from command-line style arguments (<c>--urls</c>, <c>--Storage:ConnectionString=...</c>).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // Settings are read once at start. Watching appsettings.json for changes would put a recursive file watcher on the
        // working folder, which wakes on every write of a SQLite database kept under it (data/omsflow.db): thousands of
        // events a second under load. An operator can still ask for it with --hostBuilder:reloadConfigOnChange=true.
        if (!args.Any(a => a.Contains("reloadConfigOnChange", StringComparison.OrdinalIgnoreCase)))
        {
            args = [.. args, "--hostBuilder:reloadConfigOnChange=false"];
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = DesignerFiles.Locate() });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        // Request and SQL logs are for troubleshooting; switch them on with Logging:LogLevel:Microsoft.AspNetCore=Information.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        var storageOptions = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        var engineOptions = builder.Configuration.GetSection("Engine").Get<EngineOptions>() ?? new EngineOptions();
        var storage = await OmsFlowStorage.OpenAsync(storageOptions).ConfigureAwait(false);

        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddProblemDetails();
        services.AddOmsFlowOpenApi();
        services.AddSingleton(storage);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(engineOptions);
        services.AddSingleton(_ => OmsActivities.CreateRegistry());
        services.AddSingleton<IExpressionEvaluator, ExpressionLanguageEvaluator>();
        services.AddSingleton(sp => new DefinitionCatalog(sp.GetRequiredService<OmsFlowStorage>(), WorkflowDocuments.ReadStored, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new WorkflowEngine(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>(), sp.GetRequiredService<ActivityRegistry>(),
            sp.GetRequiredService<IExpressionEvaluator>(), sp.GetRequiredService<TimeProvider>(), sp, sp.GetRequiredService<EngineOptions>()));
        services.AddSingleton(builder.Configuration.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions());
        services.AddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetServices<IOutboxTransport>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<OutboxOptions>()));
        services.AddOmsFlowDocuments(builder.Configuration);
        services.AddSingleton<DefinitionDeployer>();
        services.AddSingleton<WorkflowVersions>();
        services.AddOmsFlowReleases();
        services.AddSingleton(DefinitionsFolder.Locate(builder.Configuration));
        services.AddOmsFlowOrders();
        services.AddSingleton<HookRouter>();
        services.AddSingleton<InstanceWaiter>();
        services.AddSingleton<HookSecurity>();
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencyPurger>();
        services.AddSingleton<PendingHookBuffer>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<IOutboxTransport, WebhookFanOutTransport>();
        services.AddSingleton<IOutboxTransport, WebhookDeliveryTransport>();
        services.AddSingleton<IInstanceCommitHook, InstanceEventSource>();
        services.AddSingleton<EngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        services.AddOmsFlowSecurity(builder.Configuration, DatabaseFolder(storageOptions));
        services.AddOmsFlowReferenceData(builder.Configuration);
        services.AddOmsFlowRetention(builder.Configuration);
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() => storage.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseHookMetrics();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapHealth();
        app.MapHooks();
        app.MapInstances();
        app.MapTasks();
        app.MapOrdersApi();
        app.MapOutbox();
        app.MapEvents();
        app.MapWorkflowsApi();
        app.MapDefinitionKinds();
        app.MapReleasesApi();
        app.MapEvaluateApi();
        app.MapDocumentsApi();
        app.MapSecurityApi();
        app.MapHookSecurityApi();
        app.MapWebhooksApi();
        app.MapMetrics();
        app.MapReferenceDataApi();
        app.MapRetentionApi();
        // Created now so it counts from the first commit on.
        app.Services.GetRequiredService<ServerMetrics>();
        // The designer's shell loads without a key: it asks for one on its sign-in page and sends it with every API call.
        app.MapFallbackToFile("index.html").AllowAnonymous();
        // An unknown API route is a 404 problem, not the designer's page.
        app.Map("/api/{**rest}", (HttpContext http) => Http.Problems.NotFound($"No API endpoint {http.Request.Method} {http.Request.Path}; see /openapi/v1.json."))
            .AllowAnonymous().ExcludeFromDescription();
        await app.BootstrapKeysAsync().ConfigureAwait(false);
        return app;
    }

    /// <summary>The folder of the SQLite database (where the server key file goes by default); null for PostgreSQL.</summary>
    private static string? DatabaseFolder(StorageOptions options)
    {
        if (options.Provider != StorageProvider.Sqlite)
        {
            return null;
        }
        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource;
        return source == ":memory:" ? null : Path.GetDirectoryName(Path.GetFullPath(source));
    }

    /// <summary>The first address the server listens on (after start), e.g. for tests bound to port 0.</summary>
    public static Uri ListeningAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        return new Uri(addresses?.FirstOrDefault() ?? DefaultUrl);
    }
}
