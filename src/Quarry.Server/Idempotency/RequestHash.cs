using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Quarry.Server.Idempotency;

/// <summary>
/// SHA-256 of what makes a request the same request: method, path with query, media type, and the raw body, fed as
/// it is read. A multipart body's boundary is the one part a client picks at random for every attempt (curl, .NET,
/// Python requests all do), so each occurrence of it is hashed as a fixed token: the same files sent again hash the
/// same, any other change to the bytes does not.
/// </summary>
public sealed class RequestHash : IDisposable
{
    private static readonly byte[] BoundaryToken = "--\0boundary\0"u8.ToArray();

    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[]? _delimiter;
    private readonly int[] _fallback = [];
    private int _matched;

    public RequestHash(string method, string target, string? contentType)
    {
        string media = "";
        if (MediaTypeHeaderValue.TryParse(contentType, out var type))
        {
            media = type.MediaType.Value?.ToLowerInvariant() ?? "";
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
            if (media.StartsWith("multipart/", StringComparison.Ordinal) && boundary is { Length: > 0 })
            {
                _delimiter = Encoding.ASCII.GetBytes("--" + boundary);
                _fallback = Fallback(_delimiter);
            }
        }
        _sha.AppendData(Encoding.UTF8.GetBytes($"{method}\n{target}\n{media}\n"));
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_delimiter is null)
        {
            _sha.AppendData(data);
            return;
        }
        var i = 0;
        while (i < data.Length)
        {
            if (_matched == 0)
            {
                // Outside a possible delimiter, hash up to the next byte that could start one in one go.
                var next = data[i..].IndexOf(_delimiter[0]);
                if (next < 0)
                {
                    _sha.AppendData(data[i..]);
                    return;
                }
                _sha.AppendData(data.Slice(i, next));
                i += next;
            }
            var b = data[i++];
            // Knuth–Morris–Pratt: on a mismatch, the bytes that can no longer start the delimiter are hashed as they were.
            while (_matched > 0 && _delimiter[_matched] != b)
            {
                var keep = _fallback[_matched - 1];
                _sha.AppendData(_delimiter.AsSpan(0, _matched - keep));
                _matched = keep;
            }
            if (_delimiter[_matched] == b)
            {
                if (++_matched == _delimiter.Length)
                {
                    _sha.AppendData(BoundaryToken);
                    _matched = 0;
                }
            }
            else
            {
                _sha.AppendData([b]);
            }
        }
    }

    /// <summary>The hash as lowercase hex. Call once, after the whole body was appended.</summary>
    public string Finish()
    {
        if (_delimiter is not null && _matched > 0)
            _sha.AppendData(_delimiter.AsSpan(0, _matched));
        _matched = 0;
        return Convert.ToHexStringLower(_sha.GetHashAndReset());
    }

    public void Dispose() => _sha.Dispose();

    /// <summary>For each prefix of the pattern, the length of its longest proper prefix that is also its suffix.</summary>
    private static int[] Fallback(byte[] pattern)
    {
        var f = new int[pattern.Length];
        for (int i = 1, k = 0; i < pattern.Length; i++)
        {
            while (k > 0 && pattern[i] != pattern[k]) k = f[k - 1];
            if (pattern[i] == pattern[k]) k++;
            f[i] = k;
        }
        return f;
    }
}
