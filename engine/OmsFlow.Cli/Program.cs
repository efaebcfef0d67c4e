using System.CommandLine;
using OmsFlow.Cli;
using OmsFlow.Workflows.Documents;

ProductLicensing.Apply();

// Regular expressions in user scripts must not run unbounded: the sandbox stops the script, this stops the regex thread.
AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

var root = new RootCommand("omsflow: validate, run and deploy OmsFlow definitions");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return await CliParsing.RunAsync(root, args);
