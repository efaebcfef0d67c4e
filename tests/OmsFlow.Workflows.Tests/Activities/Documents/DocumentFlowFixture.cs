using System.Text.Json.Nodes;
using OmsFlow.Templates.Email;
using OmsFlow.Workflows.Documents;
using OmsFlow.Workflows.Outbox;
using OmsFlow.Workflows.Tests.Runtime;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Workflows.Tests.Activities.Documents;

/// <summary>
/// An engine with the repository's reference definitions deployed (templates, tables, rules, workflows) and an
/// email outbox that writes .eml files into a temp folder.
/// </summary>
public sealed class DocumentFlowFixture : IAsyncDisposable
{
    private DocumentFlowFixture(EngineFixture engine, DefinitionStores stores, string mailFolder)
    {
        Engine = engine;
        Stores = stores;
        MailFolder = mailFolder;
        Outbox = new OutboxDispatcher(engine.Storage,
            [new EmailOutboxTransport(new FileEmailTransport(mailFolder), engine.Engine.Documents, new EmailOptions { From = "shop@northwind.example" })],
            engine.Clock);
    }

    public EngineFixture Engine { get; }

    public DefinitionStores Stores { get; }

    public string MailFolder { get; }

    public OutboxDispatcher Outbox { get; }

    /// <summary>The repository's definitions/ folder.</summary>
    public static string RepositoryDefinitions { get; } = LocateDefinitions();

    public static async Task<DocumentFlowFixture> CreateAsync()
    {
        ProductLicensing.Apply();
        var engine = await EngineFixture.CreateAsync();
        var stores = new DefinitionStores(engine.Storage, engine.Catalog, engine.Clock);
        var report = await new DefinitionDeployer(engine.Storage, engine.Versions, stores).DeployAsync(RepositoryDefinitions, "test", "test");
        // The order workflows use the OMS activities, which this engine-only fixture does not register; the server tests
        // deploy those. Rules, tables and templates must all deploy here.
        var errors = report.Problems.Where(p => p.Severity == ProblemSeverity.Error && !p.ToString().Contains("unknown-activity", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var mail = Path.Combine(Path.GetTempPath(), "omsflow-tests", "mail-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mail);
        return new DocumentFlowFixture(engine, stores, mail);
    }

    /// <summary>A reference template set's sample data.</summary>
    public static JsonNode Sample(string templateSet)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryDefinitions, "templates", templateSet, "sample.json")))!;

    /// <summary>The .eml files delivered so far.</summary>
    public IReadOnlyList<string> Emails() => [.. Directory.EnumerateFiles(MailFolder, "*.eml")];

    public async ValueTask DisposeAsync()
    {
        await Outbox.DisposeAsync();
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(MailFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private static string LocateDefinitions()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
            {
                return Path.Combine(dir.FullName, "definitions");
            }
        }
        throw new DirectoryNotFoundException("The repository's definitions/ folder was not found above " + AppContext.BaseDirectory);
    }
}
