using System.CommandLine;

namespace OmsFlow.Cli.Render;

/// <summary>
/// <c>omsflow render TEMPLATE --data JSON|@file [--format html|text|pdf|zpl] [--out FILE]</c>: renders a template set
/// of a local definitions folder. Exit codes: 0 rendered; 2 invalid arguments, data or templates; 3 rendering failed.
/// </summary>
public static class RenderCommand
{
    public const int Ok = 0;
    public const int InvalidInput = 2;
    public const int RenderFailed = 3;

    public static Command Create()
    {
        var template = new Argument<string>("TEMPLATE") { Description = "template set id (folder under definitions/templates) or the path of a set folder" };
        var data = new Option<string>("--data") { Description = "the document's data as JSON, or @path of a JSON file (default: the set's sample.json)" };
        var format = new Option<string>("--format") { Description = "html, text, pdf or zpl (default: the first the template kind supports)" };
        var output = new Option<string>("--out") { Description = "write to this file (required for pdf); text formats go to stdout otherwise" };
        var definitions = new Option<string>("--definitions") { Description = "the definitions folder (default: ./definitions or the nearest one above)" };
        var culture = new Option<string>("--culture") { Description = "culture for money, numbers and dates, e.g. nl-NL (default en-US)" };
        var timeZone = new Option<string>("--time-zone") { Description = "IANA time zone for dates, e.g. Europe/Amsterdam (default UTC)" };
        var dpi = new Option<int?>("--dpi") { Description = "label printer resolution for zpl: 203 or 300 (default 203)" };
        var command = new Command("render", "render a template set of a local definitions folder to html, text, pdf or zpl")
        {
            template, data, format, output, definitions, culture, timeZone, dpi,
        };
        command.SetAction(parseResult =>
        {
            var request = new RenderRequest(
                parseResult.GetValue(template) ?? string.Empty,
                parseResult.GetValue(data),
                parseResult.GetValue(format),
                parseResult.GetValue(output),
                parseResult.GetValue(definitions),
                parseResult.GetValue(culture),
                parseResult.GetValue(timeZone),
                parseResult.GetValue(dpi));
            return RenderRunner.Run(request, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }
}
