using Mosaic.Inference;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Zoo.Tests;

public sealed class ShippedZooTests
{
    private static readonly string Directory_ = ZooPaths.DefaultDirectory(AppContext.BaseDirectory);

    [Fact]
    public void Manifest_DescribesSixExpertsAndAnAggregatorWithStrengthsAndWeaknesses()
    {
        var manifest = ZooManifest.Load(Directory_);

        Assert.Equal(ZooCatalog.Experts.Select(e => e.Name), manifest.Experts.Select(e => e.Name));
        Assert.Equal(ZooCatalog.Aggregator.Name, manifest.Aggregator.Name);
        foreach (var expert in manifest.Experts)
        {
            // docs/zoo.md: ≥ 90% on every skill it was trained on, ≤ 60% on every other.
            Assert.NotEmpty(expert.TrainedSkills);
            Assert.All(expert.Accuracy, a => Assert.True(
                expert.TrainedSkills.Contains(a.Key) ? a.Value >= 0.9 : a.Value <= 0.6, $"{expert.Name} {a.Key}: {a.Value:P1}"));
            Assert.InRange(expert.Params, 50_000, 800_000);
        }

        Assert.True(manifest.Experts.Select(e => e.Params).Distinct().Count() >= 3, "experts should differ in size");
        var instruction = manifest.Experts.Where(e => e.Kind == "instruction").Average(e => e.MeanOutputTokens);
        var reasoning = manifest.Experts.Where(e => e.Kind == "reasoning").Average(e => e.MeanOutputTokens);
        Assert.Equal(8.5, Math.Round(reasoning / instruction, 1)); // docs/zoo.md: 117.6 vs 13.9 tokens, 8.5×
    }

    [Fact]
    public void Zoo_IsUnderFourAndAHalfMegabytes()
    {
        var bytes = new DirectoryInfo(Directory_).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        Assert.InRange(bytes, 4_000_000, 4_500_000); // README and docs/zoo.md: 4.3 MB
    }

    // Batched greedy decoding of these models is fast (the whole test split takes seconds), so the test re-measures
    // exactly what the manifest records. The aggregator's synthetic candidates are drawn in test-split order, so a
    // subset would not see the same candidates.
    [Fact]
    public void Eval_ReproducesTheManifestWithinTwoPoints()
    {
        TorchRuntime.Threads = 1;
        var manifest = ZooManifest.Load(Directory_);
        foreach (var entry in manifest.All)
        {
            var spec = ZooCatalog.Find(entry.Name);
            using var model = LanguageModel.Load(Path.Combine(Directory_, entry.Name), new ModelLoadOptions { Device = InferenceDevice.Cpu });
            var measured = ZooBuilder.Evaluate(spec, model, ZooDataset.Default.Test);
            foreach (var (skill, expected) in entry.Accuracy)
            {
                Assert.True(Math.Abs(measured.Accuracy[skill] - expected) <= 0.02,
                    $"{entry.Name} on {skill}: manifest {expected:P1}, measured {measured.Accuracy[skill]:P1}");
            }

            Assert.InRange(measured.MeanOutputTokens, entry.MeanOutputTokens * 0.95, entry.MeanOutputTokens * 1.05);
        }
    }
}
