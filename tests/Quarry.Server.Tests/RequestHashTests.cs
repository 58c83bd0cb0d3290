using System.Text;
using Quarry.Server.Idempotency;

namespace Quarry.Server.Tests;

public sealed class RequestHashTests
{
    private static string Hash(string contentType, string body, int chunk)
    {
        using var h = new RequestHash("POST", "/v1/documents", contentType);
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < bytes.Length; i += chunk)
            h.Append(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        return h.Finish();
    }

    private static string Multipart(string boundary, string content) =>
        $"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=a.txt\r\n\r\n{content}\r\n--{boundary}--\r\n";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void A_multipart_body_hashes_the_same_whatever_its_boundary_and_however_it_arrives(int chunk)
    {
        var a = Hash("multipart/form-data; boundary=aaab", Multipart("aaab", "--aa-aaa aab --aaa-b? --aaa --aa no: -aaa"), chunk);
        var b = Hash("multipart/form-data; boundary=\"0f3c-91\"", Multipart("0f3c-91", "--aa-aaa aab --aaa-b? --aaa --aa no: -aaa"), 4096);
        Assert.Equal(b, a);
        Assert.NotEqual(a, Hash("multipart/form-data; boundary=aaab", Multipart("aaab", "--aa-aaa aab --aaa-b? --aaa --aa no: -aab"), chunk));
    }

    [Fact]
    public void Method_path_media_type_and_every_byte_count()
    {
        var json = Hash("application/json", """{"a":1}""", 2);
        Assert.Equal(json, Hash("application/json; charset=utf-8", """{"a":1}""", 5));
        Assert.NotEqual(json, Hash("application/json", """{"a":2}""", 2));
        Assert.NotEqual(json, Hash("text/plain", """{"a":1}""", 2));
        using var other = new RequestHash("POST", "/v1/jobs", "application/json");
        other.Append("""{"a":1}"""u8);
        Assert.NotEqual(json, other.Finish());
    }
}
