using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Quarry.Server.Webhooks;

/// <summary>
/// Checks a webhook URL when it is saved: an absolute http(s) URL without credentials whose host resolves only to
/// public addresses (every address is checked: one private answer among public ones is enough to refuse). The same
/// check runs again when each delivery connects (<see cref="GuardedConnect"/>), so a DNS answer changed after saving
/// (DNS rebinding) cannot reach a private address either.
/// </summary>
public sealed class WebhookTargets(IOptions<WebhookOptions> options)
{
    public const int MaxUrlLength = 2048;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Why <paramref name="raw"/> cannot be a webhook URL, or null with the parsed URL (stored in its canonical form, which is what is called).</summary>
    public async Task<(Uri? Url, string? Problem)> CheckAsync(string raw, CancellationToken ct)
    {
        if (ShapeProblem(raw, out var uri) is { } shape)
            return (null, shape);
        if (options.Value.AllowPrivateTargets)
            return (uri, null);
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri!, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return (null, $"The host '{uri!.IdnHost}' cannot be resolved.");
        }
        var refused = addresses.FirstOrDefault(a => !AddressRules.IsPublic(a));
        if (refused is not null)
            return (null, $"The host '{uri!.IdnHost}' resolves to {refused}, which is not a public address; webhooks may only call public addresses.");
        return addresses.Length == 0 ? (null, $"The host '{uri!.IdnHost}' cannot be resolved.") : (uri, null);
    }

    /// <summary>The checks that need no network: scheme, form, length, credentials.</summary>
    public static string? ShapeProblem(string raw, out Uri? uri)
    {
        uri = null;
        if (raw.Length == 0)
            return "Required: the http or https URL to POST events to.";
        if (raw.Length > MaxUrlLength)
            return $"At most {MaxUrlLength} characters; this one has {raw.Length}.";
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc || string.IsNullOrEmpty(parsed.Host))
            return "Must be an absolute URL, e.g. https://example.com/quarry-events.";
        if (parsed.Scheme is not ("http" or "https"))
            return $"Must be an http or https URL; '{parsed.Scheme}' is not allowed.";
        if (parsed.UserInfo.Length > 0)
            return "Must not hold a user name or password; authenticate deliveries with the signature instead.";
        if (parsed.Fragment.Length > 0)
            return "Must not hold a fragment (#…): it is never sent to the server.";
        uri = parsed;
        return null;
    }

    private static async Task<IPAddress[]> ResolveAsync(Uri uri, CancellationToken ct)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            return [IPAddress.Parse(uri.DnsSafeHost)];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ResolveTimeout);
        return await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
    }
}
