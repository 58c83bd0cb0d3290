using Microsoft.Extensions.Options;
using Quarry.Core.Extraction;
using Quarry.Core.Extraction.Agent;
using Quarry.Data.Stores;
using Quarry.Server.Hosting;

namespace Quarry.Server.Agent;

/// <summary>Phase 2's model, when one is configured: <see cref="Agent"/> is null with <c>Provider = none</c>, and nothing is built or called.</summary>
public sealed class AgentRuntime : IDisposable
{
    private readonly HttpClient? _http;

    public AgentRuntime(IOptions<QuarryOptions> options, TimeProvider time, ILoggerFactory logs)
    {
        var o = options.Value.Agent;
        if (!o.Enabled)
            return;
        var log = logs.CreateLogger("Quarry.Agent");
        _http = AgentChatClients.Http(o, new AgentCircuit(o, time), time, log);
        Agent = new FieldAgent(AgentChatClients.Create(o, _http), o.ToCore(), message => log.LogWarning("{Problem}", message));
        log.LogInformation("Phase 2 uses {Provider} model {Model}", o.Provider, o.Model);
    }

    public IFieldAgent? Agent { get; }

    public void Dispose() => _http?.Dispose();
}

public static class AgentServices
{
    public static IServiceCollection AddAgent(this IServiceCollection services)
    {
        services.AddSingleton<AgentRuntime>();
        services.AddSingleton<AgentUsageStore>();
        return services;
    }
}
