using System.IO.Compression;
using System.Text;

namespace Quarry.Testing;

/// <summary>
/// Files built to hurt a reader: each with the error code it must end in. Made on the fly, deterministic, small
/// on disk (the bombs are small compressed).
/// </summary>
public static class HostileFiles
{
    public sealed record Case(string Name, byte[] Bytes, string ExpectedCode);

    public static IEnumerable<Case> All()
    {
        var pdf = TestPdf.Simple("Invoice Number: INV-1", "Total: 12.00");

        // Truncated PDFs, cut inside the body (PdfPig recovers files that only lose their trailer).
        foreach (var (label, source) in new[] { ("simple", pdf), ("invoice", TestPdf.Invoice("Acme", ("Total:", "1.00"), ("Date:", "2024-01-02"))) })
        {
            foreach (var percent in new[] { 5, 10, 15, 20, 25, 30, 35, 40, 45, 50 })
                yield return new($"truncated-{label}-{percent}.pdf", source[..(source.Length * percent / 100)], "corrupt_file");
        }

        // Broken magic numbers: the bytes no longer say what they are.
        for (var i = 0; i < 5; i++)
        {
            var flipped = (byte[])pdf.Clone();
            flipped[i] ^= 0xFF;
            flipped[0] = 0x00;
            yield return new($"flipped-magic-{i}.pdf", flipped, "unsupported_format");
        }

        // Random binary under names that lie.
        var random = new Random(42);
        foreach (var ext in new[] { ".pdf", ".docx", ".xlsx", ".png", ".jpg", ".zip", ".eml", ".csv", ".txt", ".html" })
        {
            foreach (var size in new[] { 16, 700, 5000 })
            {
                var junk = new byte[size];
                random.NextBytes(junk);
                junk[0] = 0x00; junk[1] = 0x07; // never a known magic, never text
                yield return new($"junk-{size}{ext}", junk, "unsupported_format");
            }
        }

        yield return new("locked.pdf", TestPdf.Encrypted("Top secret"), "encrypted_file");
        yield return new("empty-member.zip", Zip(("empty.txt", [])), "completed");
        yield return new("bomb.zip", ZipBomb(), "archive_limit_exceeded");
        yield return new("too-many.zip", Zip(Enumerable.Range(0, 1100).Select(i => ($"f{i}.txt", Encoding.UTF8.GetBytes($"file {i}"))).ToArray()), "archive_limit_exceeded");
        yield return new("laughs.docx", BillionLaughsDocx(), "corrupt_file");
        yield return new("entities.xml", Encoding.UTF8.GetBytes(BillionLaughsXml), "corrupt_file");
        yield return new("huge.png", PngHeader(100_000, 100_000), "file_too_large");
        yield return new("deep.zip", Zip(("level1.zip", Zip(("level2.zip", Zip(("level3.zip", Zip(("x.txt", "x"u8.ToArray())))))))), "completed");
        yield return new("deep-json.json", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), "corrupt_file");

        var docx = MinimalDocx("Invoice Number: INV-7");
        foreach (var percent in new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 95 })
            yield return new($"truncated-{percent}.docx", docx[..(docx.Length * percent / 100)], "corrupt_file");
        const string xml = "<?xml version=\"1.0\"?><invoice><number>INV-9</number><total>9.50</total></invoice>";
        foreach (var cut in new[] { 30, 40, 50, 60, 70 })
            yield return new($"truncated-{cut}.xml", Encoding.UTF8.GetBytes(xml[..cut]), "corrupt_file");
        const string json = """{"invoice": {"number": "INV-9", "total": 9.50, "lines": [{"sku": "A"}]}}""";
        foreach (var cut in new[] { 10, 25, 40, 55, 65 })
            yield return new($"truncated-{cut}.json", Encoding.UTF8.GetBytes(json[..cut]), "corrupt_file");

        // Truncated containers.
        var zip = Zip(("a.txt", Encoding.UTF8.GetBytes(new string('a', 5000))), ("b.txt", Encoding.UTF8.GetBytes("b")));
        foreach (var percent in new[] { 10, 20, 30, 40, 50, 60, 70, 80 })
            yield return new($"truncated-{percent}.zip", zip[..(zip.Length * percent / 100)], "corrupt_file");
        var png = PngHeader(10, 10);
        foreach (var cut in new[] { 8, 12, 20 })
            yield return new($"truncated-{cut}.png", png[..cut], "corrupt_file");

        // Flipped bytes inside a PNG's header chunk: dimensions of zero or absurd sizes.
        foreach (var (offset, value) in new[] { (16, 0x00), (17, 0x00), (18, 0x00), (19, 0x00), (20, 0x00), (21, 0x00), (22, 0x00), (23, 0x00) })
        {
            var bad = PngHeader(0, 10);
            bad[offset] = (byte)value;
            yield return new($"zero-size-{offset}.png", bad, "corrupt_file");
        }
    }

    /// <summary>The smallest DOCX Word opens: one paragraph of text.</summary>
    public static byte[] MinimalDocx(string text) => DocxWith($"""
        <?xml version="1.0" encoding="UTF-8"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{System.Security.SecurityElement.Escape(text)}</w:t></w:r></w:p></w:body></w:document>
        """);

    /// <summary>A DOCX package around the given document.xml: content types and the package relationship.</summary>
    public static byte[] DocxWith(string documentXml) => Zip(
        ("[Content_Types].xml", Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
              <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
              <Default Extension="xml" ContentType="application/xml"/>
              <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
            </Types>
            """)),
        ("_rels/.rels", Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
              <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
            </Relationships>
            """)),
        ("word/document.xml", Encoding.UTF8.GetBytes(documentXml)));

    /// <summary>A ZIP of the given entries, names taken as they are (including hostile ones).</summary>
    public static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(bytes);
            }
        }
        return ms.ToArray();
    }

    /// <summary>64 MiB of zeros in a few dozen KiB: far beyond any sane compression ratio.</summary>
    public static byte[] ZipBomb()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = zip.CreateEntry("zeros.txt", CompressionLevel.Optimal).Open();
            var block = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
                s.Write(block);
        }
        return ms.ToArray();
    }

    public const string BillionLaughsXml = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
          <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
          <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
          <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
          <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
          <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <lolz>&lol9;</lolz>
        """;

    /// <summary>A DOCX whose document.xml is the billion-laughs entity expansion.</summary>
    public static byte[] BillionLaughsDocx() => DocxWith(BillionLaughsXml
        .Replace("<lolz>&lol9;</lolz>",
            """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>""",
            StringComparison.Ordinal)
        .Replace("<!DOCTYPE lolz", "<!DOCTYPE w:document", StringComparison.Ordinal));

    /// <summary>A PNG signature and header chunk claiming the given size, with a correct CRC, and no image data.</summary>
    public static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        WriteBigEndian(ihdr, 0, width);
        WriteBigEndian(ihdr, 4, height);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        var chunk = new List<byte>();
        chunk.AddRange([0, 0, 0, 13]);
        var typeAndData = "IHDR"u8.ToArray().Concat(ihdr).ToArray();
        chunk.AddRange(typeAndData);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, unchecked((int)Crc32(typeAndData)));
        chunk.AddRange(crc);
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. chunk];
    }

    private static void WriteBigEndian(byte[] b, int at, int v)
    {
        b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
