using System.Buffers.Binary;
using Quarry.Core.Readers.Ocr;

namespace Quarry.Core.Tests;

public class ImageHeaderTests
{
    /// <summary>Headers built by hand, byte by byte as the formats lay them out, with nothing but zeros for pixels.</summary>
    public static class Headers
    {
        public static byte[] Png(uint width, uint height)
        {
            var b = new byte[33];
            new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }.CopyTo(b, 0);
            "IHDR"u8.CopyTo(b.AsSpan(12));
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), width);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), height);
            b[24] = 8;
            return b;
        }

        /// <summary>SOI, an APP0 and an APP1 segment (as EXIF adds), then the frame header with the size.</summary>
        public static byte[] Jpeg(ushort width, ushort height, byte sof = 0xC0, int exifLength = 300)
        {
            var b = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 };
            b.AddRange("JFIF\0"u8.ToArray());
            b.AddRange(new byte[9]);
            b.AddRange([0xFF, 0xFF, 0xE1, (byte)(exifLength >> 8), (byte)exifLength]); // with a fill byte before the marker
            b.AddRange(new byte[exifLength - 2]);
            b.AddRange([0xFF, sof, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00]);
            b.AddRange([0xFF, 0xD9]);
            return b.ToArray();
        }

        public static byte[] Gif(ushort width, ushort height)
        {
            var b = new byte[20];
            "GIF89a"u8.CopyTo(b);
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), width);
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), height);
            return b;
        }

        public static byte[] Bmp(int width, int height, uint headerSize = 40)
        {
            var b = new byte[54];
            "BM"u8.CopyTo(b);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(14), headerSize);
            if (headerSize == 12)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), (ushort)width);
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), (ushort)height);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
                BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height);
            }
            return b;
        }

        /// <summary>A TIFF whose pages are the given sizes, one directory each, chained; sizes as LONG or SHORT values.</summary>
        public static byte[] Tiff(bool littleEndian, bool shortValues, params (int W, int H)[] pages)
        {
            var b = new byte[8 + pages.Length * (2 + 2 * 12 + 4)];
            void U16(int at, int v) { if (littleEndian) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), (ushort)v); else BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), (ushort)v); }
            void U32(int at, uint v) { if (littleEndian) BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v); else BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v); }
            (littleEndian ? "II"u8 : "MM"u8).CopyTo(b);
            U16(2, 42);
            U32(4, 8);
            var at = 8;
            for (var i = 0; i < pages.Length; i++)
            {
                U16(at, 2);
                foreach (var (tag, value, entry) in new[] { (256, pages[i].W, at + 2), (257, pages[i].H, at + 14) })
                {
                    U16(entry, tag);
                    U16(entry + 2, shortValues ? 3 : 4);
                    U32(entry + 4, 1);
                    if (shortValues) U16(entry + 8, value); else U32(entry + 8, (uint)value);
                }
                var next = at + 30;
                U32(at + 26, i == pages.Length - 1 ? 0 : (uint)next);
                at = next;
            }
            return b;
        }

        public static byte[] WebP(string chunk, int width, int height)
        {
            var b = new byte[40];
            "RIFF"u8.CopyTo(b);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 32);
            "WEBP"u8.CopyTo(b.AsSpan(8));
            System.Text.Encoding.ASCII.GetBytes(chunk).CopyTo(b, 12);
            var data = b.AsSpan(20);
            switch (chunk)
            {
                case "VP8 ":
                    data[3] = 0x9D; data[4] = 0x01; data[5] = 0x2A;
                    BinaryPrimitives.WriteUInt16LittleEndian(data[6..], (ushort)width);
                    BinaryPrimitives.WriteUInt16LittleEndian(data[8..], (ushort)height);
                    break;
                case "VP8L":
                    data[0] = 0x2F;
                    BinaryPrimitives.WriteUInt32LittleEndian(data[1..], (uint)(width - 1) | (uint)(height - 1) << 14);
                    break;
                case "VP8X":
                    data[4] = (byte)(width - 1); data[5] = (byte)((width - 1) >> 8); data[6] = (byte)((width - 1) >> 16);
                    data[7] = (byte)(height - 1); data[8] = (byte)((height - 1) >> 8); data[9] = (byte)((height - 1) >> 16);
                    break;
            }
            return b;
        }
    }

    public static TheoryData<string, byte[], string, int, int> Images => new()
    {
        { "png", Headers.Png(1653, 2339), "png", 1653, 2339 },
        { "png, largest size", Headers.Png(int.MaxValue, 1), "png", int.MaxValue, 1 },
        { "baseline jpeg behind EXIF", Headers.Jpeg(1200, 800), "jpeg", 1200, 800 },
        { "progressive jpeg", Headers.Jpeg(640, 480, sof: 0xC2), "jpeg", 640, 480 },
        { "jpeg, large EXIF", Headers.Jpeg(3000, 4000, exifLength: 65000), "jpeg", 3000, 4000 },
        { "gif", Headers.Gif(320, 200), "gif", 320, 200 },
        { "bmp bottom-up", Headers.Bmp(800, 600), "bmp", 800, 600 },
        { "bmp top-down", Headers.Bmp(800, -600), "bmp", 800, 600 },
        { "bmp v5 header", Headers.Bmp(10, 20, headerSize: 124), "bmp", 10, 20 },
        { "bmp OS/2 header", Headers.Bmp(10, 20, headerSize: 12), "bmp", 10, 20 },
        { "tiff little-endian", Headers.Tiff(true, false, (2480, 3508)), "tiff", 2480, 3508 },
        { "tiff big-endian, short values", Headers.Tiff(false, true, (1700, 2200)), "tiff", 1700, 2200 },
        { "webp lossy", Headers.WebP("VP8 ", 1024, 768), "webp", 1024, 768 },
        { "webp lossless", Headers.WebP("VP8L", 16383, 1), "webp", 16383, 1 },
        { "webp extended", Headers.WebP("VP8X", 16_000_000, 3), "webp", 16_000_000, 3 },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void ReadsTheSizeFromTheHeader(string name, byte[] bytes, string format, int width, int height)
    {
        var info = ImageHeader.Read(new MemoryStream(bytes));
        Assert.NotNull(info);
        Assert.Equal((format, width, height), (info.Format, info.Width, info.Height));
        Assert.Single(info.Frames);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void EveryPageOfAMultiPageTiffCounts()
    {
        var info = ImageHeader.Read(new MemoryStream(Headers.Tiff(true, false, (100, 200), (300, 400), (50, 60))))!;
        Assert.Equal([new ImageSize(100, 200), new ImageSize(300, 400), new ImageSize(50, 60)], info.Frames);
        Assert.Equal(120_000, info.Frames.Max(f => f.Pixels));
    }

    [Fact]
    public void ReadsFromTheCurrentPositionAndRestoresIt()
    {
        var stream = new MemoryStream([.. "junk"u8.ToArray(), .. Headers.Gif(7, 9)]) { Position = 4 };
        Assert.Equal((7, 9), (ImageHeader.Read(stream)!.Width, ImageHeader.Read(stream)!.Height));
        Assert.Equal(4, stream.Position);
    }

    public static TheoryData<string, byte[]> Unreadable
    {
        get
        {
            var loop = Headers.Tiff(true, false, (10, 10), (10, 10));
            BinaryPrimitives.WriteUInt32LittleEndian(loop.AsSpan(8 + 26 + 30), 8); // the second page points back to the first
            var noSize = Headers.Tiff(true, false, (10, 10));
            noSize[10] = 0x11; // the width tag becomes another tag
            return new()
            {
                { "empty", [] },
                { "garbage", "this is no image at all, just text"u8.ToArray() },
                { "png cut in its header", Headers.Png(100, 100)[..20] },
                { "png without IHDR first", [.. Headers.Png(100, 100)[..12], .. "IDAT"u8.ToArray(), .. new byte[20]] },
                { "png zero width", Headers.Png(0, 100) },
                { "png width over 2^31", Headers.Png(0x8000_0000, 1) },
                { "jpeg without a frame header", [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
                { "jpeg cut in a segment", Headers.Jpeg(100, 100)[..200] },
                { "jpeg with junk between segments", [.. Headers.Jpeg(100, 100)[..20], 0x00, .. new byte[40]] },
                { "gif zero height", Headers.Gif(10, 0) },
                { "bmp unknown header", Headers.Bmp(10, 10, headerSize: 20) },
                { "bmp cut", Headers.Bmp(10, 10)[..20] },
                { "tiff whose pages loop", loop },
                { "tiff page without a width", noSize },
                { "tiff pointing past its end", [0x49, 0x49, 0x2A, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0] },
                { "webp of an unknown chunk", Headers.WebP("ALPH", 10, 10) },
                { "webp lossy without start code", [.. Headers.WebP("VP8 ", 10, 10)[..23], 0, 0, 0, .. new byte[14]] },
            };
        }
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void DamagedOrForeignBytesHaveNoHeader(string name, byte[] bytes) =>
        Assert.True(ImageHeader.Read(new MemoryStream(bytes)) is null, name);
}
