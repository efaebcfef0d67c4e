using OmsFlow.Templates.Email;

namespace OmsFlow.Templates.Tests.Email;

public sealed class FileEmailTransportTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "omsflow-outbox-" + Guid.NewGuid().ToString("N"));

    private static RenderedEmail Email => new("Bestelling SO-1 bevestigd – € 12,50", "<p>Hallo Zoë</p>", "Hallo Zoë");

    [Fact]
    public async Task SendAsync_WritesOneEmlNamedAfterTheMessageId()
    {
        var transport = new FileEmailTransport(folder);
        using var message = EmailMessageFactory.Create(Email, new EmailEnvelope("shop@example.com", ["zoe@example.com"], "wf-1.step-3@omsflow"),
            [new EmailAttachment("factuur.pdf", "application/pdf", new byte[] { 1, 2, 3 })]);

        var result = await transport.SendAsync(message);

        Assert.True(result.Succeeded, result.Error);
        var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
        Assert.Equal("wf-1.step-3@omsflow.eml", Path.GetFileName(file));
        Assert.Equal(file, result.Location);
        var eml = File.ReadAllText(file);
        Assert.Contains("Message-ID: <wf-1.step-3@omsflow>", eml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject: =?utf-8?", eml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("multipart/alternative", eml, StringComparison.Ordinal);
        Assert.Contains("text/plain; charset=utf-8", eml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/html; charset=utf-8", eml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("filename=factuur.pdf", eml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SameMessageIdTwice_KeepsOneCopy()
    {
        var transport = new FileEmailTransport(folder);
        for (var i = 0; i < 2; i++)
        {
            using var message = EmailMessageFactory.Create(Email, new EmailEnvelope("shop@example.com", ["zoe@example.com"], "wf-2.step-1@omsflow"));
            Assert.True((await transport.SendAsync(message)).Succeeded);
        }

        Assert.Single(Directory.GetFiles(folder, "*.eml"));
        Assert.Empty(Directory.GetDirectories(Path.Combine(folder, ".staging")));
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
