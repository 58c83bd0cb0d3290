using System.Buffers.Binary;

namespace Quarry.Core.Readers.Ocr;

/// <summary>The size of one frame of an image, in pixels.</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

/// <summary>What an image's header says: its format and the size of each frame (several only for multi-page TIFFs).</summary>
public sealed record ImageInfo(string Format, IReadOnlyList<ImageSize> Frames)
{
    public int Width => Frames[0].Width;
    public int Height => Frames[0].Height;
}

/// <summary>
/// Reads the pixel size of PNG, JPEG, GIF, BMP, TIFF and WebP images from their headers, without decoding a pixel, so a
/// decompression bomb (a small file that claims a huge canvas) is refused before any decoder allocates for it.
/// </summary>
public static class ImageHeader
{
    /// <summary>A TIFF's chain of pages is followed this far at most; the page limit is far lower anyway.</summary>
    public const int MaxFrames = 100_000;

    /// <summary>
    /// Reads the header of the image that starts at the stream's current position, which is restored afterwards.
    /// Null when the bytes are no image of a known format or the header is cut short or nonsensical.
    /// </summary>
    public static ImageInfo? Read(Stream image)
    {
        if (!image.CanSeek)
            throw new ArgumentException("The image stream must be seekable.", nameof(image));
        var start = image.Position;
        try
        {
            return Parse(new Reader(image, start));
        }
        finally
        {
            image.Position = start;
        }
    }

    private static ImageInfo? Parse(Reader r)
    {
        var head = r.Bytes(0, 16);
        if (head is null)
            return null;
        if (head.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            return Png(r);
        if (head.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8 }))
            return Jpeg(r);
        if (head.AsSpan().StartsWith("GIF8"u8))
            return Single("gif", BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(8)));
        if (head.AsSpan().StartsWith("BM"u8))
            return Bmp(r);
        if (head.AsSpan().StartsWith("II*\0"u8))
            return Tiff(r, littleEndian: true);
        if (head.AsSpan().StartsWith("MM\0*"u8))
            return Tiff(r, littleEndian: false);
        if (head.AsSpan().StartsWith("RIFF"u8) && head.AsSpan(8, 4).SequenceEqual("WEBP"u8))
            return WebP(r);
        return null;
    }

    private static ImageInfo? Single(string format, long width, long height) =>
        width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue
            ? new ImageInfo(format, [new ImageSize((int)width, (int)height)])
            : null;

    private static ImageInfo? Png(Reader r)
    {
        // The IHDR chunk comes first: length, "IHDR", width, height (big-endian).
        var ihdr = r.Bytes(8, 16);
        if (ihdr is null || !ihdr.AsSpan(4, 4).SequenceEqual("IHDR"u8))
            return null;
        return Single("png", BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(8)), BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(12)));
    }

    /// <summary>Walks the marker segments up to the first start-of-frame, which holds the size; EXIF and other segments before it are skipped by their lengths.</summary>
    private static ImageInfo? Jpeg(Reader r)
    {
        long at = 2;
        while (true)
        {
            var marker = r.Bytes(at, 2);
            if (marker is null || marker[0] != 0xFF)
                return null;
            var code = marker[1];
            at += 2;
            if (code == 0xFF)
            {
                at--; // fill byte: the marker starts one byte on
                continue;
            }
            // Markers without a length: TEM and restart markers.
            if (code is 0x01 or (>= 0xD0 and <= 0xD7))
                continue;
            // End of image or start of scan before any frame header: there is no size to read.
            if (code is 0xD9 or 0xDA or 0xD8)
                return null;
            var length = r.Bytes(at, 2);
            if (length is null)
                return null;
            var size = BinaryPrimitives.ReadUInt16BigEndian(length);
            if (size < 2)
                return null;
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
            if (code is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var frame = r.Bytes(at + 2, 5);
                return frame is null ? null
                    : Single("jpeg", BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(3)), BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(1)));
            }
            at += size;
        }
    }

    private static ImageInfo? Bmp(Reader r)
    {
        var dib = r.Bytes(14, 12);
        if (dib is null)
            return null;
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(dib);
        // OS/2 1.x headers hold 16-bit sizes; all later ones signed 32-bit, a negative height meaning rows stored top-down.
        if (headerSize == 12)
            return Single("bmp", BinaryPrimitives.ReadUInt16LittleEndian(dib.AsSpan(4)), BinaryPrimitives.ReadUInt16LittleEndian(dib.AsSpan(6)));
        if (headerSize < 40)
            return null;
        var width = (long)BinaryPrimitives.ReadInt32LittleEndian(dib.AsSpan(4));
        var height = (long)BinaryPrimitives.ReadInt32LittleEndian(dib.AsSpan(8));
        return Single("bmp", width, Math.Abs(height));
    }

    /// <summary>Follows the chain of image file directories: each is one page, with its ImageWidth (256) and ImageLength (257) tags.</summary>
    private static ImageInfo? Tiff(Reader r, bool littleEndian)
    {
        uint U32(byte[] b, int at) => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at));
        ushort U16(byte[] b, int at) => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at));

        var first = r.Bytes(4, 4);
        if (first is null)
            return null;
        var frames = new List<ImageSize>();
        var seen = new HashSet<uint>();
        var offset = U32(first, 0);
        while (offset != 0 && frames.Count < MaxFrames)
        {
            // A directory pointing back to one already read would loop forever.
            if (!seen.Add(offset))
                return null;
            var countBytes = r.Bytes(offset, 2);
            if (countBytes is null)
                return null;
            var count = U16(countBytes, 0);
            var entries = r.Bytes(offset + 2, count * 12 + 4);
            if (entries is null)
                return null;
            long width = 0, height = 0;
            for (var i = 0; i < count; i++)
            {
                var e = i * 12;
                var tag = U16(entries, e);
                if (tag is not (256 or 257))
                    continue;
                // SHORT (3) values sit in the first two bytes of the value field, LONG (4) fill it.
                long value = U16(entries, e + 2) switch
                {
                    3 => U16(entries, e + 8),
                    4 => U32(entries, e + 8),
                    _ => 0,
                };
                if (tag == 256)
                    width = value;
                else
                    height = value;
            }
            if (width is <= 0 or > int.MaxValue || height is <= 0 or > int.MaxValue)
                return null;
            frames.Add(new ImageSize((int)width, (int)height));
            offset = U32(entries, count * 12);
        }
        return frames.Count == 0 ? null : new ImageInfo("tiff", frames);
    }

    private static ImageInfo? WebP(Reader r)
    {
        // RIFF header, then the first chunk: a lossy (VP8), lossless (VP8L) or extended (VP8X) one.
        var chunk = r.Bytes(12, 18);
        if (chunk is null)
            return null;
        var data = chunk.AsSpan(8);
        var kind = chunk.AsSpan(0, 4);
        if (kind.SequenceEqual("VP8 "u8))
        {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            if (!data.Slice(3, 3).SequenceEqual(new byte[] { 0x9D, 0x01, 0x2A }))
                return null;
            return Single("webp", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }
        if (kind.SequenceEqual("VP8L"u8))
        {
            // Signature 0x2F, then width − 1 and height − 1 in 14 bits each.
            if (data[0] != 0x2F)
                return null;
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return Single("webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        if (kind.SequenceEqual("VP8X"u8))
        {
            // Flags (4 bytes), then canvas width − 1 and height − 1 in 24 bits each.
            return Single("webp", U24(data[4..]) + 1, U24(data[7..]) + 1);
        }
        return null;
    }

    private static int U24(ReadOnlySpan<byte> b) => b[0] | b[1] << 8 | b[2] << 16;

    /// <summary>Reads byte ranges relative to where the image starts; null for a range the file does not hold.</summary>
    private sealed class Reader(Stream stream, long start)
    {
        public byte[]? Bytes(long offset, int count)
        {
            if (offset < 0 || count < 0 || start + offset + count > stream.Length)
                return null;
            stream.Position = start + offset;
            var buffer = new byte[count];
            stream.ReadExactly(buffer);
            return buffer;
        }
    }
}
