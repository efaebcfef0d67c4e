using System.CommandLine;

namespace OmsFlow.Cli.Tables;

/// <summary>
/// <c>omsflow tables validate FILE...</c> and <c>omsflow tables run FILE --input JSON</c> for decision tables
/// (definitions/tables/*.yaml). Human text by default, <c>--json</c> for tools. Exit codes as for <c>rules</c>:
/// 0 valid / evaluation ran (matched or not); 2 invalid files or arguments; 3 evaluation itself failed
/// (e.g. two rows of a UNIQUE table match). Missing arguments are checked by the runner, not the parser, so they
/// exit 2 like every other invalid input rather than System.CommandLine's 1.
/// </summary>
public static class TablesCommand
{
    public const int Ok = 0;
    public const int InvalidInput = 2;
    public const int EvaluationFailed = 3;

    public static Command Create()
    {
        var command = new Command("tables", "validate and run decision tables");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateRun());
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "print the result as JSON instead of text" };

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("FILE") { Description = "decision table YAML files", Arity = ArgumentArity.ZeroOrMore };
        var json = JsonOption();
        var command = new Command("validate", "parse the tables, check their entries and find overlapping rows and gaps") { files, json };
        command.SetAction(parseResult => TablesRunner.Validate(
            parseResult.GetValue(files) ?? [],
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static Command CreateRun()
    {
        var file = new Argument<string?>("FILE") { Description = "a decision table YAML file", Arity = ArgumentArity.ZeroOrOne };
        var input = new Option<string>("--input")
        {
            Description = "the input as a JSON object (its top-level properties are the names the columns read) or @path",
        };
        var json = JsonOption();
        var command = new Command("run", "evaluate a table for one input and print the matched rows and output") { file, input, json };
        command.SetAction(parseResult => TablesRunner.Run(
            parseResult.GetValue(file),
            parseResult.GetValue(input),
            parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }
}
