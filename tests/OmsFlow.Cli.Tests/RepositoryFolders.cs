namespace OmsFlow.Cli.Tests;

/// <summary>Folders of the repository the tests run from.</summary>
internal static class RepositoryFolders
{
    /// <summary>The reference definitions (<c>definitions/</c> beside OmsFlow.sln).</summary>
    public static string Definitions { get; } = Locate("definitions");

    private static string Locate(string folder)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmsFlow.sln")))
            {
                return Path.Combine(dir.FullName, folder);
            }
        }
        throw new DirectoryNotFoundException($"The repository's {folder}/ folder was not found.");
    }
}
