namespace OmsFlow.Workflows.Activities.Blocking;

/// <summary>Adds the timeout timer that races a bookmark.</summary>
internal static class Bookmarking
{
    public const string TimeoutOutcome = "timeout";

    public static BookmarkRequest[] WithTimeout(BookmarkRequest bookmark, TimeSpan? timeout, ActivityContext context)
        => timeout is { } t
            ? [bookmark, new BookmarkRequest(BookmarkKind.Timer, "timeout", DueAt: context.Now + t, ResumeOutcome: TimeoutOutcome)]
            : [bookmark];
}
