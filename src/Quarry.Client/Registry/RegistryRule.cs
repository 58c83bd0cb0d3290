using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quarry.Client;

/// <summary>
/// One rule the Field Registry learned for a schema field. <see cref="Layout"/> is the layout fingerprint (<c>*</c>: any
/// layout); <see cref="Kind"/> is <c>constant</c>, <c>label</c> or <c>label_above</c>; <see cref="Label"/> the phrase before
/// the value; <see cref="Value"/> a constant's value; <see cref="Accuracy"/> = (right + 1) / (seen + 2).
/// </summary>
public sealed record RegistryRule(
    Guid Id,
    string Schema,
    string Field,
    string Layout,
    string Kind,
    string? Label,
    string? Shape,
    int Words,
    JsonElement? Value,
    RegistryPosition? Position,
    double Seen,
    double Right,
    double Accuracy,
    DateTimeOffset UpdatedAt);

/// <summary>Where the value sits on the page, as fractions of its width and height.</summary>
public sealed record RegistryPosition(double X, double Y);

/// <summary>Filters of <c>GET /v1/registry/fields</c>: a schema's name, a field's name, a layout fingerprint.</summary>
public sealed record RegistryListRequest(string? Schema = null, string? Field = null, string? Layout = null, int? Limit = null, string? Cursor = null)
    : PageRequest(Limit, Cursor);

/// <summary>A parsed document and the values it is known to hold, to teach the registry with (<c>POST /v1/registry/learn</c>).</summary>
public sealed record RegistryExample(Guid DocumentId, IReadOnlyDictionary<string, JsonNode?> Values);

/// <summary>The body of <c>POST /v1/registry/learn</c>.</summary>
public sealed record RegistryLearnRequest(Guid SchemaId, IReadOnlyList<RegistryExample> Examples);

/// <summary>How many examples were learned, under which schema name.</summary>
public sealed record RegistryLearned(int Learned, string Schema);

internal sealed record RegistryDeleted(int Deleted);
