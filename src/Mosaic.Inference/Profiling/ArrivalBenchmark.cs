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
    public static ArrivalComparison Compare(
        LanguageModel model, string name, IReadOnlyList<GenerationRequest> requests, int batch, double intervalMs, int repeats, TextWriter? progress)
    {
        var newTokens = requests.Max(r => r.MaxNewTokens);
        var (allRate, allPasses) = Best(model, requests, batch, 0, repeats);
        progress?.WriteLine($"{name} batch={batch} all at once: {allRate:0.0} tok/s");
        var (staggeredRate, staggeredPasses) = Best(model, requests, batch, intervalMs, repeats);
        progress?.WriteLine($"{name} batch={batch} one every {intervalMs} ms: {staggeredRate:0.0} tok/s");
        return new ArrivalComparison(
            name, batch, requests.Count, newTokens, intervalMs, Math.Round(allRate, 1), Math.Round(staggeredRate, 1),
            allRate > 0 ? Math.Round(staggeredRate / allRate, 3) : 0, allPasses, staggeredPasses);
    }

    private static (double TokensPerSecond, long ForwardPasses) Best(
        LanguageModel model, IReadOnlyList<GenerationRequest> requests, int batch, double intervalMs, int repeats)
    {
        var best = (TokensPerSecond: 0.0, ForwardPasses: 0L);
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var run = Run(model, requests, batch, intervalMs);
            if (run.TokensPerSecond > best.TokensPerSecond)
            {
                best = run;
            }
        }

        return best;
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

    /// <summary>Sleeps through most of the wait and yields through the last millisecond (Thread.Sleep is ~1 ms coarse).</summary>
    private static void WaitUntil(Stopwatch clock, double targetMs)
    {
        while (true)
        {
            var remaining = targetMs - clock.Elapsed.TotalMilliseconds;
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > 1.5)
            {
                Thread.Sleep((int)(remaining - 1));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
