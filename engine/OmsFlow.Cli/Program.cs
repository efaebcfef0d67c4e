using System.CommandLine;
using OmsFlow.Cli;

var root = new RootCommand("omsflow: validate, run and deploy OmsFlow definitions");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
