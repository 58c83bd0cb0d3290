namespace Quarry.Cli.Remote;

/// <summary>The command could not do its work for a reason the user can act on (no schema of that name): exit code 1 and the message.</summary>
public sealed class CliFailureException(string message) : Exception(message);
