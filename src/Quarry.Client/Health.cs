namespace Quarry.Client;

/// <summary>The answer of <c>GET /healthz</c>: <c>ok</c> and the process's role (<c>all</c>, <c>api</c> or <c>worker</c>).</summary>
public sealed record Health(string Status, string Role);
