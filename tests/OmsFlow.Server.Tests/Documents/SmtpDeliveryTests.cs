using System.Diagnostics;
using System.Text.Json.Nodes;
using OmsFlow.Server.Tests.Infrastructure;

namespace OmsFlow.Server.Tests.Documents;

/// <summary>
/// With <c>Email:Smtp:Host</c> configured, SendEmail steps leave through a real SMTP server (Debian's aiosmtpd, via
/// the SMTP sink script of the templates tests); a server that is down when the step runs gets the message once it is back.
/// </summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private const string Flow = """
        id: confirm-order
        triggers:
          - hook: confirm
            correlation: =order.id
        inputs:
          order: { type: object, required: true }
          invoice: { type: object, required: true }
          confirmation: { type: object, required: true }
        steps:
          invoice:
            activity: RenderDocument
            inputs: { template: invoice, data: =invoice }
            next: email
          email:
            activity: SendEmail
            inputs: { template: order-confirmation, to: =order.email, data: =confirmation, attachments: =steps.invoice.output.documentId }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "omsflow-server-tests", "smtp-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = Infrastructure.Ports.Reserve();
    private ServerHarness _server = null!;
    private Process? _sink;

    private string Inbox => Path.Combine(_folder, "inbox");

    public async Task InitializeAsync()
    {
        var definitions = Path.Combine(_folder, "definitions");
        foreach (var folder in new[] { "templates", Path.Combine("templates", "_partials"), Path.Combine("templates", "invoice"), Path.Combine("templates", "order-confirmation") })
        {
            Directory.CreateDirectory(Path.Combine(definitions, folder));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Definitions, folder)))
            {
                File.Copy(file, Path.Combine(definitions, folder, Path.GetFileName(file)));
            }
        }
        Directory.CreateDirectory(Path.Combine(definitions, "workflows"));
        await File.WriteAllTextAsync(Path.Combine(definitions, "workflows", "confirm-order.yaml"), Flow);
        _server = await ServerHarness.StartAsync(new Dictionary<string, string>(),
            $"--Definitions:Path={definitions}",
            "--Email:Smtp:Host=127.0.0.1", $"--Email:Smtp:Port={_port}", "--Email:Smtp:EnableTls=false",
            "--Email:From=shop@northwind.example",
            "--Outbox:PollInterval=00:00:00.050", "--Outbox:FirstRetryDelay=00:00:00.200", "--Outbox:MaxDelay=00:00:00.500");
    }

    public async Task DisposeAsync()
    {
        StopSink();
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    [Fact]
    public async Task SendEmail_SmtpConfigured_DeliversSubjectBodiesAndInvoiceOnce_EvenWhenTheServerWasDownAtFirst()
    {
        var instance = await StartOrderAsync();
        Assert.Equal("Completed", instance["status"]!.GetValue<string>());
        await WaitForAttemptsAsync();

        StartSink();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Received().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await Task.Delay(1500);

        var message = Assert.Single(Received());
        Assert.Equal("shop@northwind.example", message["mailFrom"]!.GetValue<string>());
        Assert.Equal("anna.devries@example.com", Assert.Single(message["rcptTos"]!.AsArray())!.GetValue<string>());
        Assert.StartsWith("Order SO-100234 confirmed", message["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("SO-100234", message["html"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("SO-100234", message["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var attachment = Assert.Single(message["attachments"]!.AsArray())!;
        Assert.Equal("application/pdf", attachment["contentType"]!.GetValue<string>());
        Assert.StartsWith("JVBER", attachment["base64"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<JsonObject> StartOrderAsync()
    {
        var body = new JsonObject
        {
            ["order"] = new JsonObject { ["id"] = "SO-100234", ["email"] = "anna.devries@example.com" },
            ["invoice"] = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Definitions, "templates", "invoice", "sample.json"))),
            ["confirmation"] = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Definitions, "templates", "order-confirmation", "sample.json"))),
        };
        var started = await _server.PostJsonAsync("/hooks/confirm", body.ToJsonString());
        var id = (await ServerHarness.ReadAsync(started))["instanceId"]!.GetValue<string>();
        return await _server.WaitForStatusAsync(id, "Completed", "Faulted");
    }

    /// <summary>Waits until the outbox has tried (and failed) to reach the stopped SMTP server.</summary>
    private async Task WaitForAttemptsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var outbox = await _server.GetJsonAsync("/api/outbox?channel=email");
            if (outbox["items"]!.AsArray().Any(m => m!["attempts"]!.GetValue<int>() > 0))
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("The outbox never tried to deliver the email.");
    }

    private List<JsonObject> Received() => Directory.Exists(Inbox)
        ? [.. Directory.EnumerateFiles(Inbox, "*.json").Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject())]
        : [];

    private void StartSink()
    {
        var script = Path.Combine(Repository.Root, "tests", "OmsFlow.Templates.Tests", "Email", "smtp_sink.py");
        _sink = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"\"{script}\" --port {_port} --out \"{Inbox}\"")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var ready = _sink.StandardOutput.ReadLineAsync();
        Assert.True(ready.Wait(TimeSpan.FromSeconds(20)) && ready.Result == "READY", "the SMTP sink did not start; install Debian's python3-aiosmtpd");
    }

    private void StopSink()
    {
        if (_sink is { HasExited: false })
        {
            _sink.Kill(entireProcessTree: true);
            _sink.WaitForExit();
        }
        _sink?.Dispose();
    }
}
