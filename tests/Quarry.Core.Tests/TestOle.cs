using System.Buffers.Binary;
using System.Text;

namespace Quarry.Core.Tests;

/// <summary>
/// A minimal OLE compound file (CFB version 3, 512-byte sectors) holding a few named streams, enough for readers
/// to look inside. Every stream is padded to the 4,096-byte mini-stream cutoff so no mini FAT is needed.
/// </summary>
internal static class TestOle
{
    private const uint Free = 0xFFFFFFFF, EndOfChain = 0xFFFFFFFE, FatSector = 0xFFFFFFFD, NoStream = 0xFFFFFFFF;
    private const int SectorSize = 512;

    public static byte[] Build(params (string Name, byte[] Content)[] streams)
    {
        if (streams.Length > 3)
            throw new ArgumentException("one directory sector holds the root and three streams");
        var data = streams.Select(s => s.Content.Length >= 4096 ? s.Content : s.Content.Concat(new byte[4096 - s.Content.Length]).ToArray()).ToArray();
        var sectorsPer = data.Select(d => (d.Length + SectorSize - 1) / SectorSize).ToArray();
        if (sectorsPer.Sum() + 2 > 128)
            throw new ArgumentException("one FAT sector maps 128 sectors");

        var header = new byte[SectorSize];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(24), 0x003E);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), 9);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(32), 6);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(44), 1);          // FAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), 1);          // first directory sector
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(56), 4096);       // mini stream cutoff
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(60), EndOfChain); // no mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(68), EndOfChain); // no DIFAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76), 0);          // the FAT is sector 0
        for (var i = 1; i < 109; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(76 + 4 * i), Free);

        var fat = Enumerable.Repeat(Free, 128).ToArray();
        fat[0] = FatSector;
        fat[1] = EndOfChain;
        var starts = new uint[data.Length];
        var next = 2u;
        for (var s = 0; s < data.Length; s++)
        {
            starts[s] = next;
            for (var k = 0; k < sectorsPer[s]; k++, next++)
                fat[next] = k == sectorsPer[s] - 1 ? EndOfChain : next + 1;
        }
        var fatSector = new byte[SectorSize];
        for (var i = 0; i < 128; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(fatSector.AsSpan(4 * i), fat[i]);

        var directory = new byte[SectorSize];
        Entry(directory, 0, "Root Entry", 5, child: streams.Length > 0 ? 1u : NoStream, right: NoStream, EndOfChain, 0);
        for (var s = 0; s < streams.Length; s++)
            Entry(directory, s + 1, streams[s].Name, 2, NoStream, s + 1 < streams.Length ? (uint)(s + 2) : NoStream, starts[s], streams[s].Content.Length >= 4096 ? streams[s].Content.Length : 4096);
        for (var e = streams.Length + 1; e < 4; e++)
            Entry(directory, e, "", 0, NoStream, NoStream, 0, 0);

        using var ms = new MemoryStream();
        ms.Write(header);
        ms.Write(fatSector);
        ms.Write(directory);
        foreach (var (d, n) in data.Zip(sectorsPer))
        {
            ms.Write(d);
            ms.Write(new byte[n * SectorSize - d.Length]);
        }
        return ms.ToArray();
    }

    private static void Entry(byte[] directory, int index, string name, byte type, uint child, uint right, uint start, int size)
    {
        var e = directory.AsSpan(index * 128, 128);
        var nameBytes = Encoding.Unicode.GetBytes(name);
        nameBytes.CopyTo(e);
        BinaryPrimitives.WriteUInt16LittleEndian(e[64..], (ushort)(name.Length == 0 ? 0 : nameBytes.Length + 2));
        e[66] = type;
        e[67] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(e[68..], NoStream); // left sibling
        BinaryPrimitives.WriteUInt32LittleEndian(e[72..], right);
        BinaryPrimitives.WriteUInt32LittleEndian(e[76..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(e[116..], start);
        BinaryPrimitives.WriteUInt32LittleEndian(e[120..], (uint)size);
    }

    /// <summary>
    /// An ECMA-376 "Standard Encryption" header (AES-128, SHA-1) with a random verifier: a well-formed EncryptionInfo
    /// stream whose password is neither empty nor Excel's default, as in a password-protected DOCX or XLSX.
    /// </summary>
    public static byte[] StandardEncryptionInfo()
    {
        var csp = Encoding.Unicode.GetBytes("Microsoft Enhanced RSA and AES Cryptographic Provider\0");
        var headerSize = 32 + csp.Length;
        var bytes = new byte[12 + headerSize + 4 + 16 + 16 + 4 + 32];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, 4);             // version 4.2
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 0x24);     // fCryptoAPI | fAES
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], 0x24);    // header flags
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 0x660E);  // AES-128
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], 0x8004);  // SHA-1
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], 128);     // key bits
        BinaryPrimitives.WriteUInt32LittleEndian(span[32..], 0x18);    // provider: AES
        csp.CopyTo(span[44..]);
        var verifier = 12 + headerSize;
        BinaryPrimitives.WriteInt32LittleEndian(span[verifier..], 16); // salt size
        new Random(7).NextBytes(span[(verifier + 4)..(verifier + 36)]);  // salt and encrypted verifier
        BinaryPrimitives.WriteInt32LittleEndian(span[(verifier + 36)..], 20);
        new Random(8).NextBytes(span[(verifier + 40)..]);                // encrypted verifier hash
        return bytes;
    }
}
