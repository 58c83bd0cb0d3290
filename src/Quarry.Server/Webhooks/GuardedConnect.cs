using System.Net;
using System.Net.Sockets;

namespace Quarry.Server.Webhooks;

/// <summary>
/// The HTTP handler deliveries go through. It resolves the host itself and connects only when every address is
/// public (unless private targets are allowed), so the address checked is the address connected to: a host whose DNS
/// answer changes between the check and the connection (DNS rebinding) gains nothing. Redirects are not followed (a
/// redirect could point anywhere) and no proxy is used (the check must see the real target).
/// </summary>
public static class GuardedConnect
{
    public static SocketsHttpHandler CreateHandler(bool allowPrivateTargets) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivateTargets, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint target, bool allowPrivateTargets, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(target.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(target.Host, ct);
        if (!allowPrivateTargets && addresses.FirstOrDefault(a => !AddressRules.IsPublic(a)) is { } refused)
            throw new TargetRefusedException($"'{target.Host}' resolves to {refused}, which is not a public address; the delivery was not sent.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, target.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A delivery's target resolved to an address webhooks may not call.</summary>
public sealed class TargetRefusedException(string message) : Exception(message);
