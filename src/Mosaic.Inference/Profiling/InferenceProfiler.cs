using System.Diagnostics;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Measures what the scheduler's cost model needs: model load time, then sessions of the calibration prompts at each
/// size, each submitted at once to one <see cref="GenerationEngine"/> shaped like a worker's (its batch width and
/// context), greedy, and a single-stream run. Every timed session starts on a freshly loaded model and engine, as a
/// worker's session starts with a model load: a model's first session runs about 1.2-1.3x as long on CPU as its later
/// ones (the engine first-touches memory the allocator has just mapped), and that first session is the one a plan
/// prices. The load itself is timed apart.
/// </summary>
public static class InferenceProfiler
{
    public static ProfileMeasurements Profile(string modelDirectory, IReadOnlyList<string> prompts, ProfileOptions? options = null)
    {
        options ??= new ProfileOptions();
        TorchRuntime.EnsureInitialized();
        return ProfileInputs(
            () => LanguageModel.Load(modelDirectory, options.Load),
            model => prompts.Select(p => options.RawPrompts ? p : model.Prompt.Format(ModelTurns.Expert(model.Prompt, p))).ToArray(),
            options);
    }

    /// <summary>
    /// Profiles the model <paramref name="load"/> returns (a fresh instance per call) on <paramref name="inputs"/>, the
    /// model's exact input text (its prompt format applied).
    /// </summary>
    public static ProfileMeasurements ProfileInputs(Func<LanguageModel> load, Func<LanguageModel, IReadOnlyList<string>> inputs, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new ProfileOptions();
        if (options.BatchSizes.Count == 0 || options.BatchSizes.Any(b => b < 1) || options.MaxNewTokens < 1 || options.MaxBatchSize < 1 || options.Repeats < 1)
        {
            throw new ArgumentException("session sizes, max new tokens, batch width and repeats must be positive", nameof(options));
        }

        // A worker's load makes the model resident with a warmed-up engine (one token generated), so that counts as
        // load time too.
        var clock = Stopwatch.StartNew();
        GenerationRequest[] requests;
        double loadSeconds;
        GenerationResult[] calibration;
        GenerationResult single;
        long parameters;
        using (var model = load())
        using (var engine = Engine(model, options))
        {
            loadSeconds = clock.Elapsed.TotalSeconds;
            parameters = model.ParameterCount;
            requests = inputs(model).Select(p => new GenerationRequest(p, options.MaxNewTokens)).ToArray();
            if (requests.Length == 0)
            {
                throw new ArgumentException("the calibration set has no prompts", nameof(inputs));
            }

            // The calibration pass over the whole set gives the output-length statistics.
            calibration = Run(engine, requests).Results;
            single = model.Generate(requests[0] with { IgnoreEos = true });
        }

        var batches = new List<BatchMeasurement>();
        foreach (var size in options.BatchSizes)
        {
            var session = Enumerable.Range(0, size).Select(i => requests[i % requests.Length]).ToArray();
            var runs = Enumerable.Range(0, options.Repeats).Select(_ => RunFresh(load, options, session)).OrderBy(r => r.Seconds).ToArray();
            var (results, seconds) = runs[runs.Length / 2];
            batches.Add(new BatchMeasurement(size, results.Average(r => r.OutputTokens), results.Max(r => r.OutputTokens), results.Sum(r => (long)r.OutputTokens), seconds));
        }

        var perToken = single.Elapsed.TotalSeconds / Math.Max(1, single.OutputTokens);
        using var process = Process.GetCurrentProcess();
        return new ProfileMeasurements(
            loadSeconds,
            parameters,
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

    /// <summary>One timed session on a model and engine loaded for it (the load untimed), as a worker runs a planned session.</summary>
    private static (GenerationResult[] Results, double Seconds) RunFresh(Func<LanguageModel> load, ProfileOptions options, IReadOnlyList<GenerationRequest> session)
    {
        using var fresh = FreshEngine.Load(load, options);
        return Run(fresh.Engine, session);
    }

    private static (GenerationResult[] Results, double Seconds) Run(GenerationEngine engine, IReadOnlyList<GenerationRequest> session)
    {
        var timer = Stopwatch.StartNew();
        var results = engine.GenerateAllAsync(session).GetAwaiter().GetResult();
        return (results, timer.Elapsed.TotalSeconds);
    }
}
