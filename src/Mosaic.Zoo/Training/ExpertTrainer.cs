using System.Diagnostics;
using Mosaic.Zoo.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Zoo.Training;

/// <summary>
/// Trains one spec deterministically: seeded initialisation, a seeded example stream in a fixed order, one intra-op
/// thread, AdamW with warm-up and cosine decay, gradient clipping at 1. Loss is taken on response tokens only.
/// </summary>
internal static class ExpertTrainer
{
    private const int IgnoreIndex = -100;
    private const int WarmupSteps = 50;

    public static TrainingRun Train(ExpertSpec spec, ZooDataset data, Action<string>? log = null, int? steps = null, IEnumerable<TrainingExample>? examples = null, CancellationToken cancellationToken = default)
    {
        var total = steps ?? spec.Steps;
        var clock = Stopwatch.StartNew();
        var model = new TrainableDecoder(spec.ToModelConfig(), spec.Seed);
        torch.set_num_threads(1);
        var losses = new List<float>(total);
        using var optimizer = torch.optim.AdamW(model.Parameters, spec.LearningRate, 0.9, 0.98, 1e-8, 0.01);
        var batches = new LengthBuckets(examples ?? ExampleSource.For(spec, data), spec.BatchSize, spec.Seed);
        for (var step = 0; step < total; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = LearningRate(spec.LearningRate, step, total);
            }

            using var scope = torch.NewDisposeScope();
            var batch = batches.Next();
            var (inputs, targets) = Collate(batch);
            optimizer.zero_grad();
            var logits = model.Forward(inputs);
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]), targets.view(-1), ignore_index: IgnoreIndex);
            loss.backward();
            nn.utils.clip_grad_norm_(model.Parameters, 1.0);
            optimizer.step();
            losses.Add(loss.item<float>());
            if (log is not null && (step + 1) % 100 == 0)
            {
                log($"{spec.Name}: step {step + 1}/{total} loss {losses.Skip(Math.Max(0, losses.Count - 100)).Average():F4} ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        return new TrainingRun(spec, model, losses, clock.Elapsed);
    }

    /// <summary>Linear warm-up, then cosine decay to a tenth of the peak.</summary>
    internal static double LearningRate(double peak, int step, int total)
    {
        if (step < WarmupSteps)
        {
            return peak * (step + 1) / WarmupSteps;
        }

        var progress = (double)(step - WarmupSteps) / Math.Max(1, total - WarmupSteps);
        return peak * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>Right-pads with EOS; targets are the next tokens, ignored over the prompt and the padding.</summary>
    internal static (Tensor Inputs, Tensor Targets) Collate(IReadOnlyList<TrainingExample> batch)
    {
        var length = batch.Max(e => e.Prompt.Length + e.Response.Length) - 1;
        var inputs = new long[batch.Count * length];
        var targets = new long[batch.Count * length];
        Array.Fill(targets, IgnoreIndex);
        for (var b = 0; b < batch.Count; b++)
        {
            var sequence = batch[b].Prompt.Concat(batch[b].Response).ToArray();
            for (var t = 0; t < length; t++)
            {
                inputs[b * length + t] = t < sequence.Length ? sequence[t] : ZooVocabulary.EosId;
                if (t + 1 < sequence.Length && t + 1 >= batch[b].Prompt.Length)
                {
                    targets[b * length + t] = sequence[t + 1];
                }
            }
        }

        return (torch.tensor(inputs, [batch.Count, length]), torch.tensor(targets, [batch.Count, length]));
    }
}
