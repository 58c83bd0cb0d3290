using System.Net;
using System.Text.Json.Nodes;
using Quarry.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Quarry.Server.Tests;

/// <summary><c>GET /v1/documents/{id}/pages</c> and <c>…/pages/{n}/image</c>: what the review view shows a cell's box on.</summary>
public sealed class PageImageTests : HostedTest
{
    private Task<JsonNode> WaitParsedAsync(Tenant t, string id) =>
        t.Client.WaitForAsync($"/v1/documents/{id}", d => d["status"]!.GetValue<string>() is "completed" or "error");

    [Fact]
    public async Task A_pdf_page_is_rendered_to_png_at_150_dpi_with_its_size_in_points_and_cached()
    {
        var pdf = TestPdf.Pages([[new TestPdf.TextLine("First page", 50, 60)], [new TestPdf.TextLine("Second page", 50, 60)]]);
        var doc = (await Tenant.Client.UploadAsync(("two.pdf", pdf)))[0]!;
        await WaitParsedAsync(Tenant, doc.Id());

        var pages = (await Tenant.Client.GetJsonAsync($"/v1/documents/{doc.Id()}/pages"))["data"]!.AsArray();
        Assert.Equal(2, pages.Count);
        Assert.Equal("pt", pages[0]!["unit"]!.GetValue<string>());
        Assert.Equal(595, pages[0]!["width"]!.GetValue<double>(), 1); // A4 as PdfPig builds it
        Assert.Equal(842, pages[0]!["height"]!.GetValue<double>(), 1);
        Assert.Equal($"/v1/documents/{doc.Id()}/pages/2/image", pages[1]!["links"]!["image"]!.GetValue<string>());

        var res = await Tenant.Client.GetAsync($"/v1/documents/{doc.Id()}/pages/2/image");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("image/png", res.Content.Headers.ContentType!.MediaType);
        Assert.Equal("595", res.Headers.GetValues("X-Page-Width").Single());
        var png = await res.Content.ReadAsByteArrayAsync();
        using (var image = Image.Load<Rgba32>(png))
        {
            Assert.InRange(image.Width, 1238, 1243); // 595 pt at 150 dpi
            Assert.InRange(image.Height, 1752, 1757);
        }
        var cache = Path.Combine(Db.DataDir, "cache", "pages");
        Assert.Single(Directory.GetFiles(cache, $"{doc["sha256"]}-2-*.png"));
        Assert.Equal(png, await Tenant.Client.GetByteArrayAsync($"/v1/documents/{doc.Id()}/pages/2/image"));

        // Deleting the only document with these bytes removes its cached pages too.
        Assert.Equal(HttpStatusCode.NoContent, (await Tenant.Client.DeleteAsync($"/v1/documents/{doc.Id()}")).StatusCode);
        Assert.Empty(Directory.GetFiles(cache, $"{doc["sha256"]}-*.png"));
    }

    [Fact]
    public async Task An_image_is_served_as_png_in_its_own_pixels()
    {
        using var jpeg = new MemoryStream();
        using (var picture = new Image<Rgba32>(320, 200, new Rgba32(255, 255, 255)))
            await picture.SaveAsJpegAsync(jpeg);
        var doc = (await Tenant.Client.UploadAsync(("photo.jpg", jpeg.ToArray())))[0]!;
        var parsed = await WaitParsedAsync(Tenant, doc.Id());
        Assert.Equal("completed", parsed["status"]!.GetValue<string>());

        var page = (await Tenant.Client.GetJsonAsync($"/v1/documents/{doc.Id()}/pages"))["data"]![0]!;
        Assert.Equal("px", page["unit"]!.GetValue<string>());
        var res = await Tenant.Client.GetAsync($"/v1/documents/{doc.Id()}/pages/1/image");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("image/png", res.Content.Headers.ContentType!.MediaType);
        using var image = Image.Load<Rgba32>(await res.Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 200), (image.Width, image.Height));
        Assert.Equal(page["width"]!.GetValue<double>(), image.Width);
    }

    [Theory]
    [InlineData("0", HttpStatusCode.NotFound, "not_found")]
    [InlineData("2", HttpStatusCode.NotFound, "not_found")]
    [InlineData("99999999999", HttpStatusCode.BadRequest, "validation_error")]
    [InlineData("-1", HttpStatusCode.BadRequest, "validation_error")]
    [InlineData("1.0", HttpStatusCode.BadRequest, "validation_error")]
    [InlineData("..%2F..%2Fetc%2Fpasswd", HttpStatusCode.BadRequest, "validation_error")]
    [InlineData("%201", HttpStatusCode.BadRequest, "validation_error")]
    public async Task A_page_that_is_not_there_is_a_precise_error(string n, HttpStatusCode status, string code)
    {
        var doc = (await Tenant.Client.UploadAsync(("one.pdf", TestInvoices.October())))[0]!;
        await WaitParsedAsync(Tenant, doc.Id());
        var problem = await (await Tenant.Client.GetAsync($"/v1/documents/{doc.Id()}/pages/{n}/image")).ExpectProblemAsync(status, code);
        if (status == HttpStatusCode.NotFound)
            Assert.Contains("has 1 page(s)", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        else
            Assert.NotNull(problem["errors"]!["n"]);
    }

    [Fact]
    public async Task Other_organizations_bad_ids_missing_keys_and_formats_without_pages_are_refused()
    {
        var doc = (await Tenant.Client.UploadAsync(("one.pdf", TestInvoices.October())))[0]!;
        var csv = (await Tenant.Client.UploadAsync(("rows.csv", "a,b\n1,2\n"u8.ToArray())))[0]!;
        var bad = (await Tenant.Client.UploadAsync(("bad.pdf", "%PDF-1.7 not a pdf"u8.ToArray())))[0]!;
        foreach (var d in new[] { doc, csv, bad })
            await WaitParsedAsync(Tenant, d.Id());

        var other = await Host.NewTenantAsync();
        await (await other.Client.GetAsync($"/v1/documents/{doc.Id()}/pages/1/image")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.GetAsync($"/v1/documents/{doc.Id()}/pages")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Tenant.Client.GetAsync("/v1/documents/not-a-uuid/pages/1/image")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_error");
        using (var anonymous = Host.CreateClient())
            await (await anonymous.GetAsync($"/v1/documents/{doc.Id()}/pages/1/image")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        // A CSV has a layout (its pages and boxes) but no look: listed without an image link, and its image is a 404 that says why.
        var csvPages = (await Tenant.Client.GetJsonAsync($"/v1/documents/{csv.Id()}/pages"))["data"]!.AsArray();
        Assert.All(csvPages, p => Assert.Null(p!["links"]!["image"]));
        var noImage = await (await Tenant.Client.GetAsync($"/v1/documents/{csv.Id()}/pages/1/image")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("Only PDFs and images", noImage["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // A file that could not be parsed has no pages: 409, like its content.
        await (await Tenant.Client.GetAsync($"/v1/documents/{bad.Id()}/pages/1/image")).ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
    }
}
