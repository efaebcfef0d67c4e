using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmsFlow.Server.Webhooks;

/// <summary>
/// Standard Webhooks signing (standardwebhooks.com): headers <c>webhook-id</c>, <c>webhook-timestamp</c> and
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)&gt;</c>, where the key is
/// the base64 part of the <c>whsec_</c> secret. Receivers can verify with any Standard Webhooks library.
/// </summary>
public static class StandardWebhooks
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> value for a message.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>True if one of the space-separated signatures in <paramref name="signatureHeader"/> is valid (constant-time compare).</summary>
    public static bool Verify(string secret, string messageId, string timestampHeader, string body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }
}
