using Quarry.Core.Readers;

namespace Quarry.Core.Tests;

/// <summary>An in-memory child sink: records each member's name and bytes, in order, the way the server numbers them.</summary>
public sealed class RecordingChildSink : IChildSink
{
    public List<(string Name, byte[] Bytes)> Children { get; } = [];

    public IEnumerable<string> Names => Children.Select(c => c.Name);

    public byte[] this[string name] => Children.Single(c => c.Name == name).Bytes;

    public async Task AddAsync(string name, Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        Children.Add((name, buffer.ToArray()));
    }
}
