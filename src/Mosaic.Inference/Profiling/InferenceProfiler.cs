using System.Diagnostics;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Measures what the scheduler's cost model needs: model load time, then sessions of the calibration prompts at each
/// size, each submitted at once to one <see cref="GenerationEngine"/> shaped like a worker's (its batch width and
/// context), greedy, and a single-stream run.
/// </summary>
public static class InferenceProfiler
{
    public static ProfileMeasurements Profile(string modelDirectory, IReadOnlyList<string> prompts, ProfileOptions? options = null)
    {
        options ??= new ProfileOptions();
        TorchRuntime.EnsureInitialized();
        var clock = Stopwatch.StartNew();
        using var model = LanguageModel.Load(modelDirectory, options.Load);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        return Profile(model, loadSeconds, prompts, options);
    }

    public static ProfileMeasurements Profile(LanguageModel model, double loadSeconds, IReadOnlyList<string> prompts, ProfileOptions? options = null) =>
        ProfileInputs(model, loadSeconds, prompts.Select(p => options?.RawPrompts == true ? p : model.Prompt.Format([new ChatMessage("user", p)])).ToArray(), options);

    /// <summary>Profiles <paramref name="inputs"/> that are already the model's exact input text (its prompt format applied).</summary>
    public static ProfileMeasurements ProfileInputs(LanguageModel model, double loadSeconds, IReadOnlyList<string> inputs, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new ProfileOptions();
        if (inputs.Count == 0)
        {
            throw new ArgumentException("the calibration set has no prompts", nameof(inputs));
        }

        if (options.BatchSizes.Count == 0 || options.BatchSizes.Any(b => b < 1) || options.MaxNewTokens < 1 || options.MaxBatchSize < 1 || options.Repeats < 1)
        {
            throw new ArgumentException("session sizes, max new tokens, batch width and repeats must be positive", nameof(options));
        }

        var requests = inputs.Select(p => new GenerationRequest(p, options.MaxNewTokens)).ToArray();

        // A worker's load makes the model resident with a warmed-up engine (one token generated), so that counts as
        // load time too.
        var clock = Stopwatch.StartNew();
        using var engine = Engine(model, options);
        loadSeconds += clock.Elapsed.TotalSeconds;

        // The calibration pass over the whole set gives the output-length statistics.
        var calibration = Run(engine, requests).Results;
        var batches = new List<BatchMeasurement>();
        foreach (var size in options.BatchSizes)
        {
            var session = Enumerable.Range(0, size).Select(i => requests[i % requests.Length]).ToArray();
            var runs = Enumerable.Range(0, options.Repeats).Select(_ => Run(engine, session)).OrderBy(r => r.Seconds).ToArray();
            var (results, seconds) = runs[runs.Length / 2];
            batches.Add(new BatchMeasurement(size, results.Average(r => r.OutputTokens), results.Max(r => r.OutputTokens), results.Sum(r => (long)r.OutputTokens), seconds));
        }

        var single = model.Generate(requests[0] with { IgnoreEos = true });
        var perToken = single.Elapsed.TotalSeconds / Math.Max(1, single.OutputTokens);
        using var process = Process.GetCurrentProcess();
        return new ProfileMeasurements(
            loadSeconds,
            model.ParameterCount,
            calibration.Average(r => r.OutputTokens),
            calibration.Max(r => r.OutputTokens),
            batches,
            perToken,
            process.PeakWorkingSet64 / 1e9);
    }

    /// <summary>The engine a profile is measured on (the options' batch width and context), warmed up: one token generated.</summary>
    public static GenerationEngine Engine(LanguageModel model, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var engine = new GenerationEngine(model, new GenerationEngineOptions
        {
            MaxBatchSize = options.MaxBatchSize,
            MaxContextTokens = options.ContextTokens is { } context ? Math.Min(context, model.Config.MaxPositionEmbeddings) : null,
        });
        engine.WarmUp();
        return engine;
    }

    private static (GenerationResult[] Results, double Seconds) Run(GenerationEngine engine, IReadOnlyList<GenerationRequest> session)
    {
        var timer = Stopwatch.StartNew();
        var results = engine.GenerateAllAsync(session).GetAwaiter().GetResult();
        return (results, timer.Elapsed.TotalSeconds);
    }
}
