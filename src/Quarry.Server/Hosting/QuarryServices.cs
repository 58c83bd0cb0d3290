using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quarry.Core.Extraction;
using Quarry.Core.Readers;
using Quarry.Core.Readers.Ocr;
using Quarry.Data;
using Quarry.Data.Blobs;
using Quarry.Data.Stores;
using Quarry.Server.Agent;
using Quarry.Server.Auth;
using Quarry.Server.Documents;
using Quarry.Server.Idempotency;
using Quarry.Server.Pipeline;
using Quarry.Server.Webhooks;

namespace Quarry.Server.Hosting;

public static class QuarryServices
{
    /// <summary>Options, storage, the stores, the pipeline and its workers.</summary>
    public static IServiceCollection AddQuarry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuarryOptions>()
            .Bind(configuration.GetSection(QuarryOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Database.Provider != "postgres" || !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Quarry")),
                "Quarry:Database:Provider is postgres but ConnectionStrings:Quarry is empty.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => OpenDatabase(sp.GetRequiredService<IOptions<QuarryOptions>>().Value, configuration));
        services.AddSingleton(sp => OpenBlobStore(sp.GetRequiredService<IOptions<QuarryOptions>>().Value, sp));
        services.AddSingleton<OrganizationStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DocumentStore>();
        services.AddSingleton<SchemaStore>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<RowStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencyPurger>();

        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddSingleton<UploadReader>();
        services.AddSingleton<DocumentIntake>();

        services.AddSingleton(_ => DocumentReaders.Default());
        services.AddSingleton<IOcrEngine>(sp => new TesseractOcrEngine(sp.GetRequiredService<IOptions<QuarryOptions>>().Value.Ocr.ToCore()));
        services.AddAgent();
        services.AddSingleton(sp => PhasePipeline.Default(sp.GetRequiredService<Agent.AgentRuntime>().Agent,
            calibration: sp.GetRequiredService<IOptions<QuarryOptions>>().Value.Review.LoadCalibration()));
        services.TryAddSingleton<IPipelineHooks, NoPipelineHooks>();
        services.AddSingleton<WorkerIdentity>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<RowProcessor>();
        services.AddWorker<IngestWorker>();
        services.AddWorker<PipelineWorker>();
        services.AddWebhooks(configuration);
        return services;
    }

    /// <summary>
    /// A background worker that runs only in a process whose role runs workers (<c>worker</c> or <c>all</c>). The role
    /// is read when the host starts, not when services are registered, so settings a test host adds count too.
    /// </summary>
    private static void AddWorker<T>(this IServiceCollection services) where T : class, IHostedService =>
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<QuarryOptions>>().Value.ParsedRole.RunsWorkers()
            ? ActivatorUtilities.CreateInstance<T>(sp)
            : new IdleService());

    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The blob store every process of the installation shares: a folder (default) or the database.</summary>
    public static IBlobStore OpenBlobStore(QuarryOptions options, IServiceProvider services) => options.Blobs.Store == BlobOptions.Database
        ? new DatabaseBlobStore(services.GetRequiredService<QuarryDatabase>(), services.GetRequiredService<TimeProvider>())
        : new FileBlobStore(string.IsNullOrWhiteSpace(options.Blobs.Path) ? Path.Combine(options.DataDir, "blobs") : options.Blobs.Path);

    public static QuarryDatabase OpenDatabase(QuarryOptions options, IConfiguration configuration) =>
        options.Database.Provider == "postgres"
            ? QuarryDatabase.Postgres(configuration.GetConnectionString("Quarry")!)
            : QuarryDatabase.Sqlite(Path.Combine(options.DataDir, "quarry.db"));
}
