using System.Runtime.CompilerServices;

namespace Quarry.Client;

/// <summary>Walks a keyset-paged list to its end, one page in memory at a time.</summary>
internal static class Pager
{
    /// <summary>The largest page the API hands out.</summary>
    public const int MaxLimit = 200;

    public static async IAsyncEnumerable<T> AllAsync<T>(Func<string?, CancellationToken, Task<Page<T>>> page,
        [EnumeratorCancellation] CancellationToken ct)
    {
        string? cursor = null;
        do
        {
            var p = await page(cursor, ct);
            foreach (var item in p.Data)
                yield return item;
            cursor = p.Pagination.HasMore ? p.Pagination.NextCursor : null;
        } while (cursor is not null);
    }
}
