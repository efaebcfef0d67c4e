namespace OmsFlow.Templates.Tests.Support;

/// <summary>
/// Compares output with a checked-in file under Golden/. Run with OMSFLOW_UPDATE_GOLDEN=1 to rewrite the files
/// after an intended change, then review the diff.
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string relativePath, string actual)
    {
        var path = Path.Combine(Repository.TestProject, "Golden", relativePath);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("OMSFLOW_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with OMSFLOW_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), actual);
    }
}
