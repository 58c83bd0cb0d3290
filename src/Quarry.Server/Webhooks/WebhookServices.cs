using Microsoft.Extensions.Options;
using Quarry.Data.Stores;

namespace Quarry.Server.Webhooks;

public static class WebhookServices
{
    /// <summary>Options, stores, the publisher, and the dispatcher with its guarded HTTP client.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedConnect.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets))
            // The client's default logging writes each request's URL, and a URL can hold a receiver's token.
            .RemoveAllLoggers();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<WebhookHistoryPurger>();
        return services;
    }
}
