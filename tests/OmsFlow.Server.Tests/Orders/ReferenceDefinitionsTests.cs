namespace OmsFlow.Server.Tests.Orders;

/// <summary>The repository's definitions/ folder, as the server releases it on first start.</summary>
public sealed class ReferenceDefinitionsTests
{
    [Fact]
    public async Task FirstStart_ReleasesEveryReferenceDefinition_AsReleaseOne()
    {
        await using var world = await OrderWorld.StartAsync();
        var folder = Path.Combine(world.Server.Folder, "definitions");
        var files = Directory.EnumerateFiles(Path.Combine(folder, "workflows")).Count()
            + Directory.EnumerateFiles(Path.Combine(folder, "rules")).Count()
            + Directory.EnumerateFiles(Path.Combine(folder, "tables")).Count()
            + Directory.EnumerateDirectories(Path.Combine(folder, "templates")).Count(d => File.Exists(Path.Combine(d, "template.yaml")));

        var releases = await world.Server.GetJsonAsync("/api/releases");

        var listed = Assert.Single(releases["items"]!.AsArray())!;
        var release = await world.Server.GetJsonAsync($"/api/releases/{listed["id"]}");
        Assert.Equal("active", release["state"]!.GetValue<string>());
        var items = release["items"]!.AsArray();
        Assert.Equal(files, items.Count);
        Assert.Equal(["rules", "table", "template", "workflow"], items.Select(i => i!["kind"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        var workflows = (await world.Server.GetJsonAsync("/api/workflows"))["items"]!.AsArray().Select(w => w!["id"]!.GetValue<string>()).ToList();
        foreach (var flow in new[] { "order-fulfilment", "order-approval", "return-refund", "b2b-quote-to-invoice", "replenishment" })
        {
            Assert.Contains(flow, workflows);
        }
    }
}
