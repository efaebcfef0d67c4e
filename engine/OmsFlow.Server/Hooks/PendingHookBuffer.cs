using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Workflows.Runtime;

namespace OmsFlow.Server.Hooks;

/// <summary>
/// The resume side of <c>/hooks/{path}/{key}</c> when no instance waits yet: a call for a running instance whose workflow
/// waits on that hook later is kept and answered <c>202 {status: "buffered"}</c>; only a key no running instance has is 404.
/// </summary>
/// <remarks>Messages are kept for <c>Hooks:PendingMessageTtl</c> (default 24 h), then purged undelivered.</remarks>
internal sealed class PendingHookBuffer(WorkflowEngine engine, IConfiguration configuration)
{
    private readonly TimeSpan _timeToLive = configuration.GetValue("Hooks:PendingMessageTtl", TimeSpan.FromHours(24));

    /// <summary>Resumes the instances waiting on <paramref name="hookPath"/> for <paramref name="key"/>, or buffers the call for a running one.</summary>
    public async Task<IResult> ResumeOrBufferAsync(string requestPath, string hookPath, string key, JsonObject body, CancellationToken cancellationToken)
    {
        var resumed = await engine.ResumeHookAsync(hookPath, key, body, cancellationToken).ConfigureAwait(false);
        if (resumed.Count > 0)
        {
            return TypedResults.Ok(new { resumed = resumed.Select(r => new { instanceId = r.InstanceId, status = r.Status.ToString() }) });
        }
        if (await engine.BufferHookAsync(hookPath, key, body, _timeToLive, cancellationToken).ConfigureAwait(false) is { } buffered)
        {
            return TypedResults.Accepted($"/api/instances/{buffered.InstanceId}", new
            {
                status = "buffered",
                instanceId = buffered.InstanceId,
                sequence = buffered.Sequence,
                expiresAt = buffered.ExpiresAt,
            });
        }
        return Problems.NotFound(
            $"No workflow has a hook trigger at /hooks/{requestPath}, and no running instance with key '{key}' waits or will wait on hook '{hookPath}'.");
    }
}
