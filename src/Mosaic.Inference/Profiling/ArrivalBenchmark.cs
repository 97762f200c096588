using System.Diagnostics;
using Mosaic.Inference.Generation;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// Measures a <see cref="GenerationEngine"/> fed all at once versus one request every few milliseconds. With enough
/// requests that the engine stays saturated, continuous batching should keep the staggered rate close to the
/// all-at-once rate: joiners enter the running batch instead of waiting for it to drain.
/// </summary>
internal static class ArrivalBenchmark
{
    /// <summary>Runs the two modes alternately (so machine load drifts hit both alike) and keeps the best run of each.</summary>
    public static ArrivalComparison Compare(
        LanguageModel model, string name, IReadOnlyList<GenerationRequest> requests, int batch, double intervalMs, int repeats, TextWriter? progress)
    {
        var newTokens = requests.Max(r => r.MaxNewTokens);
        var all = (TokensPerSecond: 0.0, ForwardPasses: 0L);
        var staggered = (TokensPerSecond: 0.0, ForwardPasses: 0L);
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var a = Run(model, requests, batch, 0);
            all = a.TokensPerSecond > all.TokensPerSecond ? a : all;
            var s = Run(model, requests, batch, intervalMs);
            staggered = s.TokensPerSecond > staggered.TokensPerSecond ? s : staggered;
            progress?.WriteLine($"{name} batch={batch}: all at once {a.TokensPerSecond:0.0} tok/s ({a.ForwardPasses} passes), one every {intervalMs} ms {s.TokensPerSecond:0.0} tok/s ({s.ForwardPasses} passes)");
        }

        return new ArrivalComparison(
            name, batch, requests.Count, newTokens, intervalMs, Math.Round(all.TokensPerSecond, 1), Math.Round(staggered.TokensPerSecond, 1),
            all.TokensPerSecond > 0 ? Math.Round(staggered.TokensPerSecond / all.TokensPerSecond, 3) : 0, all.ForwardPasses, staggered.ForwardPasses);
    }

    private static (double TokensPerSecond, long ForwardPasses) Run(LanguageModel model, IReadOnlyList<GenerationRequest> requests, int batch, double intervalMs)
    {
        using var engine = new GenerationEngine(model, new GenerationEngineOptions { MaxBatchSize = batch });
        engine.GenerateAsync(requests[0] with { MaxNewTokens = 2 }).GetAwaiter().GetResult();
        var passesBefore = engine.ForwardPasses;
        var tasks = new Task<GenerationResult>[requests.Count];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests.Count; i++)
        {
            WaitUntil(clock, i * intervalMs);
            tasks[i] = engine.GenerateAsync(requests[i]);
        }

        var results = Task.WhenAll(tasks).GetAwaiter().GetResult();
        var seconds = clock.Elapsed.TotalSeconds;
        return (results.Sum(r => r.OutputTokens) / seconds, engine.ForwardPasses - passesBefore);
    }

    /// <summary>
    /// Sleeps in 1 ms steps until the absolute target: submissions jitter by up to a millisecond but keep the mean
    /// rate, and the submitting thread never spins against the engine for the machine's two cores.
    /// </summary>
    private static void WaitUntil(Stopwatch clock, double targetMs)
    {
        while (clock.Elapsed.TotalMilliseconds < targetMs)
        {
            Thread.Sleep(1);
        }
    }
}
