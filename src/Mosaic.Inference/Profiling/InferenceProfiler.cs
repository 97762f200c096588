using System.Diagnostics;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Measures what the scheduler's cost model needs: model load time, then greedy generation of the calibration
/// prompts at each batch size (continuous batching, the way a worker session runs), and a single-stream run.
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

    public static ProfileMeasurements Profile(LanguageModel model, double loadSeconds, IReadOnlyList<string> prompts, ProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        options ??= new ProfileOptions();
        if (prompts.Count == 0)
        {
            throw new ArgumentException("the calibration set has no prompts", nameof(prompts));
        }

        if (options.BatchSizes.Count == 0 || options.BatchSizes.Any(b => b < 1) || options.MaxNewTokens < 1)
        {
            throw new ArgumentException("batch sizes and max new tokens must be positive", nameof(options));
        }

        var requests = prompts.Select(p => new GenerationRequest(options.RawPrompts ? p : model.Prompt.Format([new ChatMessage("user", p)]), options.MaxNewTokens)).ToArray();

        // Warm-up (first-call latency), then the calibration pass over the whole set for output-length statistics.
        _ = model.Generate(requests[0] with { MaxNewTokens = Math.Min(4, options.MaxNewTokens) });
        var calibration = model.Generate(requests, options.BatchSizes.Max());
        var batches = new List<BatchMeasurement>();
        foreach (var size in options.BatchSizes)
        {
            var run = Enumerable.Range(0, size).Select(i => requests[i % requests.Length]).ToArray();
            var timer = Stopwatch.StartNew();
            var results = model.Generate(run, size);
            var seconds = timer.Elapsed.TotalSeconds;
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
}
