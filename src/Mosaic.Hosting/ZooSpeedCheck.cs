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
/// all at once on engines shaped as the profiler's, and the seconds measured are divided by the seconds their profiles
/// predict for that session. 1 means the machine runs as fast as when it was profiled; 1.3 that the same engine work
/// takes 30% longer now, so a plan priced from those profiles should be realized about 30% later. A shared VM moves
/// by that much from one minute to the next, which is why the demo measures this before every run it reports.
/// </summary>
public sealed class ZooSpeedCheck : IDisposable
{
    public const int SessionCalls = 192;

    private readonly IReadOnlyList<Probe> probes;

    private ZooSpeedCheck(IReadOnlyList<Probe> probes) => this.probes = probes;

    /// <summary>The experts measured, heaviest first.</summary>
    public IReadOnlyList<string> Experts => probes.Select(p => p.Expert).ToArray();

    /// <summary>True when every reasoning expert of the zoo has a measured profile to check against.</summary>
    public static bool CanCheck(string directory) =>
        ZooCatalog.Experts.Where(e => e.Kind == Zoo.ExpertKind.Reasoning).All(e => File.Exists(Path.Combine(directory, e.Name, ZooPool.ProfileFileName)));

    /// <summary>Loads the probe models and their engines and runs one unreported session on each (warm-up).</summary>
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
        var probes = new List<Probe>();
        try
        {
            foreach (var profile in profiles)
            {
                probes.Add(Probe.Load(directory, profile, ZooProfiling.ExpertInputs(profile.Expert, routed), options));
            }

            var check = new ZooSpeedCheck(probes);
            check.Measure();
            return check;
        }
        catch
        {
            probes.ForEach(p => p.Dispose());
            throw;
        }
    }

    /// <summary>One session per probe model, the sessions run at once.</summary>
    public ZooSpeedMeasurement Measure()
    {
        var clock = Stopwatch.StartNew();
        var measured = Task.WhenAll(probes.Select(p => p.RunAsync(clock))).GetAwaiter().GetResult();
        return new ZooSpeedMeasurement(probes.Select((p, i) => new ZooProbeTiming(p.Expert, SessionCalls, measured[i], p.PredictedSeconds)).ToArray());
    }

    public void Dispose()
    {
        foreach (var probe in probes)
        {
            probe.Dispose();
        }
    }

    private static ExpertProfile ProfileOf(string directory, string expert)
    {
        var path = Path.Combine(directory, expert, ZooPool.ProfileFileName);
        return File.Exists(path) ? ZooPool.ReadProfile(path) : throw new ZooException($"{path}: no profile to check the engines' speed against (run mosaic zoo profile)");
    }

    private sealed class Probe : IDisposable
    {
        private readonly LanguageModel model;
        private readonly GenerationEngine engine;
        private readonly GenerationRequest[] session;

        private Probe(string expert, LanguageModel model, GenerationEngine engine, GenerationRequest[] session, double predictedSeconds)
        {
            Expert = expert;
            this.model = model;
            this.engine = engine;
            this.session = session;
            PredictedSeconds = predictedSeconds;
        }

        public string Expert { get; }

        public double PredictedSeconds { get; }

        public static Probe Load(string directory, ExpertProfile profile, IReadOnlyList<string> inputs, ZooProfileOptions options)
        {
            var sweep = ZooProfiling.SweepOptions(profile.Expert, options);
            var model = LanguageModel.Load(Path.Combine(directory, profile.Expert), new ModelLoadOptions { Device = InferenceDevice.Cpu });
            try
            {
                var engine = InferenceProfiler.Engine(model, sweep);
                var session = Enumerable.Range(0, SessionCalls).Select(i => new GenerationRequest(inputs[i % inputs.Count], sweep.MaxNewTokens)).ToArray();
                return new Probe(profile.Expert, model, engine, session, profile.PredictedSessionSeconds(SessionCalls));
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        /// <summary>Seconds from <paramref name="clock"/>'s start until the whole session is answered.</summary>
        public async Task<double> RunAsync(Stopwatch clock)
        {
            await engine.GenerateAllAsync(session).ConfigureAwait(false);
            return clock.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            engine.Dispose();
            model.Dispose();
        }
    }
}
