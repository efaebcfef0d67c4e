using System.CommandLine;
using OmsFlow.Rules.Execution;
using OmsFlow.Rules.Loading;

namespace OmsFlow.Cli.Rules;

/// <summary>
/// <c>omsflow rules validate</c> and <c>omsflow rules run</c>. Exit codes: 0 evaluation ran (whatever the rules
/// returned) or files are valid; 2 invalid files or arguments; 3 evaluation itself threw.
/// </summary>
public static class RulesCommand
{
    public const int Ok = 0;
    public const int InvalidInput = 2;
    public const int EvaluationFailed = 3;

    public static Command Create()
    {
        var command = new Command("rules", "validate and run RulesEngine-compatible rule files");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Option<string[]> FileOption() => new("--file")
    {
        Description = "a RulesEngine workflow JSON file (repeat for several)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command CreateValidate()
    {
        var files = FileOption();
        var command = new Command("validate", "check that every workflow in the files loads and its expressions parse") { files };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!CheckArguments(parseResult, parseResult.GetValue(files), error, out var paths))
            {
                return InvalidInput;
            }

            return Load(paths, new ReSettings(), error) is null ? InvalidInput : Ok;
        });
        return command;
    }

    private static Command CreateRun()
    {
        var files = FileOption();
        var workflow = new Option<string>("--workflow") { Description = "the workflow to execute" };
        var inputs = new Option<string[]>("--input")
        {
            Description = "an input as NAME=JSON or NAME=@path (repeat; inputs are passed in order)",
            AllowMultipleArgumentsPerToken = false,
        };
        var settings = new Option<string[]>("--setting")
        {
            Description = "a ReSettings value as KEY=VALUE, e.g. EnableExceptionAsErrorMessage=false",
            AllowMultipleArgumentsPerToken = false,
        };
        var action = new Option<string>("--action") { Description = "execute this rule's action (ExecuteActionWorkflow)" };
        var command = new Command("run", "execute a workflow and print its results as JSON") { files, workflow, inputs, settings, action };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!CheckArguments(parseResult, parseResult.GetValue(files), error, out var paths))
            {
                return InvalidInput;
            }

            var workflowName = parseResult.GetValue(workflow);
            if (string.IsNullOrWhiteSpace(workflowName))
            {
                error.WriteLine("--workflow NAME is required");
                return InvalidInput;
            }

            var request = new RulesRunRequest(paths, workflowName, parseResult.GetValue(inputs) ?? [], parseResult.GetValue(settings) ?? [], parseResult.GetValue(action));
            return RulesRunner.Run(request, output, error);
        });
        return command;
    }

    private static bool CheckArguments(ParseResult parseResult, string[]? files, TextWriter error, out string[] paths)
    {
        paths = files ?? [];
        if (parseResult.UnmatchedTokens.Count > 0)
        {
            error.WriteLine($"unexpected argument(s): {string.Join(" ", parseResult.UnmatchedTokens)}");
            return false;
        }

        if (paths.Length == 0)
        {
            error.WriteLine("--file F is required (repeat --file for several files)");
            return false;
        }

        return true;
    }

    /// <summary>Loads the files into one rule set, writing one line per problem (file, workflow, rule, message) on failure.</summary>
    internal static RuleSet? Load(IEnumerable<string> paths, ReSettings settings, TextWriter error)
    {
        var sources = new List<(string Json, string FileName)>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                error.WriteLine($"{path}: file not found");
                return null;
            }

            sources.Add((File.ReadAllText(path), path));
        }

        try
        {
            return RuleSet.Load(sources, settings);
        }
        catch (RuleSetLoadException exception)
        {
            foreach (var problem in exception.Problems)
            {
                error.WriteLine(problem.ToString());
            }

            return null;
        }
    }
}
