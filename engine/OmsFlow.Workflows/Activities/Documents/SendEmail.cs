using System.Net.Mail;
using System.Text.Json.Nodes;
using OmsFlow.Templates.Definitions;
using OmsFlow.Templates.Email;
using OmsFlow.Templates.Rendering;
using OmsFlow.Workflows.Runtime;
using OmsFlow.Workflows.Versions.Kinds;

namespace OmsFlow.Workflows.Activities.Documents;

/// <summary>
/// Renders an email template set (the version the instance pinned) and queues the message on the outbox channel
/// <c>email</c>: it leaves after the step commits, with a Message-ID derived from the step, so a step that runs
/// again never sends a second copy.
/// </summary>
[Activity("SendEmail", Category = "Documents",
    Description = "Render an email template set (subject, HTML and text) and send it through the outbox, with issued documents (e.g. the invoice PDF) attached.")]
public sealed class SendEmail : Activity
{
    [Input(Required = true, Description = "Id of the published email template set, e.g. order-confirmation.")]
    public string Template { get; set; } = string.Empty;

    [Input(Required = true, Description = "Recipient address, or a list of them, e.g. =input.customer.email.", Editor = "expression")]
    public JsonNode? To { get; set; }

    [Input(Description = "Copy recipients (an address or a list).", Editor = "expression")]
    public JsonNode? Cc { get; set; }

    [Input(Description = "Blind-copy recipients (an address or a list).", Editor = "expression")]
    public JsonNode? Bcc { get; set; }

    [Input(Description = "Sender address; default from the server's Email:From setting.")]
    public string? From { get; set; }

    [Input(Description = "Reply-To address.")]
    public string? ReplyTo { get; set; }

    [Input(Required = true, Description = "The email's data, e.g. =input.order.", Editor = "expression")]
    public JsonNode? Data { get; set; }

    [Input(Description = "Issued document ids to attach (one or a list), e.g. =steps.invoice.output.documentId.", Editor = "expression")]
    public JsonNode? Attachments { get; set; }

    [Input(Description = "Culture for money, numbers and dates, e.g. nl-NL (default en-US).")]
    public string? Culture { get; set; }

    [Input(Description = "IANA time zone dates are shown in, e.g. Europe/Amsterdam (default UTC).")]
    public string? TimeZone { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, settingsError) = DocumentRendering.Settings(Culture, TimeZone);
        if (settings is null)
        {
            return ActivityResult.Fault(settingsError!, permanent: true);
        }
        var payload = new EmailPayload { From = From, ReplyTo = ReplyTo };
        var addressError = Addresses(To, "to", payload.To) ?? Addresses(Cc, "cc", payload.Cc) ?? Addresses(Bcc, "bcc", payload.Bcc)
            ?? Single(From, "from") ?? Single(ReplyTo, "replyTo");
        if (addressError is null && payload.To.Count == 0)
        {
            addressError = "The email has no recipient; set 'to' to an address or a list of addresses.";
        }
        if (addressError is not null)
        {
            return ActivityResult.Fault(addressError, permanent: true);
        }
        foreach (var id in Strings(Attachments))
        {
            if (await context.Documents.GetAsync(id, context.CancellationToken).ConfigureAwait(false) is null)
            {
                return ActivityResult.Fault($"Attachment '{id}' is not an issued document; pass the documentId a RenderDocument step returned.", permanent: true);
            }
            payload.Attachments.Add(id);
        }
        LoadedDefinition<TemplateBundle> template;
        try
        {
            template = await context.Definitions.ResolveTemplateAsync(context, Template).ConfigureAwait(false);
        }
        catch (DefinitionNotFoundException ex)
        {
            return ActivityResult.Fault(ex.Message, permanent: true);
        }
        if (template.Value.Set.Kind != TemplateKind.Email)
        {
            return ActivityResult.Fault($"Template set '{Template}' makes {TemplateDocument.KindText(template.Value.Set.Kind)} documents, not emails; use an email template set.", permanent: true);
        }
        RenderedEmail email;
        try
        {
            email = new EmailRenderer(template.Value.Engine).Render(template.Value.Set, DocumentRendering.Model(Data), settings);
        }
        catch (TemplateRenderException ex)
        {
            return ActivityResult.Fault($"Template set '{Template}' v{template.Version}: {ex.Message}", permanent: true);
        }
        payload.Template = template.Id;
        payload.TemplateVersion = template.Version;
        payload.Subject = email.Subject;
        payload.Html = email.HtmlBody;
        payload.Text = email.TextBody;
        context.Send(new OutgoingMessage(EmailPayload.Channel, "email", payload.ToJsonObject(), Topic: template.Id));
        return ActivityResult.Done(new JsonObject
        {
            ["subject"] = email.Subject,
            ["to"] = new JsonArray([.. payload.To.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["template"] = template.Id,
            ["templateVersion"] = template.Version,
            ["attachments"] = new JsonArray([.. payload.Attachments.Select(a => (JsonNode)JsonValue.Create(a))]),
        });
    }

    private static string? Addresses(JsonNode? value, string input, List<string> into)
    {
        foreach (var address in Strings(value))
        {
            if (Single(address, input) is { } error)
            {
                return error;
            }
            into.Add(address);
        }
        return null;
    }

    private static string? Single(string? address, string input)
        => address is null || MailAddress.TryCreate(address, out _) ? null : $"'{address}' in '{input}' is not an email address.";

    private static IEnumerable<string> Strings(JsonNode? value) => value switch
    {
        null => [],
        JsonArray array => array.Select(item => item?.ToString()).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()),
        _ => string.IsNullOrWhiteSpace(value.ToString()) ? [] : [value.ToString().Trim()],
    };
}
