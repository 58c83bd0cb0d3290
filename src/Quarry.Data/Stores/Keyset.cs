using System.Data.Common;
using Dapper;

namespace Quarry.Data.Stores;

/// <summary>
/// Newest-first lists paged by (created_at, id): the cursor names the last row seen, so rows inserted meanwhile
/// never shift the next page.
/// </summary>
internal static class Keyset
{
    /// <param name="from">The FROM clause with joins, e.g. <c>jobs j JOIN …</c>.</param>
    /// <param name="alias">The alias of the table whose created_at and id order the list.</param>
    public static async Task<Page<T>> PageAsync<T>(
        DbConnection conn, string select, string from, string alias, string where, DynamicParameters p,
        int limit, string? cursor, Func<T, (DateTimeOffset CreatedAt, Guid Id)> key, CancellationToken ct)
    {
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {from} WHERE {where}", p, cancellationToken: ct));
        if (Cursor.TryDecode(cursor, out var at, out var lastId))
        {
            where += $" AND ({alias}.created_at < @cAt OR ({alias}.created_at = @cAt AND {alias}.id < @cId))";
            p.Add("cAt", at);
            p.Add("cId", lastId);
        }
        p.Add("take", limit + 1);
        var items = (await conn.QueryAsync<T>(new CommandDefinition(
            $"SELECT {select} FROM {from} WHERE {where} ORDER BY {alias}.created_at DESC, {alias}.id DESC LIMIT @take", p, cancellationToken: ct))).ToList();
        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            var (lastAt, id) = key(items[^1]);
            next = Cursor.Encode(lastAt, id);
        }
        return new Page<T>(items, total, next);
    }
}
