namespace Quarry.Client;

/// <summary>
/// A file to upload, by its name and a way to read its bytes. The bytes are read again when the upload is retried
/// (after a 429 or 503), so a stream must be seekable to be retried; files and byte arrays always are.
/// </summary>
public sealed class UploadFile
{
    private readonly Func<Stream> _open;

    private UploadFile(string name, Func<Stream> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _open = open;
    }

    /// <summary>The file name the server keeps for display (a relative path such as <c>2024/oct.pdf</c> is fine).</summary>
    public string Name { get; }

    /// <summary>A file on disk, opened at each attempt; <paramref name="name"/> defaults to the file's name.</summary>
    public static UploadFile FromPath(string path, string? name = null) =>
        new(name ?? Path.GetFileName(path), () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));

    public static UploadFile FromBytes(string name, byte[] bytes) => new(name, () => new MemoryStream(bytes, writable: false));

    /// <summary>A stream, read from its current position. It is not disposed; a non-seekable stream is sent once, never retried.</summary>
    public static UploadFile FromStream(string name, Stream stream)
    {
        var start = stream.CanSeek ? stream.Position : -1;
        var used = false;
        return new UploadFile(name, () =>
        {
            if (start >= 0)
                stream.Position = start;
            else if (used)
                throw new InvalidOperationException($"The stream of '{name}' cannot be read twice, so the upload cannot be retried. Pass a seekable stream or a file.");
            used = true;
            return new NonClosingStream(stream);
        });
    }

    internal Stream Open() => _open();

    /// <summary>Keeps the caller's stream open when the request's content is disposed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
