namespace OmsFlow.Cli.Releases;

/// <summary>Exit codes of the release commands (<c>validate</c>, <c>diff</c>, <c>release</c>, <c>rollback</c>, ...).</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing to report (valid, no differences, no changes, every instance could move).</summary>
    public const int Ok = 0;

    /// <summary>
    /// Problems found: validation errors, differences (<c>diff</c>), changed outcomes (<c>rehearse</c>), instances that
    /// cannot move (<c>migrate</c>), or the server refused the request (unknown release, rollback to the active one).
    /// </summary>
    public const int Problems = 1;

    /// <summary>Wrong command-line arguments.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached, refused the API key, or failed.</summary>
    public const int ServerError = 3;
}
