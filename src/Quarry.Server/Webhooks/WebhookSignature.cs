using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Quarry.Server.Webhooks;

/// <summary>
/// <c>X-Quarry-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of <c>"&lt;timestamp&gt;.&lt;body&gt;"</c> keyed with the
/// secret's UTF-8 bytes. The timestamp is inside the signed text, so a captured request cannot be replayed later with
/// a fresh timestamp; receivers should also refuse old timestamps.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Compute(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when <paramref name="header"/> is the signature of this body and timestamp; compared in constant time.</summary>
    public static bool Verify(string secret, long timestamp, string body, string? header)
    {
        if (header is null)
            return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header));
    }
}
