using TorchSharp;
using Mosaic.Inference.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Generation;

/// <summary>Picks the next token of every row: one batched argmax, plus per-row temperature/top-p sampling.</summary>
internal static class TokenSampler
{
    public static int[] Sample(Tensor logits, IReadOnlyList<SequenceState> rows)
    {
        using var scope = NewDisposeScope();
        var greedy = logits.argmax(-1).cpu().data<long>().ToArray();
        var result = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var request = rows[i].Request;
            result[i] = request.Temperature == 0 ? (int)greedy[i] : SampleRow(logits[i], request.Temperature, request.TopP, rows[i].Generator);
        }

        return result;
    }

    private static int SampleRow(Tensor logits, double temperature, double topP, Generator generator)
    {
        using var scope = NewDisposeScope();
        using var divisor = temperature.ToScalar();
        using var mass = topP.ToScalar();
        var probabilities = logits.div(divisor).softmax(-1);
        if (topP >= 1)
        {
            return (int)probabilities.cpu().multinomial(1, generator: generator).item<long>();
        }

        // Nucleus: keep the most likely tokens whose exclusive cumulative mass is below top_p (at least one).
        var (sorted, order) = probabilities.sort(-1, descending: true);
        var exclusive = sorted.cumsum(-1).sub(sorted);
        var kept = sorted.masked_fill(exclusive.gt(mass), Scalars.Zero).cpu();
        var pick = kept.multinomial(1, generator: generator).item<long>();
        return (int)order.cpu()[pick].item<long>();
    }
}
