using Quarry.Core.Extraction;
using Quarry.Core.Schemas;
using Quarry.Data;

namespace Quarry.Server.Review;

/// <summary>What a review teaches the Field Registry (filled in by the registry feature).</summary>
public sealed class ReviewLearning
{
    public Task LearnAsync(JobRecord job, IReadOnlyList<FieldDefinition> fields, RowRecord row, RowWork work, ReviewChange change, CancellationToken ct) =>
        Task.CompletedTask;
}
