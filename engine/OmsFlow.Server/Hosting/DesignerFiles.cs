using System.Reflection;

namespace OmsFlow.Server.Hosting;

/// <summary>Finds the built designer: next to the binaries when published, else in the project's wwwroot.</summary>
internal static class DesignerFiles
{
    public static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(beside))
        {
            return beside;
        }
        var project = typeof(DesignerFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "DesignerRoot")?.Value;
        return project ?? beside;
    }
}
