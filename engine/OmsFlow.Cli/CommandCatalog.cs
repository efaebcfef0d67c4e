using System.CommandLine;

namespace OmsFlow.Cli;

/// <summary>Every top-level command; each feature folder contributes one factory.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Rules.RulesCommand.Create();
        yield return Render.RenderCommand.Create();
        yield return Tables.TablesCommand.Create();
        foreach (var command in Releases.ReleaseCommands.Create())
        {
            yield return command;
        }
        yield return Simulate.SimulateCommand.Create();
    }
}
