using System.Text.Json.Nodes;
using OmsFlow.Server.Http;
using OmsFlow.Workflows.Releases;
using OmsFlow.Workflows.Validation;

namespace OmsFlow.Server.Releases;

/// <summary>
/// Turns the definition files of a release request (<c>[{path, content}]</c>, paths relative to a definitions folder
/// such as <c>tables/discounts.yaml</c> or <c>templates/invoice/invoice.html.hbs</c>) into documents, read the same
/// way as a definitions folder on disk, so problems name the file as the caller has it.
/// </summary>
internal static class ReleaseFiles
{
    /// <summary>
    /// Reads a multipart release request as the JSON one: every file part is a definition file whose file name is its
    /// path (<c>curl -F "file=@tables/discounts.yaml;filename=tables/discounts.yaml"</c>); <c>note</c> and
    /// <c>activateAt</c> are form fields.
    /// </summary>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > JsonBody.MaxBytes)
        {
            return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {JsonBody.MaxBytes} bytes."));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            return (null, Problems.BadRequest($"The multipart body cannot be read: {ex.Message}"));
        }
        var files = new JsonArray();
        foreach (var file in form.Files)
        {
            using var reader = new StreamReader(file.OpenReadStream());
            files.Add(new JsonObject { ["path"] = file.FileName, ["content"] = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false) });
        }
        var body = new JsonObject { ["files"] = files };
        foreach (var field in new[] { "note", "activateAt" })
        {
            if (form.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value.ToString()))
            {
                body[field] = value.ToString();
            }
        }
        return (body, null);
    }

    /// <summary>The documents of a request's files (see <see cref="ReleaseFileSet"/>).</summary>
    public static (IReadOnlyList<SourceDocument> Documents, IReadOnlyList<DefinitionProblem> Problems) Read(JsonArray files) => ReleaseFileSet.Read(files);
}
