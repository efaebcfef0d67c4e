using System.CommandLine;
using OmsFlow.Cli;
using OmsFlow.Workflows.Documents;

ProductLicensing.Apply();

var root = new RootCommand("omsflow: validate, run and deploy OmsFlow definitions");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args, CliParsing.Configuration).InvokeAsync();
