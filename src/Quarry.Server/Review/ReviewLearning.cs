using System.Text.Json.Nodes;
using Quarry.Core.Extraction;
using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Stores;
using Quarry.Server.Registry;

namespace Quarry.Server.Review;

/// <summary>
/// What a review teaches the Field Registry: an approval confirms every filled value of the row; a correction without
/// approval confirms only the corrected values (the rest are still the machine's guesses). A rejection teaches nothing.
/// Learning never fails the review: an error is logged.
/// </summary>
public sealed class ReviewLearning(DocumentStore documents, RegistryService registry, ILogger<ReviewLearning> log)
{
    public async Task LearnAsync(JobRecord job, IReadOnlyList<FieldDefinition> fields, RowRecord row, RowWork work, ReviewChange change, CancellationToken ct)
    {
        if (change.Action == ReviewActions.Reject)
            return;
        var known = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            var cell = work.CellOf(f.Name);
            if (cell.IsFilled && (change.Action == ReviewActions.Approve || change.Values.ContainsKey(f.Name)))
                known[f.Name] = cell.Value!.DeepClone();
        }
        if (known.Count == 0)
            return;
        try
        {
            var doc = await documents.GetAsync(job.OrganizationId, row.DocumentId, ct);
            if (doc is not null && await registry.ContentAsync(doc, ct) is { } content)
                await registry.LearnAsync(job.OrganizationId, job.SchemaName, fields, [(content, known)], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not teach the registry from row {RowId}", row.Id);
        }
    }
}
