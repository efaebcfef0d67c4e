using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using OmsFlow.Server.Http;

namespace OmsFlow.Server.Hooks;

/// <summary>
/// Verifies inbound hook signatures: <c>X-OmsFlow-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-OmsFlow-Signature: v1=&lt;hex HMAC-SHA256(secret, timestamp + "." + raw body)&gt;</c> (several
/// <c>v1=</c> values may be sent, comma-separated, while a sender rotates). The timestamp must be within
/// <see cref="Tolerance"/> of the server's clock, which stops replays of captured requests.
/// </summary>
public static class HookSignature
{
    /// <summary>Header with the Unix time (seconds) the sender signed at.</summary>
    public const string TimestampHeader = "X-OmsFlow-Timestamp";

    /// <summary>Header with one or more <c>v1=&lt;hex&gt;</c> signatures.</summary>
    public const string SignatureHeader = "X-OmsFlow-Signature";

    /// <summary>How far the signed timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The hex signature a sender puts after <c>v1=</c> (also what tests and clients use to sign).</summary>
    public static string Sign(byte[] secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(Compute(secret, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>Null if one of the signatures matches one of <paramref name="secrets"/> in time; otherwise a 401 problem saying why.</summary>
    public static ProblemHttpResult? Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, IReadOnlyList<HookSigningSecret> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(secrets);
        var timestampText = headers[TimestampHeader].ToString();
        var signatureText = headers[SignatureHeader].ToString();
        if (timestampText.Length == 0 || signatureText.Length == 0)
        {
            return Unauthorized($"This hook requires a signature: send {TimestampHeader} (Unix seconds) and {SignatureHeader}: v1=<hex HMAC-SHA256 of \"<timestamp>.<body>\">.");
        }
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return Unauthorized($"{TimestampHeader} must be Unix time in whole seconds (got '{Truncate(timestampText)}').");
        }
        var age = now.ToUnixTimeSeconds() - timestamp;
        if (Math.Abs(age) > Tolerance.TotalSeconds)
        {
            return Unauthorized($"{TimestampHeader} is {Math.Abs(age)} s {(age > 0 ? "old" : "in the future")}; it must be within {Tolerance.TotalMinutes} minutes of now. Sign each request when sending it and check the sender's clock.");
        }
        Span<byte> candidate = stackalloc byte[32];
        foreach (var part in signatureText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith("v1=", StringComparison.Ordinal) || part.Length != 3 + 64 || !TryParseHex(part.AsSpan(3), candidate))
            {
                continue;
            }
            foreach (var secret in secrets)
            {
                var expected = Compute(secret.Key, timestampText, body);
                if (CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return null;
                }
            }
        }
        return Unauthorized($"{SignatureHeader} does not match: sign \"<timestamp>.<raw body>\" with HMAC-SHA256 and the hook's secret, and send v1=<64 hex digits>.");
    }

    private static byte[] Compute(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParseHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        try
        {
            return Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done && written == destination.Length;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "..." : value;

    private static ProblemHttpResult Unauthorized(string detail) => Problems.Of(StatusCodes.Status401Unauthorized, "Invalid signature", detail);
}
