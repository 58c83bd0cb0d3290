using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Quarry.Data;

namespace Quarry.Server.Webhooks;

/// <summary>What one POST came to: the receiver's status code, or why there was none.</summary>
public sealed record SendResult(int? Status, string? Error, TimeSpan Duration);

/// <summary>Sends one attempt of a delivery: the stored body, signed with a fresh timestamp, within the attempt timeout.</summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time)
{
    public const string ClientName = "quarry-webhooks";
    public const string EventHeader = "X-Quarry-Event";
    public const string DeliveryHeader = "X-Quarry-Delivery-Id";
    public const string TimestampHeader = "X-Quarry-Timestamp";
    public const string SignatureHeader = "X-Quarry-Signature";

    private static readonly ProductInfoHeaderValue UserAgent = new("Quarry-Webhooks", "1");

    public async Task<SendResult> SendAsync(WebhookDeliveryClaim claim, CancellationToken stopping)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, claim.Url)
        {
            Content = new StringContent(claim.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Add(EventHeader, claim.Event);
        request.Headers.Add(DeliveryHeader, claim.Id.ToString("D"));
        request.Headers.Add(TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Compute(claim.Secret, timestamp, claim.Payload));

        var timeout = options.Value.Timeout;
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        attempt.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            // Headers are enough: the status decides. The body is not read, so a receiver cannot make us hold a large one.
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            var error = status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"The receiver answered {status}; redirects are not followed.",
                _ => $"The receiver answered {status}.",
            };
            return new SendResult(status, error, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new SendResult(null, $"No answer within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s (timed out).", clock.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return new SendResult(null, Describe(e), clock.Elapsed);
        }
    }

    /// <summary>The innermost useful message: "Connection refused", the refused address, a TLS failure.</summary>
    private static string Describe(HttpRequestException e)
    {
        Exception inner = e;
        while (inner.InnerException is not null && inner is not TargetRefusedException)
            inner = inner.InnerException;
        return inner is TargetRefusedException ? inner.Message : $"The request failed: {inner.Message}";
    }
}
