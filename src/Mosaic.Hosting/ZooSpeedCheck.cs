using System.Diagnostics;
using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Profiling;
using Mosaic.Scheduling.Profiling;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Hosting;

/// <summary>
/// How fast this machine runs the engines now, against the zoo's shipped profiles: the heaviest reasoning experts
/// (one per worker of <see cref="ZooProfileOptions.Parallel"/>) each run one session of their routed calibration calls,
/// all at once, each on a freshly loaded model and an engine shaped as the profiler's (so, as the profiler and a
/// worker's session run), and the seconds measured are divided by the seconds their profiles predict for that session.
/// 1 means the machine runs as fast as when it was profiled; 1.3 that the same engine work takes 30% longer now, so a
/// plan priced from those profiles should be realized about 30% later. A shared VM moves by that much from one minute
/// to the next, which is why the demo measures this before every run it reports.
/// </summary>
public sealed class ZooSpeedCheck
{
    public const int SessionCalls = 192;

    private readonly IReadOnlyList<Probe> probes;

    private ZooSpeedCheck(IReadOnlyList<Probe> probes) => this.probes = probes;

    /// <summary>The experts measured, heaviest first.</summary>
    public IReadOnlyList<string> Experts => probes.Select(p => p.Expert).ToArray();

    /// <summary>True when every reasoning expert of the zoo has a measured profile to check against.</summary>
    public static bool CanCheck(string directory) =>
        ZooCatalog.Experts.Where(e => e.Kind == Zoo.ExpertKind.Reasoning).All(e => File.Exists(ZooPool.ProfilePath(directory, e.Name)));

    /// <summary>Reads the profiles and picks the probes; models are loaded by each <see cref="Measure"/>.</summary>
    /// <exception cref="ZooException">The zoo or a reasoning expert's profile is missing or unreadable; the message names the file.</exception>
    public static ZooSpeedCheck Load(string directory, ZooProfileOptions? options = null)
    {
        options ??= new ZooProfileOptions();
        var manifest = ZooManifest.Load(directory);
        TorchRuntime.Threads ??= options.ThreadsPerModel;
        var profiles = ZooCatalog.Experts
            .Where(e => e.Kind == Zoo.ExpertKind.Reasoning)
            .Select(e => ProfileOf(directory, e.Name))
            .OrderByDescending(p => p.PredictedSessionSeconds(SessionCalls))
            .Take(options.Parallel)
            .ToArray();
        var routed = ZooWorkload.Route(manifest, ZooDataset.Default.Calibration, ZooWorkload.DefaultRouter);
        return new ZooSpeedCheck(profiles.Select(p => Probe.For(directory, p, ZooProfiling.ExpertInputs(p.Expert, routed), options)).ToArray());
    }

    /// <summary>One session per probe model, the sessions run at once, each on a model and engine loaded for it (untimed).</summary>
    public ZooSpeedMeasurement Measure()
    {
        var loaded = new List<FreshEngine>();
        try
        {
            foreach (var probe in probes)
            {
                loaded.Add(FreshEngine.Load(probe.LoadModel, probe.Sweep));
            }

            var clock = Stopwatch.StartNew();
            var measured = Task.WhenAll(probes.Select((p, i) => RunAsync(loaded[i].Engine, p.Session, clock))).GetAwaiter().GetResult();
            return new ZooSpeedMeasurement(probes.Select((p, i) => new ZooProbeTiming(p.Expert, SessionCalls, measured[i], p.PredictedSeconds)).ToArray());
        }
        finally
        {
            foreach (var fresh in loaded)
            {
                fresh.Dispose();
            }
        }
    }

    /// <summary>Seconds from <paramref name="clock"/>'s start until the whole session is answered.</summary>
    private static async Task<double> RunAsync(GenerationEngine engine, IReadOnlyList<GenerationRequest> session, Stopwatch clock)
    {
        await engine.GenerateAllAsync(session).ConfigureAwait(false);
        return clock.Elapsed.TotalSeconds;
    }

    private static ExpertProfile ProfileOf(string directory, string expert)
    {
        var path = ZooPool.ProfilePath(directory, expert);
        return File.Exists(path) ? ZooPool.ReadProfile(path) : throw new ZooException($"{path}: no profile to check the engines' speed against (run mosaic zoo profile)");
    }

    private sealed record Probe(string Expert, string ZooDirectory, ProfileOptions Sweep, GenerationRequest[] Session, double PredictedSeconds)
    {
        public static Probe For(string directory, ExpertProfile profile, IReadOnlyList<string> inputs, ZooProfileOptions options)
        {
            var sweep = ZooProfiling.SweepOptions(profile.Expert, options);
            var session = Enumerable.Range(0, SessionCalls).Select(i => new GenerationRequest(inputs[i % inputs.Count], sweep.MaxNewTokens)).ToArray();
            return new Probe(profile.Expert, directory, sweep, session, profile.PredictedSessionSeconds(SessionCalls));
        }

        public LanguageModel LoadModel() => ZooModel.Load(ZooDirectory, Expert);
    }
}
