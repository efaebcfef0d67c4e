using System.Runtime.CompilerServices;

namespace OmsFlow.Workflows.Tests.Definitions;

/// <summary>Golden files are read from the source tree, next to the tests that use them.</summary>
public static class TestFiles
{
    public static string Folder(string name, [CallerFilePath] string callerFile = "")
        => Path.Combine(Path.GetDirectoryName(callerFile)!, name);

    public static string Read(string folder, string file) => File.ReadAllText(Path.Combine(folder, file)).ReplaceLineEndings("\n");
}
