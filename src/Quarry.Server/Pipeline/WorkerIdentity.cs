namespace Quarry.Server.Pipeline;

/// <summary>This process's name on the leases it holds: host, process id and a random part, so a restarted process never mistakes an old lease for its own.</summary>
public sealed class WorkerIdentity
{
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
