namespace Quarry.Core.Readers;

/// <summary>
/// The CRC-32 of ZIP and gzip (IEEE 802.3, reflected). .NET checks neither: it stops a deflated ZIP entry silently
/// at its declared size and returns what it could of a truncated gzip, so readers compare the checksums themselves.
/// The BCL has no public CRC-32 (System.IO.Hashing is a separate package), and a table is a few lines.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        crc = ~crc;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
