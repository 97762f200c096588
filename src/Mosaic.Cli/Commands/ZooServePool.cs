using Mosaic.Aggregation.Extraction;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Cli.Commands;

/// <summary>
/// What <c>mosaic serve</c> serves without <c>--config</c>: the shipped zoo on the TorchSharp backend, the MoA model
/// routed by the zoo workload's skill router (calibration accuracies), each question's skill recognised from the
/// zoo's question templates, answers compared as numbers.
/// </summary>
internal static class ZooServePool
{
    /// <exception cref="ZooException">The zoo folder or its manifest is missing or invalid.</exception>
    public static (MosaicGrainsOptions Grains, PoolOptions Pool) Load(string zooDirectory)
    {
        var grains = ZooPool.Options(zooDirectory);
        var manifest = ZooManifest.Load(zooDirectory);
        var router = ZooWorkload.DefaultRouter;
        var pool = new PoolOptions
        {
            Experts = [.. ZooPool.Experts],
            Aggregator = ZooPool.Aggregator,
            AnswerFormat = AnswerFormat.Number,
            Router = new PoolRouterOptions
            {
                SkillAccuracy = manifest.Experts.ToDictionary(
                    e => e.Name, e => e.CalibrationAccuracy.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal), StringComparer.Ordinal),
                SkillPatterns = new Dictionary<string, string>(Skills.QuestionPatterns, StringComparer.Ordinal),
                K = router.K,
                WithReplacement = router.WithReplacement,
                Temperature = router.Temperature,
                Seed = router.Seed,
            },
        };
        return (grains, pool.Validate());
    }
}
