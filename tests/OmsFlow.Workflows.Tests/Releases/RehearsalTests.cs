using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Releases.Rehearse;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Tests.Releases;

public sealed class RehearsalTests
{
    /// <summary>Seeds a history: orders of these totals ran through the flow on the generous limits.</summary>
    private static async Task SeedAsync(ReleaseFixture f, params int[] totals)
    {
        await f.ReleaseAsync("generous", null, ReleaseFixture.Workflow(ReleaseFixture.Flow), ReleaseFixture.Rules(ReleaseFixture.Generous));
        for (var i = 0; i < totals.Length; i++)
        {
            var instance = await f.StartOrderAsync($"O-{i + 1}", totals[i]);
            await f.FinishOrderAsync($"O-{i + 1}", instance);
            f.Engine.Clock.Advance(TimeSpan.FromHours(1));
        }
    }

    private static CanonicalDefinition Candidate(ReleaseFixture f, SourceDocument document)
    {
        var (definitions, problems) = f.Releases.Check([document]);
        Assert.Empty(problems);
        return Assert.Single(definitions);
    }

    [Fact]
    public async Task RunAsync_LastN_ReportsPerOrderWhichRulesChangeOutcome_AndTotalsBeforeAndAfter()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await SeedAsync(f, 5, 50, 150, 80, 9);
        var journalBefore = await CountJournalAsync(f);

        var report = await new Rehearsal(f.Engine.Storage, f.Engine.Catalog).RunAsync(
            Candidate(f, ReleaseFixture.Rules(ReleaseFixture.Strict)), new RehearsalSource(Last: 4));

        Assert.Equal(1, report.ActiveVersion);
        Assert.Equal(4, report.Cases);
        Assert.Equal(["O-2", "O-4"], report.Changed.Select(c => c.CorrelationKey).Order(StringComparer.Ordinal));
        Assert.All(report.Changed, c => Assert.Equal("rule 'Small': passed -> failed", Assert.Single(c.Changes)));
        var total = Assert.Single(report.Totals);
        Assert.Equal(("rule 'Small' succeeded", 3, 1), (total.Name, total.Before, total.After));
        Assert.Empty(report.Errors);
        Assert.Equal(journalBefore, await CountJournalAsync(f));
    }

    [Fact]
    public async Task RunAsync_Since_ReplaysOnlyOrdersStartedFromThen()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        var start = f.Engine.Clock.GetUtcNow();
        await SeedAsync(f, 50, 60, 70);

        Assert.True(RehearsalSource.TryParse($"since:{start.AddHours(1):O}", out var since, out _));
        var report = await new Rehearsal(f.Engine.Storage, f.Engine.Catalog).RunAsync(Candidate(f, ReleaseFixture.Rules(ReleaseFixture.Strict)), since);

        Assert.Equal(2, report.Cases);
        Assert.Equal(["O-2", "O-3"], report.Changed.Select(c => c.CorrelationKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TableWithExplicitInputs_ReportsTheChosenOutputsBeforeAndAfter()
    {
        await using var f = await ReleaseFixture.CreateAsync();
        await f.ReleaseAsync("carriers", null, new SourceDocument(DecisionTableKind.KindName, "carriers", ReleaseFixture.Carriers, "tables/carriers.yaml"));
        var candidate = Candidate(f, new SourceDocument(DecisionTableKind.KindName, "carriers",
            ReleaseFixture.Carriers.Replace("['\"DE\"', 'DHL']", "['\"DE\"', 'DPD']", StringComparison.Ordinal), "tables/carriers.yaml"));
        JsonObject Shipment(string country) => new() { ["shipment"] = new JsonObject { ["country"] = country } };

        var report = await new Rehearsal(f.Engine.Storage, f.Engine.Catalog).RunAsync(
            candidate, new RehearsalSource(Inputs: [Shipment("NL"), Shipment("DE"), Shipment("DE"), Shipment("FR")]));

        Assert.Equal(4, report.Cases);
        Assert.Equal(["input[1]", "input[2]"], report.Changed.Select(c => c.Case));
        Assert.Equal("carrier: DHL -> DPD", report.Changed[0].Changes[0]);
        Assert.Equal(["row 2"], report.Changed[0].Causes);
        var totals = report.Totals.ToDictionary(t => t.Name, t => (t.Before, t.After));
        Assert.Equal((2, 0), totals["carrier = DHL"]);
        Assert.Equal((0, 2), totals["carrier = DPD"]);
        Assert.Equal((1, 1), totals["carrier = UPS"]);
    }

    [Fact]
    public void TryParse_RejectsWhatIsNeitherLastNorSince()
    {
        Assert.True(RehearsalSource.TryParse("last:1000", out var last, out _));
        Assert.Equal(1000, last.Last);
        Assert.False(RehearsalSource.TryParse("recent", out _, out var error));
        Assert.Contains("last:N", error, StringComparison.Ordinal);
    }

    private static async Task<int> CountJournalAsync(ReleaseFixture f)
    {
        await using var context = f.Engine.Storage.CreateContext();
        return await context.Journal.CountAsync();
    }
}
