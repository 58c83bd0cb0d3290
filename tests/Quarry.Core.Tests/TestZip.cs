using System.Buffers.Binary;
using System.IO.Compression;

namespace Quarry.Core.Tests;

/// <summary>Makes real ZIP files for tests, and edits the fields of their central directory to make hostile ones.</summary>
public static class TestZip
{
    public static byte[] Make(params (string Name, byte[] Content)[] entries) => Make(CompressionLevel.Optimal, entries);

    public static byte[] Make(CompressionLevel level, params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, level);
                using var s = entry.Open();
                s.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Offset of the <paramref name="index"/>th central directory header (signature PK\1\2).</summary>
    public static int CentralHeader(byte[] zip, int index = 0)
    {
        var at = -1;
        for (var i = 0; i <= index; i++)
        {
            var next = zip.AsSpan(at + 1).IndexOf("PK\u0001\u0002"u8);
            Assert.True(next >= 0, "no such central directory header");
            at += 1 + next;
        }
        return at;
    }

    /// <summary>Overwrites the uncompressed size the central directory declares for the first entry (what .NET trusts).</summary>
    public static byte[] WithDeclaredSize(byte[] zip, uint size)
    {
        var copy = zip.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(CentralHeader(copy) + 24), size);
        return copy;
    }

    /// <summary>Sets general-purpose flag bit 0 ("encrypted") of the first entry, in its local and its central header.</summary>
    public static byte[] WithEncryptedFlag(byte[] zip)
    {
        var copy = zip.ToArray();
        copy[6] |= 1;
        copy[CentralHeader(copy) + 8] |= 1;
        return copy;
    }
}
