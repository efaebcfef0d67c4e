using System.Text.Json;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Validation;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Tests.Releases;

public sealed class ReleaseBundleTests
{
    [Fact]
    public async Task ReleaseAsync_OneInvalidDocument_ReleasesNothingAndNamesTheFilePosition()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var broken = ReleaseFixture.Flow.Replace("activity: RunRules", "activity: RunRulez", StringComparison.Ordinal);

        var outcome = await f.Releases.ReleaseAsync([ReleaseFixture.Rules(ReleaseFixture.Generous), ReleaseFixture.Workflow(broken)], new ReleaseRequest("ops", "broken", null));

        Assert.Null(outcome.Release);
        var problem = Assert.Single(outcome.Problems, p => p.Severity == ProblemSeverity.Error);
        Assert.Equal("workflows/limit-flow.yaml", problem.File);
        Assert.NotNull(problem.Position);
        Assert.Contains("RunRulez", problem.Message, StringComparison.Ordinal);
        Assert.Empty(await f.Releases.ListAsync());
        Assert.Null(await f.Stores.Rules.GetAsync("limits"));
    }

    [Fact]
    public async Task ReleaseAsync_TheSameDefinitionTwice_IsAProblem()
    {
        await using var f = await ReleaseFixture.CreateAsync();

        var outcome = await f.Releases.ReleaseAsync(
            [ReleaseFixture.Rules(ReleaseFixture.Generous), ReleaseFixture.Rules(ReleaseFixture.Strict) with { File = "other/limits.json" }], new ReleaseRequest("ops", null));

        Assert.Null(outcome.Release);
        Assert.Contains(outcome.Problems, p => p.Code == "duplicate" && p.File == "other/limits.json");
    }

    [Fact]
    public async Task ReleaseAsync_UnchangedSet_WritesNothingAndReturnsTheActiveRelease()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var first = await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));

        var again = await f.Releases.ReleaseAsync([ReleaseFixture.Rules(ReleaseFixture.Generous)], new ReleaseRequest("ops", "again"));

        Assert.False(again.Created);
        Assert.Equal(first.Id, again.Release!.Id);
        Assert.Single(await f.Releases.ListAsync());
    }

    [Fact]
    public async Task PublishAsync_SingleDefinition_CreatesAOneItemReleaseKeepingTheRestOfTheSet()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var first = await f.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));

        var published = await f.Stores.Rules.PublishAsync("limits", ReleaseFixture.Strict, "analyst", "stricter");

        Assert.Equal(2, published.Version);
        var releases = await f.Releases.ListAsync();
        Assert.Equal(2, releases.Count);
        var latest = releases[0];
        Assert.Equal("stricter", latest.Note);
        Assert.Equal(ReleaseState.Active, latest.State);
        Assert.Equal([("rules", "limits", 2)], latest.Items.Where(i => i.Changed).Select(i => (i.Kind, i.Id, i.Version)));
        Assert.Contains(latest.Items, i => i is { Kind: "workflow", Id: "limit-flow", Version: 1, Changed: false });
        Assert.Equal(first.Id, (await f.Stores.Rules.GetVersionAsync("limits", 1))!.ReleaseId);
        Assert.Equal(latest.Id, (await f.Stores.Rules.GetVersionAsync("limits", 2))!.ReleaseId);
    }

    [Fact]
    public async Task ExportThenImport_IntoASecondDatabase_KeepsTheHashes_AndASecondImportIsANoOp()
    {
        await using var staging = await ReleaseFixture.CreateAsync();
        await using var production = await ReleaseFixture.CreateAsync();
        await staging.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var strict = await staging.ReleaseAsync("strict", null, ReleaseFixture.Rules(ReleaseFixture.Strict));
        var exported = await staging.Releases.ExportAsync(strict.Id);
        // Through JSON, as the bundle travels between environments.
        var bundle = JsonSerializer.Deserialize<ReleaseBundle>(JsonSerializer.Serialize(exported, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;

        var imported = await production.Releases.ImportAsync(bundle, "ops@prod");
        var again = await production.Releases.ImportAsync(bundle, "ops@prod");

        Assert.True(imported.Created, string.Join(Environment.NewLine, imported.Problems));
        Assert.Equal(strict.Items.Select(i => (i.Kind, i.Id, i.Hash)), imported.Release!.Items.Select(i => (i.Kind, i.Id, i.Hash)));
        Assert.Equal(bundle.Definitions.Select(d => (d.Kind, d.Id, d.Hash)), imported.Release.Items.Select(i => (i.Kind, i.Id, i.Hash)));
        Assert.False(again.Created);
        Assert.Equal(imported.Release.Id, again.Release!.Id);
        Assert.Single(await production.Releases.ListAsync());
        var order = await production.StartOrderAsync("O-1", 50);
        Assert.Equal((1, false), await production.FinishOrderAsync("O-1", order));
    }

    [Fact]
    public async Task ImportAsync_ContentNotMatchingItsHash_IsRefused()
    {
        await using var staging = await ReleaseFixture.CreateAsync();
        await using var production = await ReleaseFixture.CreateAsync();
        var release = await staging.ReleaseAsync("first", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        var bundle = (await staging.Releases.ExportAsync(release.Id))!;
        var tampered = bundle with
        {
            Definitions = [.. bundle.Definitions.Select(d => d.Kind == RuleSetKind.KindName ? d with { Content = d.Content.Replace("100", "1000", StringComparison.Ordinal) } : d)],
        };

        var outcome = await production.Releases.ImportAsync(tampered, "ops@prod");

        Assert.Null(outcome.Release);
        Assert.Contains(outcome.Problems, p => p.Code == "hash-mismatch" && p.Message.Contains("'limits'", StringComparison.Ordinal));
        Assert.Empty(await production.Releases.ListAsync());
    }
}
