using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Cli.Demo;
using Mosaic.Hosting;
using Mosaic.Hosting.Pools;
using Mosaic.Scheduling;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Cli.Batch;

/// <summary>
/// The zoo's <c>pool.json</c>, derived from its manifest: what <c>mosaic run</c> and <c>mosaic serve</c> read for a
/// zoo. Written by <c>mosaic zoo train</c> beside the manifest, so a retrained zoo is served with its own calibration
/// accuracies. The pool runs the demo's <c>mosaic-orleans</c> configuration.
/// </summary>
internal static class ZooPoolFile
{
    private static readonly JsonSerializerOptions Format = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="ZooException">The zoo folder or its manifest is missing or invalid.</exception>
    public static string Text(string zooDirectory)
    {
        var manifest = ZooManifest.Load(zooDirectory);
        var grains = ZooPool.Options(zooDirectory);
        var served = DemoRunConfig.All[^1];
        var router = ZooWorkload.DefaultRouter;
        var experts = new JsonObject();
        foreach (var expert in ZooCatalog.Experts)
        {
            experts[expert.Name] = new JsonObject
            {
                ["path"] = expert.Name,
                ["kind"] = EnumNames<Scheduling.ExpertKind>.NameOf(ZooPool.Kind(expert.Kind)),
                ["max_new_tokens"] = expert.MaxNewTokens,
                ["context_tokens"] = ZooPool.ContextTokens(expert.Kind),
            };
        }

        var pool = new JsonObject
        {
            ["model"] = PoolConfigFile.DefaultModel,
            ["experts"] = experts,
            ["aggregator"] = new JsonObject
            {
                ["name"] = ZooCatalog.Aggregator.Name,
                ["path"] = ZooCatalog.Aggregator.Name,
                ["max_new_tokens"] = ZooCatalog.Aggregator.MaxNewTokens,
            },
            ["gate"] = new JsonObject
            {
                ["rule"] = EnumNames<GateRule>.NameOf(served.Gate.Rule),
                ["threshold"] = served.Gate.Threshold,
                ["early_decisions"] = served.Gate.EarlyDecisions,
            },
            ["scheduler"] = EnumNames<SchedulerKind>.NameOf(served.Scheduler),
            ["answer_format"] = AnswerFormatNames.NameOf(ZooPool.AnswerFormat),
            ["overlap_stages"] = served.OverlapStages,
            ["workers"] = DemoOptions.DefaultWorkers,
            ["models_per_worker"] = grains.MaxModelsPerWorker,
            ["calibrate_speed"] = grains.CalibrateSpeed,
            ["router"] = new JsonObject
            {
                ["k"] = router.K,
                ["with_replacement"] = router.WithReplacement,
                ["temperature"] = router.Temperature,
                ["seed"] = router.Seed,
                ["skill_accuracy"] = new JsonObject(manifest.Experts.Select(e => KeyValuePair.Create<string, JsonNode?>(
                    e.Name, new JsonObject(Skills.All.Select(s => KeyValuePair.Create<string, JsonNode?>(s, e.CalibrationAccuracy.GetValueOrDefault(s))))))),
            },
            ["skills"] = new JsonArray(Skills.All.Select(s => (JsonNode)new JsonObject { ["name"] = s, ["pattern"] = Skills.QuestionPatterns[s] }).ToArray()),
        };
        return pool.ToJsonString(Format) + "\n";
    }

    /// <summary>Writes <see cref="Text"/> to the zoo's <c>pool.json</c> (a temporary file renamed over it).</summary>
    public static string Write(string zooDirectory)
    {
        var path = Path.Combine(zooDirectory, PoolConfigFile.ZooFileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Text(zooDirectory));
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
