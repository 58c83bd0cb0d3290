using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Quarry.Data;
using Quarry.Data.Stores;

namespace Quarry.Dashboard.Tests;

/// <summary>
/// A finished job of many rows written straight into the database (documents, the job and its rows through the
/// JobStore, cells and row outcomes in one transaction): a 10,000-row grid in seconds, without parsing 10,000 files.
/// Values, confidences and flags vary from row to row, so the grid shades, flags and sorts something real.
/// </summary>
public static class GridSeed
{
    public static readonly string[] Fields = ["invoice_number", "vendor", "total", "date"];

    public static async Task<Guid> FinishedJobAsync(IServiceProvider services, Guid organizationId, Guid schemaId, int rows)
    {
        var db = services.GetRequiredService<QuarryDatabase>();
        var now = Clock.Now(TimeProvider.System);
        var documentIds = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToList();
        await using (var conn = await db.OpenAsync(default))
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await conn.ExecuteAsync(
                """
                INSERT INTO documents (id, organization_id, filename, mime_type, size_bytes, sha256, pages, status, created_at, updated_at)
                VALUES (@id, @organizationId, @filename, 'application/pdf', 1000, @sha, 1, 'completed', @now, @now)
                """,
                documentIds.Select((id, i) => new { id, organizationId, filename = $"invoice_{i:D5}.pdf", sha = $"{i:D64}", now }), tx);
            await tx.CommitAsync();
        }

        var jobs = services.GetRequiredService<JobStore>();
        var job = await jobs.CreateAsync(organizationId, schemaId, 1, Fields.Length, "10,000 invoices", documentIds, 0.8, default);

        await using (var conn = await db.OpenAsync(default))
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var rowIds = (await conn.QueryAsync<Guid>("SELECT id FROM job_rows WHERE job_id = @id ORDER BY ordinal", new { id = job.Id }, tx)).ToList();
            var cells = new List<object>(rowIds.Count * Fields.Length);
            var outcomes = new List<object>(rowIds.Count);
            for (var i = 0; i < rowIds.Count; i++)
            {
                var confidences = Fields.Select((_, f) => ((i * 37 + f * 11) % 100) / 100.0 * 0.6 + 0.4).ToArray();
                string?[] values =
                [
                    JsonSerializer.Serialize($"INV-{i:D5}"),
                    JsonSerializer.Serialize($"Vendor {i % 97}"),
                    i % 13 == 0 ? null : ((i * 7919 % 100_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture),
                    JsonSerializer.Serialize(new DateOnly(2024, 1, 1).AddDays(i % 366).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ];
                var flags = new List<string>();
                if (values[2] is null) flags.Add("missing_required_field:total");
                for (var f = 0; f < Fields.Length; f++)
                {
                    if (values[f] is not null && confidences[f] < 0.8) flags.Add($"low_confidence:{Fields[f]}");
                    cells.Add(new
                    {
                        rowId = rowIds[i], jobId = job.Id, field = Fields[f], value = JsonText.From(values[f]), raw = values[f],
                        confidence = values[f] is null ? 0 : confidences[f], phase = "phase_4_transform",
                        source = JsonText.From(values[f] is null ? null : $$"""{"page":1,"bbox":[170,{{90 + f * 20}},260,{{101 + f * 20}}],"text":{{values[f]}}}"""),
                        now,
                    });
                }
                var rowConfidence = values[2] is null ? 0 : confidences.Aggregate(1.0, (a, c) => a * c);
                outcomes.Add(new
                {
                    id = rowIds[i], status = flags.Count == 0 && rowConfidence >= 0.8 ? "approved" : "review",
                    confidence = rowConfidence, flags = new JsonText(JsonSerializer.Serialize(flags)),
                });
            }
            await conn.ExecuteAsync(
                """
                INSERT INTO job_cells (row_id, job_id, field, value, raw, confidence, phase, source, updated_at)
                VALUES (@rowId, @jobId, @field, @value, @raw, @confidence, @phase, @source, @now)
                """, cells, tx);
            await conn.ExecuteAsync(
                "UPDATE job_rows SET status = @status, next_phase = 4, confidence = @confidence, flags = @flags WHERE id = @id", outcomes, tx);
            await conn.ExecuteAsync(
                "UPDATE jobs SET status = 'complete', started_at = @now, completed_at = @now WHERE id = @id", new { id = job.Id, now }, tx);
            await tx.CommitAsync();
        }
        return job.Id;
    }
}
