namespace Quarry.Server.Agent;

/// <summary>Thrown instead of calling the provider while the circuit is open.</summary>
public sealed class AgentCircuitOpenException(TimeSpan remaining)
    : Exception($"The model provider failed repeatedly; calls are paused for another {remaining.TotalSeconds:0.#} s.");

/// <summary>
/// The circuit breaker over the provider, shared by every request of the process: after
/// <see cref="AgentOptions.CircuitFailures"/> requests in a row failed (after their retries) it opens for
/// <see cref="AgentOptions.CircuitBreakSeconds"/>, and calls fail at once instead of piling onto a provider that is down.
/// When that time is over, requests try again; one success closes it, one more failure opens it again.
/// </summary>
public sealed class AgentCircuit(AgentOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    public void ThrowIfOpen()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _openUntil)
                throw new AgentCircuitOpenException(_openUntil - now);
        }
    }

    public void Succeeded()
    {
        lock (_gate)
            _failures = 0;
    }

    public void Failed()
    {
        lock (_gate)
        {
            _failures++;
            if (_failures >= options.CircuitFailures)
            {
                _openUntil = time.GetUtcNow() + TimeSpan.FromSeconds(options.CircuitBreakSeconds);
                // Half-open: after the break, a single failure opens it again.
                _failures = options.CircuitFailures - 1;
            }
        }
    }
}
