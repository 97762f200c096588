using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Hosting;
using Mosaic.Routing;
using Mosaic.Scheduling.Profiling;
using Mosaic.Zoo;
using Mosaic.Zoo.Workload;

namespace Mosaic.Hosting;

/// <summary>
/// The shipped demo zoo as a serving pool: every model of <c>models/zoo</c> with its folder, kind, generation limit
/// and measured CPU profile (<c>profile.json</c> beside the weights, written by <c>mosaic profile</c>), on the
/// TorchSharp backend; the router the zoo's workload uses; and its questions as jobs (numeric answers).
/// </summary>
public static class ZooPool
{
    public const string ProfileFileName = "profile.json";

    /// <summary>Where a zoo model's measured profile lives: beside its weights.</summary>
    public static string ProfilePath(string zooDirectory, string name) => Path.Combine(zooDirectory, name, ProfileFileName);

    public static string Aggregator => ZooCatalog.Aggregator.Name;

    public static IReadOnlyList<string> Experts => ZooCatalog.Experts.Select(e => e.Name).ToArray();

    /// <exception cref="ZooException">The zoo folder or its manifest is missing or invalid.</exception>
    public static MosaicGrainsOptions Options(string zooDirectory)
    {
        var manifest = ZooManifest.Load(zooDirectory);
        return new MosaicGrainsOptions
        {
            Backend = BackendKind.TorchSharp,
            Device = "cpu",
            MaxModelsPerWorker = 4,
            PlanTimeLimitMs = 2000,
            CalibrateSpeed = true,
            Experts = manifest.All.ToDictionary(entry => entry.Name, entry => Expert(zooDirectory, entry), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Context tokens of each zoo model's engine (its KV cache per row): zoo questions are under 100 characters and
    /// answers at most 32 (instruction) or 320 (reasoning) tokens, so 256 and 512 hold any of them with room to spare;
    /// the aggregator reads three responses and keeps its full 1,024 positions (null). A cache no larger than needed is
    /// allocated and touched in a fraction of the time.
    /// </summary>
    public static int? ContextTokens(Zoo.ExpertKind kind) => kind switch
    {
        Zoo.ExpertKind.Instruction => 256,
        Zoo.ExpertKind.Reasoning => 512,
        _ => null,
    };

    /// <summary>The planner's kind of a zoo model.</summary>
    public static Scheduling.ExpertKind Kind(Zoo.ExpertKind kind) =>
        kind == Zoo.ExpertKind.Reasoning ? Scheduling.ExpertKind.Reasoning : Scheduling.ExpertKind.Instruct;

    /// <summary>Zoo answers are numbers.</summary>
    public static AnswerFormat AnswerFormat => AnswerFormat.Number;

    /// <summary>The skill router of the zoo's workload: calibration accuracies, k = 3 with replacement, temperature 0.75.</summary>
    public static RouterSpec Router(string zooDirectory, int seed = 2026)
    {
        var manifest = ZooManifest.Load(zooDirectory);
        var options = ZooWorkload.DefaultRouter;
        return new RouterSpec(
            manifest.Experts.ToDictionary(e => e.Name, e => (IReadOnlyDictionary<string, double>)e.CalibrationAccuracy.ToDictionary(), StringComparer.Ordinal),
            options.K, options.WithReplacement, options.Temperature, seed);
    }

    /// <summary>
    /// Routed zoo questions as a job on the zoo's pool, answers compared as numbers. <paramref name="router"/>, when
    /// given, is the one that routed them (<see cref="Router"/>): the plan then forecasts the early decisions from its accuracies.
    /// </summary>
    public static JobSpec Job(
        IReadOnlyList<RoutedQuestion> routed, GateSpec gate, SchedulerKind scheduler = SchedulerKind.Mosaic, bool overlapStages = true, bool shareRepeatedCalls = false,
        RouterSpec? router = null) => new(
        routed.Select(q => new QuestionSpec(q.Id, q.Text, q.Experts, q.Skill, AnswerExtractor.Extract(q.GoldAnswer, AnswerFormat) ?? q.GoldAnswer)).ToArray(),
        Experts, Aggregator, gate, scheduler, AnswerFormat, OverlapStages: overlapStages, Router: router, ShareRepeatedCalls: shareRepeatedCalls);

    private static ExpertOptions Expert(string zooDirectory, ManifestEntry entry)
    {
        var spec = ZooCatalog.Find(entry.Name);
        var folder = Path.Combine(zooDirectory, entry.Name);
        var profilePath = ProfilePath(zooDirectory, entry.Name);
        var profiled = File.Exists(profilePath);
        if (profiled)
        {
            ReadProfile(profilePath); // an unreadable profile is a start-up error, not a failed plan mid-job
        }

        return new ExpertOptions
        {
            Kind = Kind(spec.Kind),
            ModelPath = folder,
            MaxNewTokens = spec.MaxNewTokens,
            ContextTokens = ContextTokens(spec.Kind),
            ProfilePath = profiled ? profilePath : null,

            // The planner and the aggregator's balancer price a profiled model from its profile alone; these price a
            // model without one: a rough CPU figure of one millisecond per generated token.
            MeanOutputTokens = Math.Max(1, entry.MeanOutputTokens),
            LoadSeconds = 0.05,
            PerPromptSeconds = Math.Max(1, entry.MeanOutputTokens) * 0.001,
        };
    }

    /// <exception cref="ZooException">The profile is unreadable; the message names the file.</exception>
    internal static ExpertProfile ReadProfile(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ExpertProfile>(File.ReadAllText(path)) ?? throw new JsonException("the file is empty");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ZooException($"{path}: cannot read the profile ({e.Message})");
        }
    }
}
