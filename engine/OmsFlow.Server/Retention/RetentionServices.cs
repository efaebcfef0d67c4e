using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Retention;

/// <summary>Registers retention: the sweeper, its background schedule and its metrics (configuration section <c>Retention</c>).</summary>
internal static class RetentionServices
{
    public static IServiceCollection AddOmsFlowRetention(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Retention").Get<RetentionOptions>() ?? new RetentionOptions();
        services.AddSingleton(options);
        services.AddSingleton<InstanceRetention>();
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}
