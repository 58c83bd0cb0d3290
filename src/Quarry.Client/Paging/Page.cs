namespace Quarry.Client;

/// <summary>One page of a list: the items and how to get the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Data, Pagination Pagination);

/// <summary><see cref="Total"/> counts every item that matches the filters; pass <see cref="NextCursor"/> back to get the next page.</summary>
public sealed record Pagination(long Total, int Limit, bool HasMore, string? NextCursor);

/// <summary>Which page of a list: <see cref="Limit"/> items (1–200, the server's default 20) after <see cref="Cursor"/>.</summary>
public record PageRequest(int? Limit = null, string? Cursor = null);
