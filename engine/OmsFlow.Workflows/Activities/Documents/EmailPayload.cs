using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmsFlow.Workflows.Activities.Documents;

/// <summary>
/// What an email outbox message carries: the rendered texts (so delivery never re-renders with another template
/// version), the recipients and the ids of issued documents to attach.
/// </summary>
public sealed class EmailPayload
{
    /// <summary>The outbox channel emails are sent on.</summary>
    public const string Channel = "email";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string Template { get; set; } = string.Empty;

    public int TemplateVersion { get; set; }

    /// <summary>Sender; null uses the server's configured <c>Email:From</c>.</summary>
    public string? From { get; set; }

    public string? ReplyTo { get; set; }

    public List<string> To { get; set; } = [];

    public List<string> Cc { get; set; } = [];

    public List<string> Bcc { get; set; } = [];

    public string Subject { get; set; } = string.Empty;

    public string Html { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    /// <summary>Ids of issued documents to attach (see <see cref="Workflows.Documents.DocumentStore"/>).</summary>
    public List<string> Attachments { get; set; } = [];

    public static EmailPayload Read(string json) => JsonSerializer.Deserialize<EmailPayload>(json, Json)
        ?? throw new JsonException("The email payload is empty.");

    public System.Text.Json.Nodes.JsonObject ToJsonObject() => JsonSerializer.SerializeToNode(this, Json)!.AsObject();
}
