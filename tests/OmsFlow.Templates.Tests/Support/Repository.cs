namespace OmsFlow.Templates.Tests.Support;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Templates => Path.Combine(Root, "definitions", "templates");

    public static string TestProject => Path.Combine(Root, "tests", "OmsFlow.Templates.Tests");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OmsFlow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OmsFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
