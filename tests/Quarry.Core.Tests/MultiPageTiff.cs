using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Quarry.Core.Tests;

/// <summary>
/// Writes a multi-page TIFF (uncompressed 8-bit grey, one strip per page) from images: ImageSharp 2 encodes only the
/// first frame of a TIFF and no multi-page tool (tiffcp) is installed, so the few directory entries are written here.
/// </summary>
public static class MultiPageTiff
{
    public static byte[] FromImages(int dpi, params byte[][] images)
    {
        var pages = images.Select(bytes =>
        {
            using var image = Image.Load<L8>(bytes);
            var pixels = new byte[image.Width * image.Height];
            image.CopyPixelDataTo(pixels);
            return (image.Width, image.Height, Pixels: pixels);
        }).ToList();

        const int Entries = 12;
        using var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        writer.Write("II"u8);
        writer.Write((ushort)42);
        writer.Write(8u);
        for (var i = 0; i < pages.Count; i++)
        {
            var (width, height, pixels) = pages[i];
            var ifd = (uint)output.Position;
            var resolution = ifd + 2 + Entries * 12 + 4;
            var data = resolution + 8;
            var next = i == pages.Count - 1 ? 0 : data + (uint)pixels.Length;
            writer.Write((ushort)Entries);
            // Tags in ascending order, as the format requires: type 3 SHORT, 4 LONG, 5 RATIONAL.
            Entry(writer, 256, 4, (uint)width);          // ImageWidth
            Entry(writer, 257, 4, (uint)height);         // ImageLength
            Entry(writer, 258, 3, 8);                    // BitsPerSample
            Entry(writer, 259, 3, 1);                    // Compression: none
            Entry(writer, 262, 3, 1);                    // PhotometricInterpretation: black is zero
            Entry(writer, 273, 4, data);                 // StripOffsets
            Entry(writer, 277, 3, 1);                    // SamplesPerPixel
            Entry(writer, 278, 4, (uint)height);         // RowsPerStrip
            Entry(writer, 279, 4, (uint)pixels.Length);  // StripByteCounts
            Entry(writer, 282, 5, resolution);           // XResolution
            Entry(writer, 283, 5, resolution);           // YResolution: the same dots per inch
            Entry(writer, 296, 3, 2);                    // ResolutionUnit: inch
            writer.Write(next);
            writer.Write((uint)dpi);
            writer.Write(1u);
            writer.Write(pixels);
        }
        writer.Flush();
        return output.ToArray();
    }

    private static void Entry(BinaryWriter writer, ushort tag, ushort type, uint value)
    {
        writer.Write(tag);
        writer.Write(type);
        writer.Write(1u);
        if (type == 3)
        {
            writer.Write((ushort)value);
            writer.Write((ushort)0);
        }
        else
        {
            writer.Write(value);
        }
    }
}
