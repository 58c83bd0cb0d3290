using System.Net;
using Quarry.Data;
using Quarry.Server.Webhooks;

namespace Quarry.Server.Tests;

/// <summary>The pieces of webhook delivery that need no server: signature, retry schedule and backoff, address rules.</summary>
public sealed class WebhookUnitTests
{
    private const string Body = """{"id":"x","event":"job.completed"}""";

    [Fact]
    public void The_signature_is_hex_hmac_sha256_of_timestamp_dot_body()
    {
        // Computed independently: python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test_secret_0123456789',
        //   b'1700000000.{\"id\":\"x\",\"event\":\"job.completed\"}', hashlib.sha256).hexdigest())"
        Assert.Equal("sha256=109232640d8a0aa0a340308270a894c8ae8c5e70f2a4bda39a50a31e742f3aca",
            WebhookSignature.Compute("whsec_test_secret_0123456789", 1700000000, Body));
    }

    [Theory]
    [InlineData("whsec_test_secret_0123456789", 1700000000, Body, true)]
    [InlineData("whsec_test_secret_0123456788", 1700000000, Body, false)]
    [InlineData("whsec_test_secret_0123456789", 1700000001, Body, false)]
    [InlineData("whsec_test_secret_0123456789", 1700000000, """{"id":"x","event":"job.failed"}""", false)]
    public void Verify_holds_only_for_the_same_secret_timestamp_and_body(string secret, long timestamp, string body, bool ok)
    {
        var header = WebhookSignature.Compute("whsec_test_secret_0123456789", 1700000000, Body);
        Assert.Equal(ok, WebhookSignature.Verify(secret, timestamp, body, header));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body, null));
        Assert.False(WebhookSignature.Verify(secret, timestamp, body, header.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("1m, 5m, 30m, 4h", new[] { 60.0, 300, 1800, 14400 })]
    [InlineData("100ms,0.5s", new[] { 0.1, 0.5 })]
    [InlineData("1d", new[] { 86400.0 })]
    [InlineData("", new double[0])]
    [InlineData(" , ", new double[0])]
    public void Schedules_are_read_with_units(string text, double[] seconds)
    {
        Assert.True(RetryBackoff.Parse(text, out var schedule, out var error), error);
        Assert.Equal(seconds, schedule.Select(s => s.TotalSeconds));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5 minutes")]
    [InlineData("1m, x")]
    [InlineData("-1s")]
    [InlineData("1,5m")]
    [InlineData("8d")]
    public void Bad_schedules_are_refused_with_a_reason(string text)
    {
        Assert.False(RetryBackoff.Parse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        var options = new WebhookOptions { RetrySchedule = text };
        Assert.Contains("Quarry:Webhooks:RetrySchedule", Assert.Single(options.Validate(new(options))).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0.0, 54)]
    [InlineData(1, 0.5, 60)]
    [InlineData(1, 0.999999, 66)]
    [InlineData(2, 0.5, 300)]
    [InlineData(4, 0.0, 12960)]
    [InlineData(4, 1.0, 15840)]
    public void The_wait_follows_the_schedule_with_ten_percent_jitter(int attemptsMade, double random, double expectedSeconds)
    {
        RetryBackoff.Parse("1m, 5m, 30m, 4h", out var schedule, out _);
        Assert.Equal(expectedSeconds, RetryBackoff.NextDelay(schedule, attemptsMade, random)!.Value.TotalSeconds, precision: 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public void Past_the_schedule_there_is_no_wait_the_delivery_has_failed(int attemptsMade)
    {
        RetryBackoff.Parse("1m, 5m, 30m, 4h", out var schedule, out _);
        Assert.Null(RetryBackoff.NextDelay(schedule, attemptsMade, 0.5));
    }

    [Theory]
    [InlineData(200, 1, AttemptResult.Delivered)]
    [InlineData(204, 3, AttemptResult.Delivered)]
    [InlineData(410, 1, AttemptResult.Gone)]
    [InlineData(500, 1, AttemptResult.Retry)]
    [InlineData(404, 2, AttemptResult.Retry)]
    [InlineData(301, 1, AttemptResult.Retry)]
    [InlineData(null, 1, AttemptResult.Retry)]
    [InlineData(500, 3, AttemptResult.Exhausted)]
    [InlineData(null, 3, AttemptResult.Exhausted)]
    public void Statuses_decide_delivered_retry_exhausted_or_gone(int? status, int roundAttempts, AttemptResult expected)
    {
        var now = new DateTimeOffset(2024, 9, 14, 10, 0, 0, TimeSpan.Zero);
        var schedule = new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5) };
        var outcome = DeliveryPolicy.Decide(new SendResult(status, status is null ? "timed out" : null, TimeSpan.FromMilliseconds(12)), roundAttempts, schedule, 0.5, now);
        Assert.Equal(expected, outcome.Result);
        Assert.Equal(status, outcome.ResponseStatus);
        Assert.Equal(12, outcome.DurationMs);
        Assert.Equal(expected == AttemptResult.Retry ? now + schedule[roundAttempts - 1] : null, outcome.NextAttemptAt);
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.215.14", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("100.128.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.255.254", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("192.0.0.170", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2002:c0a8:0101::1", false)]
    public void Only_public_unicast_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, AddressRules.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://hooks.example.com/quarry?token=abc", null)]
    [InlineData("http://127.0.0.1:8080/", null)]
    [InlineData("", "Required")]
    [InlineData("example.com/hook", "absolute")]
    [InlineData("ftp://example.com/hook", "'ftp' is not allowed")]
    [InlineData("ws://example.com/hook", "'ws' is not allowed")]
    [InlineData("https://u:p@example.com/", "user name or password")]
    [InlineData("https://example.com/#part", "fragment")]
    public void Url_shape_is_checked_before_any_lookup(string url, string? problem)
    {
        var found = WebhookTargets.ShapeProblem(url, out _);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_secrets_are_long_random_and_hinted_by_their_end()
    {
        var a = WebhookSecrets.Generate();
        Assert.NotEqual(a, WebhookSecrets.Generate());
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", a);
        Assert.Null(WebhookSecrets.Problem(a));
        Assert.Equal("…" + a[^4..], WebhookSecrets.Hint(a));
    }
}
