using System.Text.Json.Nodes;
using Quarry.Client;

namespace Quarry.Server.Tests;

/// <summary>The calls tests repeat, through the typed client (<see cref="Tenant.Quarry"/>).</summary>
public static class ClientApi
{
    public static Task<Schema> CreateInvoiceSchemaAsync(this QuarryClient client) => client.CreateSchemaAsync(Api.InvoiceSchema);

    public static Task<Schema> CreateSchemaAsync(this QuarryClient client, string json) => client.Schemas.CreateAsync(JsonNode.Parse(json)!.AsObject());

    /// <summary>Uploads the files, runs the schema over them to the end, and returns the job and its rows (with cells when asked).</summary>
    public static async Task<(Job Job, List<ResultRow> Rows)> RunJobAsync(this QuarryClient client, Guid schemaId, bool includeCells,
        params (string Name, byte[] Bytes)[] files)
    {
        var docs = await client.Documents.UploadAsync(files.Select(f => UploadFile.FromBytes(f.Name, f.Bytes)));
        var job = await client.Jobs.CreateAsync(new NewJob(schemaId, [.. docs.Select(d => d.Id)]));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        job = await client.Jobs.WaitAsync(job.Id, TimeSpan.FromMilliseconds(50), ct: timeout.Token);
        return (job, await client.Results.ListAllAsync(job.Id, includeCells: includeCells).ToListAsync());
    }
}
