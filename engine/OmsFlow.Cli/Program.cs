using System.CommandLine;
using OmsFlow.Cli;
using OmsFlow.Workflows.Documents;

ProductLicensing.Apply();

// Regular expressions in user scripts must not run unbounded: the sandbox stops the script, this stops the regex thread.
AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(1));

var root = new RootCommand($"""
    omsflow: validate, run and deploy OmsFlow definitions.

    Release commands act on a server (--server URL --api-key KEY, or OMSFLOW_SERVER / OMSFLOW_API_KEY) or on a
    database in-process (--database PATH|CONNSTRING [--provider Sqlite|Postgres], or OMSFLOW_DATABASE / OMSFLOW_PROVIDER);
    a flag wins over its variable, and --server with --database is a usage error.

    {OmsFlow.Cli.Releases.ExitCodes.Table}
    """);
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}
return await CliParsing.RunAsync(root, args);
