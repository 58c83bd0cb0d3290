using System.Buffers.Text;
using System.Security.Cryptography;

namespace Quarry.Server.Webhooks;

/// <summary>Signing secrets: generated when the caller gives none, shown once, afterwards only as a hint.</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";
    public const int MinLength = 16;
    public const int MaxLength = 256;

    /// <summary><c>whsec_</c> and 256 random bits in base64url (43 characters).</summary>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Enough to tell secrets apart (the last four characters), too little to sign with.</summary>
    public static string Hint(string secret) => "…" + secret[^Math.Min(4, secret.Length)..];

    /// <summary>Why a given secret cannot be used, or null. Printable ASCII only, so it means the same bytes to every receiver.</summary>
    public static string? Problem(string secret)
    {
        if (secret.Length is < MinLength or > MaxLength)
            return $"Must be {MinLength} to {MaxLength} characters; leave it out to have one generated.";
        return secret.All(c => c is > ' ' and <= '~') ? null : "Only printable ASCII characters without spaces.";
    }
}
