using System.Net;
using HandlebarsDotNet;
using OmsFlow.Templates.Labels;
using OmsFlow.Templates.Rendering;
using QRCoder;

namespace OmsFlow.Templates.Helpers;

/// <summary>Helpers that depend on the output mode: addresses, barcode payloads, QR images, ZPL dot scaling.</summary>
internal static class DocumentHelpers
{
    /// <summary>Registers the writer helper <c>address</c> (it mixes encoded lines with raw line breaks).</summary>
    public static void RegisterWriters(IHandlebars handlebars, OutputMode mode)
    {
        // {{address shipTo [origin="US"]}}: lines per country; <br> in HTML, newlines in text, ZPL's \& line break inside ^FB.
        handlebars.RegisterHelper("address", (in EncodedTextWriter output, in HelperOptions options, in Context context, in Arguments arguments) =>
        {
            FormattingHelpers.Require(arguments, 1, "address", "{{address value [origin=\"US\"]}}");
            var address = AddressFormatter.From(arguments[0]);
            if (address is null)
            {
                return;
            }

            var lines = AddressFormatter.Lines(address, HelperValue.HashString(arguments, "origin"));
            for (var i = 0; i < lines.Count; i++)
            {
                if (i > 0)
                {
                    output.WriteSafeString(AddressLineBreak(mode));
                }

                output.Write(lines[i]);
            }
        });

    }

    /// <summary>The separator between address lines in <paramref name="mode"/>.</summary>
    public static string AddressLineBreak(OutputMode mode) => mode switch { OutputMode.Html => "<br>", OutputMode.Zpl => "\\&", _ => "\n" };

    public static void Register(HelperTable helpers)
    {
        // {{sscc "35412345000000001"}}: appends the GS1 check digit (or validates an 18-digit code).
        helpers.Add("sscc", (context, arguments) =>
        {
            FormattingHelpers.Require(arguments, 1, "sscc", "{{sscc seventeenDigits}}");
            return Sscc.Complete(HelperValue.AsString(arguments[0]) ?? string.Empty);
        });

        // {{ssccText code}}: "(00) 3 5412345 000000001 8" for the line under the barcode.
        helpers.Add("ssccText", (context, arguments) =>
        {
            FormattingHelpers.Require(arguments, 1, "ssccText", "{{ssccText sscc}}");
            return Sscc.HumanReadable(Sscc.Complete(HelperValue.AsString(arguments[0]) ?? string.Empty));
        });

        // {{urlencode value}}: for tracking links and QR payloads.
        helpers.Add("urlencode", (context, arguments) =>
            HelperValue.Count(arguments) == 0 ? string.Empty : WebUtility.UrlEncode(HelperValue.AsString(arguments[0]) ?? string.Empty));

        // {{qr payload}}: a PNG data URI for <img src="...">; the payload is the encoded text (e.g. a tracking URL).
        helpers.Add("qr", (context, arguments) =>
        {
            FormattingHelpers.Require(arguments, 1, "qr", "{{qr payload}}");
            var payload = HelperValue.AsString(arguments[0]) ?? string.Empty;
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
            var png = new PngByteQRCode(data).GetGraphic(4);
            return "data:image/png;base64," + Convert.ToBase64String(png);
        });

        // {{dots 40}}: a coordinate written in 203-dpi dots, scaled to the printer resolution of this render.
        helpers.Add("dots", (context, arguments) =>
        {
            FormattingHelpers.Require(arguments, 1, "dots", "{{dots valueAt203dpi}}");
            var value = HelperValue.AsDecimal(arguments[0], "dots");
            var dpi = RenderScope.Current.Dpi;
            return ((int)Math.Round(value * dpi / 203m, MidpointRounding.AwayFromZero)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
    }
}
