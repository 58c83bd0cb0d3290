namespace Quarry.Server.Tests;

/// <summary>
/// Tests that read <c>/metrics</c> run alone, after the parallel ones. The OpenTelemetry SDK listens to every meter
/// named "Quarry" in the process, so in a test process full of hosts another host's counters land in the same series,
/// and when that host is disposed the shared series is dropped mid-test. A real server has one host per process.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
