using System.Text.Json.Nodes;

namespace OmsFlow.Workflows.Activities;

/// <summary>What a suspended step waits for.</summary>
public enum BookmarkKind
{
    /// <summary>A named signal, optionally for a correlation key (<c>POST /api/instances/{id}/signals/{name}</c> or by key).</summary>
    Signal,

    /// <summary>An HTTP hook call <c>POST /hooks/{path}/{correlationKey}</c>.</summary>
    Hook,

    /// <summary>A point in time (delay, wait-until, timeouts, retry backoff).</summary>
    Timer,

    /// <summary>A human task completed through <c>/api/tasks</c>.</summary>
    Task,

    /// <summary>A child instance finishing.</summary>
    Child,
}

/// <summary>
/// A bookmark an activity asks for. A step may wait on several (a task and its timeout timer):
/// the first one resumed wins and the others are removed in the same commit.
/// </summary>
/// <param name="Name">Signal name, hook path, task title or timer purpose.</param>
/// <param name="CorrelationKey">Key that routes a signal or hook to this instance (e.g. the order id).</param>
/// <param name="DueAt">For timers: when it fires.</param>
/// <param name="ResumeOutcome">Outcome the step takes when this bookmark resumes it by default (e.g. <c>timeout</c>).</param>
/// <param name="Payload">Data kept with the bookmark (a task's role, form and outcomes).</param>
public sealed record BookmarkRequest(
    BookmarkKind Kind,
    string Name,
    string? CorrelationKey = null,
    DateTimeOffset? DueAt = null,
    string? ResumeOutcome = null,
    JsonObject? Payload = null);

/// <summary>A bookmark being resumed, with the data that resumed it.</summary>
public sealed record ResumeEvent(BookmarkKind Kind, string Name, string? Outcome, JsonNode? Data, JsonObject? Payload);
