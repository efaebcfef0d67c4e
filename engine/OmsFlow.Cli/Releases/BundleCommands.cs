using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;

namespace OmsFlow.Cli.Releases;

/// <summary><c>omsflow export RELEASE</c> and <c>omsflow import FILE</c>: move a release between environments with the same hashes.</summary>
internal static class BundleCommands
{
    public static Command Export()
    {
        var release = new Argument<int>("RELEASE") { Description = "the release to export" };
        var file = new Option<string>("--output", "-o") { Description = "the bundle file to write (default: stdout)" };
        return ReleaseCommand.Define("export", "export a release as a bundle (definitions with their SHA-256) to import into another environment", async c =>
        {
            var reply = await c.Backend.ExportAsync(c.Parse.GetValue(release), c.Cancellation).ConfigureAwait(false);
            if (!reply.Ok)
            {
                return Replies.Failure(reply, c.Error);
            }
            if (c.Parse.GetValue(file) is { } path)
            {
                await File.WriteAllTextAsync(path, reply.Raw, c.Cancellation).ConfigureAwait(false);
                if (!c.Json)
                {
                    c.Output.WriteLine($"Release {c.Parse.GetValue(release)} exported to {path} ({reply.Body!["definitions"]!.AsArray().Count} definitions).");
                }
            }
            else
            {
                c.Output.WriteLine(reply.Raw);
            }
            return ExitCodes.Ok;
        }, createsDatabase: false, release, file);
    }

    public static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "a bundle written by 'omsflow export'" };
        return ReleaseCommand.Define("import", "import a release bundle with the same hashes; importing it again changes nothing", async c =>
        {
            var path = c.Parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                c.Error.WriteLine($"{path}: no such file");
                return ExitCodes.Usage;
            }
            JsonNode? bundle;
            try
            {
                bundle = JsonNode.Parse(await File.ReadAllTextAsync(path, c.Cancellation).ConfigureAwait(false));
            }
            catch (System.Text.Json.JsonException ex)
            {
                c.Error.WriteLine($"{path}: not a bundle ({ex.Message})");
                return ExitCodes.Usage;
            }
            if (bundle is not JsonObject)
            {
                c.Error.WriteLine($"{path}: not a bundle (expected a JSON object written by 'omsflow export')");
                return ExitCodes.Usage;
            }
            var reply = await c.WithProgressAsync("Importing", _ => c.Backend.ImportAsync(bundle, c.Cancellation)).ConfigureAwait(false);
            return c.Finish(reply, r => c.Output.WriteLine(reply.Status == HttpStatusCode.Created
                    ? $"Imported as release {r["id"]} ({r["state"]})."
                    : $"Already imported as release {r["id"]}; nothing changed."),
                _ => ExitCodes.Ok);
        }, createsDatabase: true, file);
    }
}
