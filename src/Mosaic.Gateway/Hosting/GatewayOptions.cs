namespace Mosaic.Gateway.Hosting;

/// <summary>The gateway's own settings (section <c>Mosaic:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Mosaic:Gateway";

    /// <summary>Accepted <c>Authorization: Bearer</c> keys. When any is set, every <c>/v1</c> request needs one.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Refuse to start without <see cref="ApiKeys"/>; null: required outside the Development environment.</summary>
    public bool? RequireApiKey { get; set; }

    /// <summary>
    /// Browser origins (<c>https://chat.example.com</c>, or <c>*</c> for any) whose pages may call the API: their
    /// preflights are answered without an API key, and responses name them in <c>Access-Control-Allow-Origin</c>.
    /// Empty: no CORS headers at all, as a server for programs needs none.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Largest uploaded file (and largest job spec) in bytes; bigger requests get 413.</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Largest chat completion or response request in bytes (one question, not a file); bigger requests get 413. Far
    /// above any model's context (a 128k-token prompt is about half a megabyte of text) and far below the upload limit:
    /// at that limit one request made the gateway and every worker hold and tokenise 100 MB before the context check
    /// refused it.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>Most request lines in one batch input file.</summary>
    public int MaxBatchLines { get; set; } = 50_000;

    /// <summary>How often every gateway looks at the open batches (validates, watches their jobs, finalises them); zero disables the scan.</summary>
    public TimeSpan BatchScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the one-question job behind a chat completion or response (and a warm-up job) is kept after it ended,
    /// readable at <c>/v1/jobs/{id}</c>; then it is forgotten (state and rows deleted). Zero forgets it once the answer is
    /// read; null keeps every job (the store then grows by every request).
    /// </summary>
    public TimeSpan? ChatJobRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a chat completion may take before the gateway cancels its job and answers 504.</summary>
    public TimeSpan ChatTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the job behind a chat completion or response may go unwatched before the cluster cancels it
    /// (<see cref="Mosaic.Abstractions.Jobs.JobSpec.WatchLease"/>): the gateway watches it while the request waits, so
    /// only a gateway that died (or lost the cluster that long) leaves it unwatched; a request that goes away cancels its
    /// job at once.
    /// </summary>
    public TimeSpan ChatWatchLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <c>/readyz</c> waits for the cluster.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Once the cluster has workers, run the warm-up jobs (<see cref="PoolWarmUp"/>: a full batch of each expert and of
    /// the aggregator on each worker) before <c>/readyz</c> reports ready, so that no user's job runs a model cold. Off by
    /// default: every gateway that starts runs them, also against a cluster that is already warm.
    /// </summary>
    public bool WarmUp { get; set; }

    /// <summary>Calls per expert and worker in the warm-up: the silos' <c>Mosaic:MaxBatchSize</c> (a full batch).</summary>
    public int WarmUpBatchSize { get; set; } = 64;

    /// <summary>
    /// An OpenTelemetry collector (e.g. <c>http://otel-collector:4317</c>): the gateway's metrics and traces are exported
    /// there too. A request's trace (its incoming <c>traceparent</c> honoured) continues into the cluster's job trace.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <exception cref="GatewayConfigurationException">A value is out of range.</exception>
    /// <summary>The settings <paramref name="configuration"/> gives under <see cref="SectionName"/>, defaults elsewhere; not validated.</summary>
    /// <exception cref="InvalidOperationException">A value does not convert to its setting's type.</exception>
    public static GatewayOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new GatewayOptions();
        configuration.GetSection(SectionName).Bind(options);
        if (options.OtlpEndpoint is { OriginalString.Length: 0 })
        {
            // An empty value (the Kubernetes manifest's placeholder, as the silos' Silo__OtlpEndpoint) means no export.
            options.OtlpEndpoint = null;
        }

        return options;
    }

    public GatewayOptions Validate()
    {
        if (MaxUploadBytes < 1 || MaxRequestBytes < 1 || MaxBatchLines < 1 || WarmUpBatchSize < 1)
        {
            throw new GatewayConfigurationException($"{SectionName}:MaxUploadBytes, MaxRequestBytes, MaxBatchLines and WarmUpBatchSize must be positive.");
        }

        if (BatchScanInterval < TimeSpan.Zero || ChatTimeout <= TimeSpan.Zero || ChatWatchLease <= TimeSpan.Zero || ReadinessTimeout <= TimeSpan.Zero)
        {
            throw new GatewayConfigurationException($"{SectionName}: BatchScanInterval must be >= 0 and ChatTimeout, ChatWatchLease, ReadinessTimeout > 0.");
        }

        if (OtlpEndpoint is { IsAbsoluteUri: false })
        {
            throw new GatewayConfigurationException($"{SectionName}:OtlpEndpoint must be an absolute URL (e.g. http://otel-collector:4317), got '{OtlpEndpoint}'.");
        }

        if (AllowedOrigins.FirstOrDefault(origin => !IsOrigin(origin)) is { } wrong)
        {
            throw new GatewayConfigurationException(
                $"{SectionName}:AllowedOrigins holds '{wrong}', which is not an origin: give scheme, host and port only (https://chat.example.com, http://localhost:3000) or *.");
        }

        if (ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new GatewayConfigurationException($"{SectionName}:ApiKeys holds a blank key.");
        }

        return this;
    }

    /// <summary>True for <c>*</c> and for an http(s) origin: scheme, host and optional port, no path, query or user.</summary>
    internal static bool IsOrigin(string origin) =>
        origin == "*"
        || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.Equals(origin.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
}
