using Quarry.Core.Readers;
using Quarry.Testing;

namespace Quarry.Core.Tests;

/// <summary>Pages whose text runs sideways or upside down as displayed are turned upright: whole words, in reading order, boxes where the text reads.</summary>
public sealed class RotatedPdfTests
{
    private static readonly TestPdf.TextLine[] Layout =
    [
        new("Invoice Number: INV-77", 50, 60, 12),
        new("Total: 4,250.00", 50, 90, 12),
        new("Bottom right note", 400, 780, 12),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(90)]
    [InlineData(180)]
    [InlineData(270)]
    public async Task Text_reads_left_to_right_whatever_the_page_rotation(int degrees)
    {
        var pdf = degrees == 0 ? TestPdf.Page(Layout) : TestPdf.Rotated(degrees, Layout);
        var page = (await new PdfTextReader().ReadAsync(new MemoryStream(pdf), ReadContext.For("r.pdf"), default)).Pages.Single();

        Assert.Equal(["Invoice Number: INV-77", "Total: 4,250.00", "Bottom right note"], page.Lines.Select(l => l.Text));
        // The turned page is portrait again, and the first line sits near its top-left corner, as laid out.
        Assert.True(page.Height > page.Width, $"{page.Width} × {page.Height}");
        var first = page.Lines[0].Box;
        Assert.InRange(first.X0, 45, 55);
        Assert.InRange(first.Y0, 45, 62);
        var last = page.Lines[2].Box;
        Assert.InRange(last.X0, 395, 405);
        Assert.True(last.Y0 > 760, $"{last.Y0}");
    }
}
