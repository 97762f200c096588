using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Training;
using TorchSharp;

namespace Mosaic.Zoo.Tests;

public sealed class TrainerTests
{
    private static readonly ExpertSpec Tiny =
        new("tiny", ExpertKind.Instruction, 32, 2, 2, 64, [Skills.Maximum, Skills.Counting], 40, 8, 1e-2, 99);

    public TrainerTests()
    {
        TorchRuntime.Threads = 1;
    }

    [Fact]
    public void Train_AFewStepsLowerTheLoss()
    {
        var run = ExpertTrainer.Train(Tiny, ZooDataset.Default);
        using var model = run.Model;

        Assert.Equal(Tiny.Steps, run.Losses.Count);
        Assert.True(run.Losses.Skip(35).Average() < 0.5 * run.Losses.Take(5).Average(),
            $"loss went from {run.Losses.Take(5).Average():F3} to {run.Losses.Skip(35).Average():F3}");
    }

    [Fact]
    public void Train_SameSeedTwice_GivesIdenticalWeights()
    {
        var first = ExpertTrainer.Train(Tiny, ZooDataset.Default, steps: 6);
        var second = ExpertTrainer.Train(Tiny, ZooDataset.Default, steps: 6);
        var other = ExpertTrainer.Train(Tiny with { Seed = 100 }, ZooDataset.Default, steps: 6);
        using (first.Model)
        using (second.Model)
        using (other.Model)
        {
            Assert.Equal(first.Losses, second.Losses);
            for (var i = 0; i < first.Model.NamedParameters.Count; i++)
            {
                var (name, a) = first.Model.NamedParameters[i];
                var b = second.Model.NamedParameters[i].Parameter;
                Assert.True(a.data<float>().ToArray().SequenceEqual(b.data<float>().ToArray()), $"{name} differs between two runs with the same seed");
            }

            Assert.False(first.Model.NamedParameters[0].Parameter.data<float>().ToArray()
                .SequenceEqual(other.Model.NamedParameters[0].Parameter.data<float>().ToArray()));
        }
    }

    [Fact]
    public void SavedModel_GeneratesWhatTheTrainingModelPredicts()
    {
        var run = ExpertTrainer.Train(Tiny, ZooDataset.Default, steps: 20);
        var directory = Path.Combine(Path.GetTempPath(), $"zoo-parity-{Guid.NewGuid():N}");
        try
        {
            CheckpointWriter.Save(run.Model, directory, ZooPrompts.ExpertFormat);
            using var loaded = LanguageModel.Load(directory, new ModelLoadOptions { Device = InferenceDevice.Cpu });
            var tokenizer = ZooVocabulary.Create();
            string[] prompts = ["What is the largest of 3, 50, 7?\n", "How many a in abca?\n"];
            var generated = loaded.Generate(prompts.Select(p => new GenerationRequest(p, 12) { IgnoreEos = true }).ToArray());
            for (var i = 0; i < prompts.Length; i++)
            {
                var ids = tokenizer.Encode(prompts[i]).Select(t => (long)t).ToList();
                using (torch.no_grad())
                {
                    for (var step = 0; step < 12; step++)
                    {
                        using var scope = torch.NewDisposeScope();
                        var logits = run.Model.Forward(torch.tensor(ids.ToArray(), [1, ids.Count]));
                        ids.Add(logits[0, -1].argmax().item<long>());
                    }
                }

                Assert.Equal(ids.Skip(ids.Count - 12).Select(t => (int)t), generated[i].TokenIds);
            }
        }
        finally
        {
            run.Model.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
