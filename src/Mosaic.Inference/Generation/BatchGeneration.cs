using TorchSharp;

namespace Mosaic.Inference.Generation;

/// <summary>The synchronous batch API: continuous batching of a fixed list of requests on the calling thread.</summary>
internal static class BatchGeneration
{
    public static IReadOnlyList<GenerationResult> Run(LanguageModel model, IReadOnlyList<GenerationRequest> requests, int maxBatchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        if (requests.Count == 0)
        {
            return [];
        }

        var limits = new GenerationEngineOptions { MaxBatchSize = Math.Min(maxBatchSize, requests.Count) }.Resolve(model.Config);
        var sequences = new List<SequenceState>(requests.Count);
        try
        {
            foreach (var request in requests)
            {
                request.Validate();
                var prompt = model.EncodePrompt(request);
                limits.CheckFits(prompt.Length, request.MaxNewTokens);
                sequences.Add(new SequenceState(model, request, prompt, cancellationToken));
            }

            TorchRuntime.ApplyThreadSettings();
            using var mode = torch.inference_mode();
            using var batcher = new ContinuousBatcher(model, limits);
            var waiting = sequences.ToList();
            while (waiting.Count > 0 || batcher.ActiveCount > 0)
            {
                foreach (var cancelled in waiting.Where(s => s.Cancellation.IsCancellationRequested).ToList())
                {
                    cancelled.Cancel();
                    waiting.Remove(cancelled);
                }

                batcher.Admit(waiting);
                batcher.Step();
                batcher.ObserveCancellation();
                batcher.RemoveFinished();
            }

            return sequences.Select(s => s.ToResult()).ToArray();
        }
        finally
        {
            foreach (var sequence in sequences)
            {
                sequence.Dispose();
            }
        }
    }
}
