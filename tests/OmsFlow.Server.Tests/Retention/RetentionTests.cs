using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;
using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Tests.Retention;

public sealed class RetentionTests
{
    private static readonly TimeSpan LongAgo = TimeSpan.FromDays(-40);

    private static readonly Dictionary<string, string> Flows = new()
    {
        ["done.yaml"] = """
            id: done
            triggers:
              - hook: done
            steps:
              mark: { activity: SetVariable, inputs: { name: ok, value: true } }
            variables:
              ok: bool
            """,
        ["waiting.yaml"] = """
            id: waiting
            triggers:
              - hook: waiting
            steps:
              wait: { activity: WaitForSignal, inputs: { signal: go } }
            """,
        ["broken.yaml"] = """
            id: broken
            triggers:
              - hook: broken
            steps:
              boom: { activity: Fault, inputs: { message: requested } }
            """,
        ["child.yaml"] = """
            id: child
            steps:
              noop: { activity: SetVariable, inputs: { name: x, value: 1 } }
            variables:
              x: int
            """,
        ["parent.yaml"] = """
            id: parent
            triggers:
              - hook: parent
            steps:
              call: { activity: CallWorkflow, inputs: { workflow: child, input: {} }, next: { completed: after } }
              after: { activity: SetVariable, inputs: { name: y, value: 2 } }
            variables:
              y: int
            """,
    };

    [Fact]
    public async Task Sweep_RemovesOldFinishedInstancesWithTheirRows_KeepsRecentLiveAndLegalRecords()
    {
        await using var server = await RetentionServer.StartAsync(Flows, "--Retention:FinishedInstanceAge=30.00:00:00", "--Retention:BatchSize=2");
        server.Clock.Offset = LongAgo;
        string[] oldDone = [await server.RunAsync("done"), await server.RunAsync("done"), await server.RunAsync("done")];
        var parent = await server.RunAsync("parent");
        Assert.Equal("Completed", await server.WaitForStatusAsync(parent, "Completed"));
        var child = Assert.Single((await server.GetJsonAsync("/api/instances?workflowId=child"))["items"]!.AsArray())!["id"]!.GetValue<string>();
        var waiting = await server.RunAsync("waiting");
        Assert.Equal("Suspended", await server.WaitForStatusAsync(waiting, "Suspended"));
        var broken = await server.RunAsync("broken");
        Assert.Equal("Faulted", await server.WaitForStatusAsync(broken, "Faulted"));
        server.Clock.Offset = TimeSpan.Zero;
        var recent = await server.RunAsync("done");
        await AddOutboxAndDocumentAsync(server, oldDone[0]);

        var (status, body) = await server.SweepAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, body["instances"]!.GetValue<int>());
        // Five completed instances in batches of two.
        Assert.Equal(3, body["batches"]!.GetValue<int>());
        Assert.True(body["journalEntries"]!.GetValue<int>() >= 10, body.ToJsonString());
        Assert.Equal(1, body["outboxMessages"]!.GetValue<int>());
        Assert.Equal(0, body["archived"]!.GetValue<int>());
        foreach (var gone in oldDone.Append(parent).Append(child))
        {
            Assert.Equal(HttpStatusCode.NotFound, await server.InstanceStatusCodeAsync(gone));
        }
        foreach (var kept in new[] { recent, waiting, broken })
        {
            Assert.Equal(HttpStatusCode.OK, await server.InstanceStatusCodeAsync(kept));
        }
        await using (var context = server.Services.GetRequiredService<OmsFlowStorage>().CreateContext())
        {
            string[] goneIds = [.. oldDone, parent, child];
            Assert.Equal(0, await context.Journal.CountAsync(j => goneIds.Contains(j.InstanceId)));
            Assert.Equal(0, await context.Bookmarks.CountAsync(b => goneIds.Contains(b.InstanceId)));
            Assert.True(await context.Journal.AnyAsync(j => j.InstanceId == recent));
            Assert.Equal(["pending"], await context.Outbox.Where(m => m.InstanceId == oldDone[0]).Select(m => m.Status).ToListAsync());
            Assert.Equal(0, await context.OutboxAttempts.CountAsync(a => a.MessageId == "retention-sent"));
            Assert.True(await context.Documents.AnyAsync(d => d.Id == "retention-invoice"), "An issued document is a legal record and must stay.");
        }

        // The faulted instance stayed while its incident was open; once cancelled (an operator's decision) it goes too.
        server.Clock.Offset = LongAgo;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync($"/api/instances/{broken}/cancel", null)).StatusCode);
        Assert.Equal("Cancelled", await server.WaitForStatusAsync(broken, "Cancelled"));
        server.Clock.Offset = TimeSpan.Zero;
        var (_, second) = await server.SweepAsync();
        Assert.Equal(1, second["instances"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, await server.InstanceStatusCodeAsync(broken));
        Assert.Equal(HttpStatusCode.OK, await server.InstanceStatusCodeAsync(waiting));
    }

    [Fact]
    public async Task Sweep_WithDirectoryArchive_WritesReadableInstancesBeforeDeleting()
    {
        await using var server = await RetentionServer.StartAsync(Flows, "--Retention:FinishedInstanceAge=30.00:00:00", "--Retention:Archive=Directory");
        // Relative to the server's working directory by default; a test keeps its archive in its own folder.
        var archive = Path.Combine(server.Folder, "archive");
        server.Services.GetRequiredService<RetentionOptions>().ArchivePath = archive;
        server.Clock.Offset = LongAgo;
        var old = new[] { await server.RunAsync("done"), await server.RunAsync("done") };
        server.Clock.Offset = TimeSpan.Zero;
        var recent = await server.RunAsync("done");

        var (status, body) = await server.SweepAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, body["archived"]!.GetValue<int>());
        var file = Assert.Single(body["archiveFiles"]!.AsArray())!.GetValue<string>();
        Assert.EndsWith(InstanceArchive.Extension, file, StringComparison.Ordinal);
        Assert.Equal([file], InstanceArchive.Files(archive));
        Assert.Empty(Directory.EnumerateFiles(archive, "*.partial", SearchOption.AllDirectories));
        var lines = InstanceArchive.Read(file).ToList();
        Assert.Equal(old.Order(StringComparer.Ordinal), lines.Select(l => l["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var line in lines)
        {
            Assert.Equal("done", line["workflowId"]!.GetValue<string>());
            Assert.Equal("Completed", line["status"]!.GetValue<string>());
            Assert.True(line["state"]!["variables"]!["ok"]!.GetValue<bool>());
            var journal = line["journal"]!.AsArray();
            Assert.Equal("instanceStarted", journal[0]!["kind"]!.GetValue<string>());
            Assert.Equal("instanceCompleted", journal[^1]!["kind"]!.GetValue<string>());
            var updated = DateTimeOffset.Parse(line["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            Assert.True(updated < DateTimeOffset.UtcNow.AddDays(-30), $"{updated} is not old");
        }
        Assert.Equal(HttpStatusCode.NotFound, await server.InstanceStatusCodeAsync(old[0]));
        Assert.Equal(HttpStatusCode.OK, await server.InstanceStatusCodeAsync(recent));
    }

    [Fact]
    public async Task Sweep_WhenRetentionIsOff_IsAConflictAndKeepsEverything()
    {
        await using var server = await RetentionServer.StartAsync(Flows);
        server.Clock.Offset = TimeSpan.FromDays(-400);
        var old = await server.RunAsync("done");
        server.Clock.Offset = TimeSpan.Zero;

        var (status, body) = await server.SweepAsync();

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Retention:FinishedInstanceAge", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await server.InstanceStatusCodeAsync(old));
    }

    [Fact]
    public async Task Sweep_NeedsTheOpsRole()
    {
        await using var server = await RetentionServer.StartAsync(Flows, "--Retention:FinishedInstanceAge=30.00:00:00");
        var create = await server.Client.PostAsync("/api/keys", new StringContent("""{"name":"a","roles":["analyst"]}""", System.Text.Encoding.UTF8, "application/json"));
        var key = System.Text.Json.Nodes.JsonNode.Parse(await create.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        using var analyst = new HttpClient { BaseAddress = server.Client.BaseAddress };
        analyst.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/api/retention/sweep", null)).StatusCode);
    }

    [Fact]
    public async Task BackgroundSweep_RemovesOldInstancesOnItsInterval_AndCountsThemInMetrics()
    {
        await using var server = await RetentionServer.StartAsync(Flows, "--Retention:FinishedInstanceAge=30.00:00:00", "--Retention:Interval=00:00:00.200");
        server.Clock.Offset = LongAgo;
        var old = await server.RunAsync("done");
        server.Clock.Offset = TimeSpan.Zero;
        var recent = await server.RunAsync("done");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await server.InstanceStatusCodeAsync(old) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.NotFound, await server.InstanceStatusCodeAsync(old));
        Assert.Equal(HttpStatusCode.OK, await server.InstanceStatusCodeAsync(recent));
        var metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Equal(1, Value(metrics, "omsflow_retention_instances_deleted_total"));
        Assert.True(Value(metrics, "omsflow_retention_sweeps_total") >= 1);
        Assert.Equal(0, Value(metrics, "omsflow_retention_sweep_failures_total"));
    }

    private static double Value(string metrics, string series)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"'{series}' is missing from:\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>A delivered message with an attempt, an undelivered one, and an issued document, all of <paramref name="instanceId"/>.</summary>
    private static async Task AddOutboxAndDocumentAsync(RetentionServer server, string instanceId)
    {
        await using var context = server.Services.GetRequiredService<OmsFlowStorage>().CreateContext();
        context.Outbox.Add(new OutboxRecord { Id = "retention-sent", InstanceId = instanceId, Channel = "email", Payload = "{}", Status = "sent", Attempts = 1, SentAt = 1 });
        context.Outbox.Add(new OutboxRecord { Id = "retention-pending", InstanceId = instanceId, Channel = "email", Payload = "{}", Status = "pending", NextAttemptAt = long.MaxValue });
        context.OutboxAttempts.Add(new OutboxAttemptRecord { MessageId = "retention-sent", Attempt = 1, Succeeded = true });
        context.Documents.Add(new DocumentRecord
        {
            Id = "retention-invoice", Kind = "invoice", TemplateId = "invoice", TemplateVersion = 1, MediaType = "application/pdf", Content = [1, 2, 3], InstanceId = instanceId,
        });
        await context.SaveChangesAsync();
    }
}
