using OmsFlow.Workflows.Tests.Activities.Documents;
using OmsFlow.Workflows.Tests.Runtime;
using OmsFlow.Workflows.Versions;

namespace OmsFlow.Workflows.Tests.Versions;

public sealed class DefinitionDeployerTests
{
    private const string Existing = """
        id: existing
        steps:
          only: { activity: SetVariable, inputs: { name: x, value: 1 } }
        variables:
          x: int
        """;

    [Fact]
    public async Task DeployIfEmpty_AfterAnUpgradeAddedKinds_DeploysOnlyTheMissingKinds_ThenNothing()
    {
        await using var engine = await EngineFixture.CreateAsync();
        await engine.PublishAsync(Existing);
        var stores = new DefinitionStores(engine.Storage, engine.Catalog, engine.Clock);
        var deployer = new DefinitionDeployer(engine.Storage, engine.Versions, stores);

        var first = await deployer.DeployIfEmptyAsync(DocumentFlowFixture.RepositoryDefinitions);
        var second = await deployer.DeployIfEmptyAsync(DocumentFlowFixture.RepositoryDefinitions);

        Assert.True(first.Deployed);
        Assert.Contains(first.Published, p => p.Id == "invoice");
        Assert.Contains(first.Published, p => p.Id == "carrier-selection");
        Assert.Contains(first.Published, p => p.Id == "order-discounts");
        Assert.DoesNotContain(first.Published, p => p.Id == "order-approval");
        Assert.Null(await engine.Versions.GetAsync("order-approval"));
        Assert.False(second.Deployed);
    }

    [Fact]
    public async Task Deploy_Twice_KeepsVersionOne_BecauseContentIsUnchanged()
    {
        await using var engine = await EngineFixture.CreateAsync();
        var stores = new DefinitionStores(engine.Storage, engine.Catalog, engine.Clock);
        var deployer = new DefinitionDeployer(engine.Storage, engine.Versions, stores);

        await deployer.DeployAsync(DocumentFlowFixture.RepositoryDefinitions, "first", "test");
        var again = await deployer.DeployAsync(DocumentFlowFixture.RepositoryDefinitions, "again", "test");

        Assert.All(again.Published, p => Assert.Equal(1, p.Version));
        Assert.Single(await stores.Templates.HistoryAsync("order-confirmation"));
    }
}
