using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Quarry.Core.Documents;
using Quarry.Core.Extraction.Registry;
using Quarry.Core.Schemas;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;

namespace Quarry.Server.Registry;

/// <summary>
/// The Field Registry for the server: registries read for phase 1 are cached per organization and schema name and brought
/// up to date when the stored generation moved (any process that learned or deleted bumps it): the rules and layouts saved
/// since are applied to a copy, or, after a deletion, the registry is read again; learning works on a copy of the
/// cached registry (or the stored one when the cache is behind), learns and saves under the registry's lock in the
/// database (and a lock per schema in the process, so waiting is done here rather than holding connections), so neither
/// two reviews in one process nor two processes overwrite each other's counts.
/// </summary>
public sealed class RegistryService(RegistryStore store, IBlobStore blobs, ILogger<RegistryService> log)
{
    private readonly ConcurrentDictionary<(Guid, string), (long Generation, FieldRegistry Registry)> _cache = new();
    private readonly ConcurrentDictionary<(Guid, string), SemaphoreSlim> _locks = new();

    /// <summary>The registry phase 1 uses for a row; null when nothing was learned for the schema.</summary>
    public async Task<FieldRegistry?> ForAsync(Guid organizationId, string schemaName, CancellationToken ct)
    {
        var generation = await store.GenerationAsync(organizationId, schemaName, ct);
        if (generation == 0)
            return null;
        var key = (organizationId, schemaName);
        var have = _cache.TryGetValue(key, out var cached);
        if (have && cached.Generation == generation)
            return cached.Registry.IsEmpty ? null : cached.Registry;
        // Behind: what was saved since is read and applied to a copy (a few rows, against every rule of the registry); a
        // deletion since means reading it all again.
        var (at, registry) = have && await store.ChangesSinceAsync(organizationId, schemaName, cached.Generation, ct) is { } changes
            ? (changes.Generation, Updated(cached.Registry, changes))
            : (generation, await store.LoadAsync(organizationId, schemaName, ct));
        _cache[key] = (at, registry);
        return registry.IsEmpty ? null : registry;
    }

    private static FieldRegistry Updated(FieldRegistry cached, RegistryChanges changes)
    {
        var copy = cached.Clone();
        copy.Apply(changes.Rules, changes.Layouts);
        return copy;
    }

    /// <summary>Learns from confirmed documents (content and the values confirmed for it), in the order given.</summary>
    public async Task LearnAsync(Guid organizationId, string schemaName, IReadOnlyList<FieldDefinition> fields,
        IReadOnlyList<(DocumentContent Content, IReadOnlyDictionary<string, JsonNode?> Known)> examples, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd((organizationId, schemaName), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            // Under the registry's lock in the database (another process learning waits for this one, then learns on
            // what it saved). Learning on a copy of the cached registry when it is current spares reading every rule back
            // from the database (about half a second at 36,000 rules); the registry as saved becomes the cache.
            var key = (organizationId, schemaName);
            var now = DateTimeOffset.UtcNow;
            var (generation, registry) = await store.LearnAsync(organizationId, schemaName,
                previous => _cache.TryGetValue(key, out var cached) && cached.Generation == previous ? cached.Registry.Clone() : null,
                r =>
                {
                    foreach (var (content, known) in examples)
                        r.Learn(fields, content, known, now);
                }, ct);
            _cache[key] = (generation, registry);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<DocumentContent?> ContentAsync(DocumentRecord doc, CancellationToken ct)
    {
        if (doc.ContentSha256 is null)
            return null;
        await using var stream = await blobs.OpenReadAsync(doc.ContentSha256, ct);
        if (stream is null)
        {
            log.LogWarning("The parsed content of document {DocumentId} is missing; nothing learned from it", doc.Id);
            return null;
        }
        return await ContentJson.DeserializeAsync(stream, ct);
    }
}
