using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quarry.Server.Agent;
using Quarry.Server.Hosting;

namespace Quarry.Cli;

/// <summary>
/// Phase 2 for <c>quarry extract</c> and <c>quarry eval</c>: the same model client the server builds from <c>Quarry:Agent</c>
/// (environment variables <c>Quarry__Agent__Provider</c>, <c>Quarry__Agent__Endpoint</c>…), with its warnings on stderr so stdout stays
/// rows. There is no job here, so no budget: every document with gaps may make its calls. With provider <c>none</c>
/// nothing is built and phase 2 is skipped, as on the server.
/// </summary>
public sealed class LocalAgent : IDisposable
{
    private readonly ILoggerFactory _logs;
    private readonly AgentRuntime _runtime;

    public LocalAgent(QuarryOptions options)
    {
        _logs = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        _runtime = new AgentRuntime(Options.Create(options), TimeProvider.System, _logs);
    }

    public Core.Extraction.IFieldAgent? Agent => _runtime.Agent;

    public void Dispose()
    {
        _runtime.Dispose();
        _logs.Dispose();
    }
}
