using Quarry.Testing;

namespace Quarry.Client.Tests;

/// <summary>Small invoices as real PDFs with a text layer, and the schema that reads them.</summary>
public static class Invoices
{
    public static byte[] Numbered(int n) => TestPdf.Invoice("Acme Corp",
        ("Invoice Number:", $"INV-{n:D4}"), ("Vendor:", "Acme Corp"), ("Date:", "2024-10-01"), ("Total:", $"{n}.50"));

    public static NewSchema Schema(string name = "Invoice") => new(name,
    [
        new SchemaField("invoice_number", FieldTypes.String, Required: true, Aliases: ["invoice no"]),
        new SchemaField("vendor", FieldTypes.String),
        new SchemaField("date", FieldTypes.Date),
        new SchemaField("total", FieldTypes.CurrencyAmount, Required: true),
    ]);

    /// <summary>A schema, <paramref name="count"/> invoices and a finished job over them.</summary>
    public static async Task<(Schema Schema, IReadOnlyList<Document> Documents, Job Job)> FinishedJobAsync(QuarryClient client, int count)
    {
        var schema = await client.Schemas.CreateAsync(Schema());
        var documents = await client.Documents.UploadAsync(Enumerable.Range(1, count).Select(n => UploadFile.FromBytes($"inv-{n:D2}.pdf", Numbered(n))));
        var job = await client.Jobs.CreateAsync(new NewJob(schema.Id, [.. documents.Select(d => d.Id)], "test job"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        job = await client.Jobs.WaitAsync(job.Id, TimeSpan.FromMilliseconds(50), ct: timeout.Token);
        return (schema, documents, job);
    }
}
