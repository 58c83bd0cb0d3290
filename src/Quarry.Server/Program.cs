using Quarry.Server.Hosting;

// The whole server is in QuarryApp, which `quarry serve` runs too; the role comes from Quarry:Role (default all).
await QuarryApp.RunAsync(args);

/// <summary>Visible to the test host.</summary>
public partial class Program;
