using OmsFlow.Persistence.Storage;
using OmsFlow.Templates.Email;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Server.Documents;

/// <summary>Services for rule sets, tables, templates, issued documents and email delivery.</summary>
internal static class DocumentServices
{
    /// <summary>Default folder of the embedded email transport: every sent message as an .eml file.</summary>
    public const string DefaultOutboxFolder = "./data/outbox";

    /// <summary>
    /// Registers the version stores of rule sets, tables and templates, the engine's library and document store, and
    /// the <c>email</c> outbox transport: SMTP when <c>Email:Smtp:Host</c> is set, else .eml files under
    /// <c>Email:OutboxFolder</c> (default <c>./data/outbox</c>).
    /// </summary>
    public static IServiceCollection AddOmsFlowDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        ProductLicensing.Apply();
        services.AddSingleton(sp => new DefinitionStores(
            sp.GetRequiredService<OmsFlowStorage>(), sp.GetRequiredService<DefinitionCatalog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => sp.GetRequiredService<WorkflowEngine>().Definitions);
        services.AddSingleton(sp => sp.GetRequiredService<WorkflowEngine>().Documents);
        var email = configuration.GetSection("Email");
        services.AddSingleton(email.Get<EmailOptions>() ?? new EmailOptions());
        services.AddSingleton<IEmailTransport>(_ => email["Smtp:Host"] is { Length: > 0 }
            ? new SmtpEmailTransport(email.GetSection("Smtp").Get<SmtpTransportOptions>() ?? new SmtpTransportOptions())
            : new FileEmailTransport(email["OutboxFolder"] is { Length: > 0 } folder ? folder : DefaultOutboxFolder));
        services.AddSingleton<IOutboxTransport>(sp => new EmailOutboxTransport(
            sp.GetRequiredService<IEmailTransport>(), sp.GetRequiredService<DocumentStore>(), sp.GetRequiredService<EmailOptions>()));
        return services;
    }
}
