using System.Globalization;
using System.Text.Json;
using Quarry.Cli.Remote;
using Quarry.Client;

namespace Quarry.Cli.Review;

/// <summary>
/// The non-interactive forms of <c>quarry review</c>, for scripts and CI: one row corrected, approved or rejected; many
/// rows approved or rejected in one request; every row at or above a confidence approved; a row shown or its history.
/// </summary>
public static class ReviewScript
{
    /// <summary>The server takes at most this many rows per bulk request.</summary>
    private const int MaxBulkRows = 1000;

    public static async Task<int> UpdateOneAsync(QuarryClient client, Guid jobId, Guid rowId, RowReview review, bool json, CancellationToken ct)
    {
        var row = await client.Review.UpdateRowAsync(jobId, rowId, review, ct);
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(row, Output.Json));
        else
            await RowView.WriteAsync(Console.Out, row, Done(review));
        return 0;
    }

    public static async Task<int> UpdateManyAsync(QuarryClient client, Guid jobId, IReadOnlyList<Guid> rowIds, string action, string? reason,
        bool json, CancellationToken ct)
    {
        var rows = new List<ResultRow>(rowIds.Count);
        foreach (var chunk in rowIds.Chunk(MaxBulkRows))
            rows.AddRange(await client.Review.UpdateRowsAsync(jobId, new BulkReview(chunk, action, reason), ct: ct));
        if (json)
            Console.Out.WriteLine(JsonSerializer.Serialize(rows, Output.Json));
        else if (rows.Count == 0)
            Console.Out.WriteLine("No rows to review.");
        else
            await TextTable.WriteAsync(Console.Out, ["ROW", "FILENAME", "STATUS", "CONFIDENCE"],
                rows.Select(r => (IReadOnlyList<string>)[r.Id.ToString(), r.Filename, r.Status, ResultOutput.Confidence(r.Confidence)]).ToList(),
                Terminal.StdoutColours, (col, text) => col == 2 ? Terminal.Of(text) : Colour.None);
        Console.Error.WriteLine($"{(action == ReviewAction.Approve ? "Approved" : "Rejected")} {Output.Count(rows.Count, "row")}.");
        return 0;
    }

    /// <summary>Approves every row waiting for review whose confidence is at least <paramref name="threshold"/>.</summary>
    public static async Task<int> ApproveAboveAsync(QuarryClient client, Guid jobId, double threshold, bool json, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await foreach (var row in client.Results.ListAllAsync(jobId, RowStatus.Review, ct: ct))
        {
            if (row.Confidence >= threshold)
                ids.Add(row.Id);
        }
        return await UpdateManyAsync(client, jobId, ids, ReviewAction.Approve, null, json, ct);
    }

    public static async Task<int> ShowAsync(QuarryClient client, Guid jobId, Guid rowId, bool json, CancellationToken ct)
    {
        // The results API has no single-row read; the row is found on the job's pages (with cells).
        await foreach (var row in client.Results.ListAllAsync(jobId, includeCells: true, ct: ct))
        {
            if (row.Id != rowId) continue;
            if (json)
                Console.Out.WriteLine(JsonSerializer.Serialize(row, Output.Json));
            else
                await RowView.WriteAsync(Console.Out, row);
            return 0;
        }
        throw new CliFailureException($"Job {jobId} has no row {rowId}.");
    }

    public static async Task<int> HistoryAsync(QuarryClient client, Guid jobId, Guid rowId, bool json, CancellationToken ct)
    {
        var lines = await client.Review.ListAllHistoryAsync(jobId, rowId, ct).ToListAsync(ct);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(lines, Output.Json));
            return 0;
        }
        await TextTable.WriteAsync(Console.Out, ["TIME", "ACTION", "PHASE", "FIELD", "FROM", "TO", "REASON"],
            lines.Select(h => (IReadOnlyList<string>)[Output.Time(h.CreatedAt), h.Action, h.Phase, h.Field ?? "", Json(h.PriorValue),
                Json(h.NewValue), h.Reason ?? ""]).ToList());
        return 0;
    }

    private static string Json(JsonElement? v) => v is { } e ? ResultOutput.Cell(e) : "";

    private static string Done(RowReview review) => (review.Values?.Count ?? 0, review.Action) switch
    {
        (> 0, ReviewAction.Approve) => string.Create(CultureInfo.InvariantCulture, $"Corrected {Output.Count(review.Values!.Count, "field")} and approved"),
        (> 0, ReviewAction.Reject) => string.Create(CultureInfo.InvariantCulture, $"Corrected {Output.Count(review.Values!.Count, "field")} and rejected"),
        (> 0, _) => string.Create(CultureInfo.InvariantCulture, $"Corrected {Output.Count(review.Values!.Count, "field")}"),
        (_, ReviewAction.Approve) => "Approved",
        _ => "Rejected",
    };
}
