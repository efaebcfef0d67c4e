using System.Security.Cryptography;
using System.Text;

namespace OmsFlow.Templates.Rendering;

/// <summary>One template text: which definition and version it belongs to and how its output is encoded.</summary>
/// <param name="Id">Template id with its part, e.g. <c>order-confirmation/body.html</c>.</param>
/// <param name="Version">The definition version; drafts use 0.</param>
public sealed record TemplateSource(string Id, int Version, OutputMode Mode, string Content)
{
    private string? contentHash;

    /// <summary>SHA-256 of the content (hex), so an edited draft never reuses a stale compiled delegate.</summary>
    public string ContentHash => contentHash ??= Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Content)));
}
