using System.Net;
using System.Net.Sockets;

namespace Quarry.Server.Webhooks;

/// <summary>
/// Which addresses a webhook may reach: public unicast only. Everything that names this machine, its networks or no
/// host at all is refused — loopback, private (RFC 1918, unique-local), link-local (cloud metadata lives at
/// 169.254.169.254), unspecified, carrier-grade NAT, multicast and reserved ranges — including when hidden inside an
/// IPv6 address (IPv4-mapped, NAT64, 6to4).
/// </summary>
public static class AddressRules
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return IsPublic(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                   // 0.0.0.0/8: this host, unspecified
        || b[0] == 10                               // private
        || b[0] == 127                              // loopback
        || (b[0] == 100 && (b[1] & 0xC0) == 64)     // 100.64.0.0/10: carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)     // private
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // 192.0.0.0/24: IETF protocol assignments
        || (b[0] == 192 && b[1] == 168)             // private
        || (b[0] == 198 && (b[1] & 0xFE) == 18)     // 198.18.0.0/15: benchmarking
        || b[0] >= 224);                            // multicast, reserved, broadcast

    private static bool IsPublicV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            return false;
        var b = address.GetAddressBytes();
        // 64:ff9b::/96 (NAT64) and ::/96 (IPv4-compatible) carry an IPv4 address in their last four bytes.
        if ((b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0)) || b.Take(12).All(x => x == 0))
            return IsPublicV4(b[12..]);
        // 2002::/16 (6to4) carries one in bytes 2 to 5.
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsPublicV4(b[2..6]);
        // Only global unicast (2000::/3) is public; the rest is reserved or special.
        return (b[0] & 0xE0) == 0x20;
    }
}
