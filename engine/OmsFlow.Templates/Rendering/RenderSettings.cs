using System.Globalization;

namespace OmsFlow.Templates.Rendering;

/// <summary>Culture and time zone a document is rendered for (usually the customer's).</summary>
/// <remarks>Defaults: en-US and UTC. Helpers take <c>culture="nl-NL"</c> or <c>tz="Europe/Amsterdam"</c> to override per call.</remarks>
public sealed record RenderSettings
{
    /// <summary>The default settings: en-US, UTC.</summary>
    public static RenderSettings Default { get; } = new();

    /// <summary>Culture for numbers, money and dates.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Time zone dates and times are shown in.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Printer resolution for ZPL output: 203 or 300 dots per inch.</summary>
    public int Dpi { get; init; } = 203;

    /// <summary>Creates settings for a culture name and IANA time zone id.</summary>
    public static RenderSettings For(string cultureName, string timeZoneId = "UTC") => new()
    {
        Culture = CultureInfo.GetCultureInfo(cultureName),
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId),
    };
}
