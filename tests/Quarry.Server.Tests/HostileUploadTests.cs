using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Quarry.Testing;

namespace Quarry.Server.Tests;

/// <summary>
/// Over a hundred hostile files uploaded beside good ones: each ends in error with its precise code within a bounded
/// time, the good ones complete, the server stays healthy and a job over the good ones still runs.
/// </summary>
public sealed class HostileUploadTests : DatabaseTest
{
    [Fact]
    public async Task Every_hostile_file_ends_with_its_code_and_nothing_else_is_disturbed()
    {
        await using var host = new QuarryHost(Db, new Dictionary<string, string?> { ["Quarry:Limits:MaxPagesPerDocument"] = "5" });
        var t = await host.NewTenantAsync();

        var cases = HostileFiles.All().ToList();
        cases.Add(new("six-pages.pdf", TestPdf.Pages(Enumerable.Range(1, 6).Select(i => new[] { new TestPdf.TextLine($"Page {i}", 50, 60) })), "page_limit_exceeded"));
        Assert.True(cases.Count >= 100, $"only {cases.Count} hostile cases");
        var good = new (string Name, byte[] Bytes)[]
        {
            ("invoice-named-as.docx", TestInvoices.October()),
            ("slip.zip", HostileFiles.Zip(("../../etc/passwd", "root:x:0:0"u8.ToArray()), ("/abs/note.txt", "absolute"u8.ToArray()),
                ("C:\\win\\x.txt", "drive"u8.ToArray()), ("a/./b/../c.txt", "dots"u8.ToArray()), ("docs/inv.pdf", TestInvoices.Numbered(5)))),
        };

        var clock = Stopwatch.StartNew();
        var uploaded = new List<(string Name, string Id, string Expected)>();
        foreach (var batch in cases.Select(c => (c.Name, c.Bytes, c.ExpectedCode)).Concat(good.Select(g => (g.Name, g.Bytes, "completed"))).Chunk(25))
        {
            var docs = await t.Client.UploadAsync(batch.Select(b => (b.Item1, b.Item2)).ToArray());
            uploaded.AddRange(batch.Zip(docs, (b, d) => (b.Item1, d!.Id(), b.Item3)));
        }

        var all = await WaitAllSettledAsync(t);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(150), $"settling took {clock.Elapsed}");
        var byId = all.ToDictionary(d => d.Id());
        var wrong = uploaded
            .Select(u => (u.Name, u.Expected, Actual: Outcome(byId[u.Id])))
            .Where(x => x.Expected != x.Actual)
            .Select(x => $"{x.Name}: expected {x.Expected}, got {x.Actual}")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Members: hostile names made safe, nesting stopped at the limit, an empty member refused on its own.
        string Child(string parent, string name) => Outcome(all.Single(d =>
            d["parent_id"]?.GetValue<string>() == uploaded.Single(u => u.Name == parent).Id && d["filename"]!.GetValue<string>() == name));
        Assert.Equal("completed", Child("slip.zip", "etc/passwd"));
        Assert.Equal("completed", Child("slip.zip", "abs/note.txt"));
        Assert.Equal("completed", Child("slip.zip", "win/x.txt"));
        Assert.Equal("completed", Child("slip.zip", "a/c.txt"));
        Assert.Equal("completed", Child("slip.zip", "docs/inv.pdf"));
        Assert.Equal("corrupt_file", Child("empty-member.zip", "empty.txt"));
        Assert.Equal("completed", Child("deep.zip", "level1.zip"));
        var level1 = all.Single(d => d["filename"]!.GetValue<string>() == "level1.zip").Id();
        Assert.Equal("archive_limit_exceeded", Outcome(all.Single(d => d["parent_id"]?.GetValue<string>() == level1)));

        var health = await host.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var schema = await t.Client.CreateInvoiceSchemaAsync();
        var goodIds = new[] { uploaded.Single(u => u.Name == "invoice-named-as.docx").Id, all.Single(d => d["filename"]!.GetValue<string>() == "docs/inv.pdf").Id() };
        var job = await t.Client.CreateJobAsync(schema.Id(), goodIds);
        var done = await t.Client.WaitForJobAsync(job.Id());
        Assert.Equal("complete", done["status"]!.GetValue<string>());
        var results = await t.Client.GetJsonAsync($"/v1/jobs/{job.Id()}/results");
        Assert.Equal(["INV-2024-001", "INV-0005"], results["data"]!.AsArray().Select(r => r!["values"]!["invoice_number"]!.GetValue<string>()));
    }

    private static string Outcome(JsonNode doc) =>
        doc["status"]!.GetValue<string>() == "error" ? doc["error"]!["code"]!.GetValue<string>() : doc["status"]!.GetValue<string>();

    /// <summary>Every document of the tenant, once none is pending or processing any more (members appear while parents are read).</summary>
    private static async Task<List<JsonNode>> WaitAllSettledAsync(Tenant t)
    {
        var until = DateTime.UtcNow.AddSeconds(150);
        while (true)
        {
            var all = new List<JsonNode>();
            string? cursor = null;
            do
            {
                var page = await t.Client.GetJsonAsync("/v1/documents?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
                all.AddRange(page["data"]!.AsArray().Select(d => d!));
                cursor = page["pagination"]!["next_cursor"]?.GetValue<string>();
            } while (cursor is not null);
            if (all.All(d => d["status"]!.GetValue<string>() is "completed" or "error"))
                return all;
            if (DateTime.UtcNow > until)
                throw new TimeoutException("Still unsettled: " + string.Join(", ", all.Where(d => d["status"]!.GetValue<string>() is "pending" or "processing").Select(d => d["filename"])));
            await Task.Delay(100);
        }
    }
}
