namespace Quarry.Bench.Scale;

/// <summary>
/// A finished job of many rows, made cheaply: the documents go straight into the database (their bytes are never
/// read by an export), the job is created through the API (one row per document), and its rows and cells are then
/// filled as the pipeline would have left them — eight fields per row, values, raw text, sources and evidence.
/// </summary>
public static class ExportSeed
{
    public static async Task<string> FinishedJobAsync(Cluster cluster, string schemaId, int rows)
    {
        await cluster.ExecuteAsync(
            """
            INSERT INTO documents (id, organization_id, depth, filename, mime_type, size_bytes, sha256, pages, status, attempts, created_at, updated_at)
            SELECT gen_random_uuid(), o.id, 0, 'invoice-' || g || '.pdf', 'application/pdf', 2048, md5(g::text) || md5((g + 1)::text), 1, 'completed', 1,
                   now() + g * interval '1 millisecond', now() + g * interval '1 millisecond'
            FROM generate_series(1, @rows) g, organizations o WHERE o.name = 'default'
            """, ("rows", rows));
        var jobId = await cluster.CreateJobAsync(schemaId);
        var job = Guid.Parse(jobId);
        await cluster.ExecuteAsync(
            """
            UPDATE job_rows SET status = CASE WHEN ordinal % 5 = 0 THEN 'review' ELSE 'approved' END, next_phase = 4,
                   confidence = 0.8 + (ordinal % 20) / 100.0,
                   flags = CASE WHEN ordinal % 5 = 0 THEN '["low_confidence:iban"]'::jsonb ELSE '[]'::jsonb END,
                   phases = '{"phase_1_resolve":"completed","phase_2_agent":"skipped","phase_3_resolve":"completed","phase_4_transform":"completed"}'::jsonb
            WHERE job_id = @job
            """, ("job", job));
        await cluster.ExecuteAsync(
            """
            INSERT INTO job_cells (row_id, job_id, field, value, raw, confidence, phase, source, issue, evidence, updated_at)
            SELECT r.id, r.job_id, f.name, f.value, f.raw, 0.93, 'phase_4_transform',
                   jsonb_build_object('page', 1, 'bbox', jsonb_build_array(50, 100, 180, 112), 'text', f.raw), NULL,
                   '{"kind":"label","score":0.91}'::jsonb, now()
            FROM job_rows r CROSS JOIN LATERAL (VALUES
                ('invoice_number', to_jsonb('INV-' || lpad(r.ordinal::text, 6, '0')), 'INV-' || lpad(r.ordinal::text, 6, '0')),
                ('vendor', to_jsonb('Vendor ' || (r.ordinal % 97) || ' GmbH'), 'Vendor ' || (r.ordinal % 97) || ' GmbH'),
                ('date', to_jsonb(to_char(date '2024-01-01' + (r.ordinal % 365), 'YYYY-MM-DD')), to_char(date '2024-01-01' + (r.ordinal % 365), 'DD.MM.YYYY')),
                ('subtotal', to_jsonb(round(r.ordinal * 1.25, 2)), round(r.ordinal * 1.25, 2)::text),
                ('tax', to_jsonb(round(r.ordinal * 0.2375, 2)), round(r.ordinal * 0.2375, 2)::text),
                ('total', to_jsonb(round(r.ordinal * 1.4875, 2)), round(r.ordinal * 1.4875, 2)::text),
                ('currency', '"EUR"'::jsonb, '€'),
                ('iban', '"DE89370400440532013000"'::jsonb, 'DE89 3704 0044 0532 0130 00')
            ) AS f(name, value, raw)
            WHERE r.job_id = @job
            """, ("job", job));
        await cluster.ExecuteAsync("UPDATE jobs SET status = 'complete', started_at = now(), completed_at = now() WHERE id = @job", ("job", job));
        // Statistics, as autovacuum gathers them within a minute of such a bulk insert; without them PostgreSQL
        // guesses that a few ids match most of the table.
        await cluster.ExecuteAsync("ANALYZE documents; ANALYZE job_rows; ANALYZE job_cells");
        return jobId;
    }
}
