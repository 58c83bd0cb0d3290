namespace Quarry.Client;

/// <summary>
/// The Quarry HTTP API, typed. One instance is safe to share between threads and should live as long as the
/// application (it holds connections). Every call takes a <see cref="CancellationToken"/>; error answers are thrown
/// as <see cref="QuarryApiException"/> and its subclasses.
/// </summary>
/// <example>
/// <code>
/// using var quarry = new QuarryClient("http://localhost:5080", Environment.GetEnvironmentVariable("QUARRY_API_KEY")!);
/// var schema = await quarry.Schemas.CreateAsync(new NewSchema("Invoice", [new("total", FieldTypes.CurrencyAmount, Required: true)]));
/// var docs = await quarry.Documents.UploadAsync([UploadFile.FromPath("invoice.pdf")]);
/// var job = await quarry.Jobs.CreateAsync(new NewJob(schema.Id, [.. docs.Select(d => d.Id)]));
/// await quarry.Jobs.WaitAsync(job.Id);
/// await foreach (var row in quarry.Results.ListAllAsync(job.Id))
///     Console.WriteLine($"{row.Filename}: {row.Get&lt;decimal?&gt;("total")}");
/// </code>
/// </example>
public sealed class QuarryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly QuarryHttp _core;

    /// <summary>
    /// A client over an <see cref="HttpClient"/> you manage, e.g. a typed client of IHttpClientFactory
    /// (<c>services.AddHttpClient&lt;QuarryClient&gt;(c =&gt; c.BaseAddress = …)</c>, which passes a registered
    /// <see cref="QuarryClientOptions"/> when there is one). The server's address is
    /// <see cref="QuarryClientOptions.BaseUrl"/> or else the client's <see cref="HttpClient.BaseAddress"/>; the key is
    /// <see cref="QuarryClientOptions.ApiKey"/> or else whatever the client already sends.
    /// </summary>
    public QuarryClient(HttpClient http, QuarryClientOptions? options = null)
        : this(http, options ?? new QuarryClientOptions(), ownsHttp: false)
    {
    }

    /// <summary>A client with its own connections, for <paramref name="baseUrl"/> (e.g. <c>http://localhost:5080</c>) and a key.</summary>
    public QuarryClient(string baseUrl, string apiKey, QuarryClientOptions? options = null)
        : this(new HttpClient { Timeout = (options ?? new()).Timeout }, With(options, baseUrl, apiKey), ownsHttp: true)
    {
    }

    private QuarryClient(HttpClient http, QuarryClientOptions options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _ownsHttp = ownsHttp;
        var core = new QuarryHttp(http, options);
        BaseUrl = core.BaseUrl;
        Documents = new DocumentsClient(core);
        Schemas = new SchemasClient(core);
        Jobs = new JobsClient(core, options.TimeProvider);
        Results = new ResultsClient(core);
        Webhooks = new WebhooksClient(core);
        Review = new ReviewClient(core);
        Registry = new RegistryClient(core);
        _core = core;
    }

    /// <summary>The server this client talks to, ending with a slash.</summary>
    public Uri BaseUrl { get; }

    public DocumentsClient Documents { get; }

    public SchemasClient Schemas { get; }

    public JobsClient Jobs { get; }

    /// <summary>The rows of jobs: JSON pages, every row with <c>await foreach</c>, exports.</summary>
    public ResultsClient Results { get; }

    public WebhooksClient Webhooks { get; }

    /// <summary>Corrections, approvals and rejections of rows, and each row's history.</summary>
    public ReviewClient Review { get; }

    /// <summary>The Field Registry: what confirmed rows taught, per schema field and layout.</summary>
    public RegistryClient Registry { get; }

    /// <summary><c>GET /healthz</c>: whether the server is up, and its role. Needs no key.</summary>
    public Task<Health> GetHealthAsync(CancellationToken ct = default) => _core.GetAsync<Health>("healthz", ct);

    /// <summary>Disposes the <see cref="HttpClient"/> only when this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }

    private static QuarryClientOptions With(QuarryClientOptions? options, string baseUrl, string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{baseUrl}' is not an http or https address.", nameof(baseUrl));
        var o = options ?? new QuarryClientOptions();
        return new QuarryClientOptions
        {
            BaseUrl = uri,
            ApiKey = apiKey,
            MaxRetries = o.MaxRetries,
            MaxRetryDelay = o.MaxRetryDelay,
            InitialRetryDelay = o.InitialRetryDelay,
            Timeout = o.Timeout,
            OnRetry = o.OnRetry,
            TimeProvider = o.TimeProvider,
        };
    }
}
