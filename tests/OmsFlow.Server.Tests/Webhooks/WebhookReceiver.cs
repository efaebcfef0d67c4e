using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OmsFlow.Server.Tests.Webhooks;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records webhook deliveries and fails the first ones on demand.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Every request, including the ones answered with a failure.</summary>
    public ConcurrentQueue<ReceivedWebhook> Attempts { get; } = new();

    public Uri Url => new(_app.Urls.First() + "/events");

    /// <summary>Answer the next <paramref name="count"/> deliveries with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/events", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var received = new ReceivedWebhook(
                request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(),
                await reader.ReadToEndAsync());
            receiver.Attempts.Enqueue(received);
            if (Interlocked.Decrement(ref receiver._failuresLeft) >= 0)
            {
                return Results.StatusCode(500);
            }
            receiver.Received.Enqueue(received);
            return Results.NoContent();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(25);
        }
        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body);
