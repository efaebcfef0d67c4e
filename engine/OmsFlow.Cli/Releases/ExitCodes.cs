namespace OmsFlow.Cli.Releases;

/// <summary>Exit codes of the release commands (<c>validate</c>, <c>diff</c>, <c>release</c>, <c>rollback</c>, ...).</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing to report (valid, no differences, no changes, every instance could move).</summary>
    public const int Ok = 0;

    /// <summary>
    /// Problems found: validation errors, differences (<c>diff</c>), changed outcomes (<c>rehearse</c>), instances that
    /// cannot move (<c>migrate</c>), or the request was refused (unknown release, rollback to the active one).
    /// </summary>
    public const int Problems = 1;

    /// <summary>Wrong command-line arguments, including <c>--server</c> and <c>--database</c> together.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached, refused the API key, or failed; or the database could not be opened.</summary>
    public const int Unavailable = 3;

    /// <summary>The former name of <see cref="Unavailable"/>.</summary>
    public const int ServerError = Unavailable;

    /// <summary>The exit code table, as <c>omsflow --help</c> and the README show it.</summary>
    public const string Table = """
        Exit codes:
          0  done: valid, no differences, nothing would change, every instance can move
          1  problems found: validation errors, differences (diff), changed outcomes (rehearse),
             instances that cannot move (migrate), or the request was refused (unknown release, ...)
          2  usage: wrong arguments, or --server and --database both given
          3  unavailable: the server cannot be reached, refused the API key or failed; or the
             database cannot be opened
        """;
}
