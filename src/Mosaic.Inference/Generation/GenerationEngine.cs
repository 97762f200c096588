using System.Collections.Concurrent;
using TorchSharp;

namespace Mosaic.Inference.Generation;

/// <summary>
/// A request queue served by continuous batching on a dedicated thread: waiting requests join as soon as a row and
/// their KV reservation are free, every step decodes all running sequences and prefills joiners in one forward
/// pass, and finished or cancelled ones leave at once. All torch work (and its thread-local inference mode and
/// dispose scopes) stays on that thread; callers only enqueue and await. Several engines may share one
/// <see cref="LanguageModel"/>.
/// </summary>
public sealed class GenerationEngine : IDisposable
{
    private readonly LanguageModel model;
    private readonly BatchLimits limits;
    private readonly ConcurrentQueue<SequenceState> incoming = new();
    private readonly AutoResetEvent wake = new(false);
    private readonly Thread thread;
    private volatile bool stopping;
    private int activeCount;
    private int queuedCount;
    private long forwardPasses;
    private long peakKvTokens;
    private long heldKvTokens;
    private Exception? fault;

    public GenerationEngine(LanguageModel model, GenerationEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        limits = (options ?? new GenerationEngineOptions()).Resolve(model.Config);
        thread = new Thread(Run) { IsBackground = true, Name = "mosaic-generation" };
        thread.Start();
    }

    public int MaxBatchSize => limits.MaxRows;

    /// <summary>
    /// Prompt plus generated tokens one sequence may hold (from the options, else the model's
    /// max_position_embeddings). Callers trim prompts to <c>ContextLength − MaxNewTokens</c>; longer requests are rejected.
    /// </summary>
    public int ContextLength => limits.ContextLength;

    /// <summary>KV cache tokens all running sequences may reserve together (whole blocks).</summary>
    public long KvBudgetTokens => limits.BudgetTokens;

    /// <summary>Sequences holding a cache row right now.</summary>
    public int ActiveCount => Volatile.Read(ref activeCount);

    /// <summary>Requests submitted but not yet admitted.</summary>
    public int QueuedCount => Volatile.Read(ref queuedCount);

    internal long ForwardPasses => Interlocked.Read(ref forwardPasses);

    /// <summary>Most KV tokens the cache has held at once (it grows on demand and is released when idle).</summary>
    internal long PeakKvTokens => Interlocked.Read(ref peakKvTokens);

    /// <summary>KV tokens the cache holds now; 0 while the engine is idle.</summary>
    internal long HeldKvTokens => Interlocked.Read(ref heldKvTokens);

    /// <summary>
    /// Enqueues a request. The task completes with the result, or is cancelled when
    /// <paramref name="cancellationToken"/> fires (the request then leaves its row within one decode step).
    /// </summary>
    public Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(stopping, this);
        if (fault is not null)
        {
            return Task.FromException<GenerationResult>(new InvalidOperationException($"the generation engine has failed: {fault.GetType().Name}: {fault.Message}", fault));
        }

        request.Validate();
        var prompt = model.EncodePrompt(request);
        limits.CheckFits(prompt.Length, request.MaxNewTokens);

        var sequence = new SequenceState(model, request, prompt, cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(Wake);
            sequence.Completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        Interlocked.Increment(ref queuedCount);
        incoming.Enqueue(sequence);
        Wake();
        return sequence.Completion.Task;
    }

    private void Wake()
    {
        try
        {
            wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // A cancellation after Dispose: nothing is left to wake.
        }
    }

    /// <summary>
    /// Generates one token from a one-token prompt and waits for it, so libtorch's first-call costs (kernel selection,
    /// allocator growth) are paid by whoever loads the model (hundreds of milliseconds on a busy machine), not by the
    /// first session that runs on it.
    /// </summary>
    public void WarmUp() =>
        GenerateAsync(new GenerationRequest { PromptTokenIds = [model.Config.BosTokenId ?? 0], MaxNewTokens = 1, IgnoreEos = true }).GetAwaiter().GetResult();

    /// <summary>Convenience for the synchronous batch style: submits all and awaits all.</summary>
    public Task<GenerationResult[]> GenerateAllAsync(IEnumerable<GenerationRequest> requests, CancellationToken cancellationToken = default) =>
        Task.WhenAll(requests.Select(r => GenerateAsync(r, cancellationToken)));

    private void Run()
    {
        var waiting = new List<SequenceState>();
        ContinuousBatcher? batcher = null;
        try
        {
            TorchRuntime.ApplyThreadSettings();
            using var mode = torch.inference_mode();
            batcher = new ContinuousBatcher(model, limits);
            while (!stopping)
            {
                while (incoming.TryDequeue(out var next))
                {
                    waiting.Add(next);
                }

                foreach (var cancelled in waiting.Where(s => s.Cancellation.IsCancellationRequested).ToList())
                {
                    waiting.Remove(cancelled);
                    Interlocked.Decrement(ref queuedCount);
                    Complete(cancelled);
                }

                if (batcher.ActiveCount == 0 && waiting.Count == 0)
                {
                    batcher.ReleaseIdleMemory();
                    Interlocked.Exchange(ref heldKvTokens, batcher.HeldKvTokens);
                    wake.WaitOne();
                    continue;
                }

                Interlocked.Add(ref queuedCount, -batcher.Admit(waiting));
                batcher.Step();
                Interlocked.Exchange(ref forwardPasses, batcher.ForwardPasses);
                Interlocked.Exchange(ref peakKvTokens, batcher.PeakKvTokens);
                Interlocked.Exchange(ref heldKvTokens, batcher.HeldKvTokens);
                batcher.ObserveCancellation();
                var finished = batcher.RemoveFinished();
                Volatile.Write(ref activeCount, batcher.ActiveCount);
                CompleteAll(finished);
            }

            CompleteAll(batcher.RemoveAll());
        }
        catch (Exception e)
        {
            fault = e;
        }
        finally
        {
            while (incoming.TryDequeue(out var next))
            {
                waiting.Add(next);
            }

            // After a fault, running sequences fail too instead of waiting forever.
            foreach (var sequence in waiting.Concat(batcher?.RemoveAll() ?? []))
            {
                Fail(sequence);
            }

            batcher?.Dispose();
            Volatile.Write(ref activeCount, 0);
            Volatile.Write(ref queuedCount, 0);
        }
    }

    private void CompleteAll(IEnumerable<SequenceState> finished)
    {
        foreach (var sequence in finished)
        {
            Complete(sequence);
        }
    }

    private void Complete(SequenceState sequence)
    {
        if (sequence.Cancellation.IsCancellationRequested && sequence.Finish is null or FinishReason.Cancelled)
        {
            sequence.Completion.TrySetCanceled(sequence.Cancellation);
        }
        else if (sequence.Finish is null)
        {
            Fail(sequence);
        }
        else
        {
            sequence.Completion.TrySetResult(sequence.ToResult());
        }

        sequence.Dispose();
    }

    private void Fail(SequenceState sequence)
    {
        sequence.Completion.TrySetException(fault is null
            ? new ObjectDisposedException(nameof(GenerationEngine), "the generation engine stopped before the request finished")
            : new InvalidOperationException($"the generation engine has failed: {fault.GetType().Name}: {fault.Message}", fault));
        sequence.Dispose();
    }

    /// <summary>Stops the loop; requests still queued or running fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (stopping)
        {
            return;
        }

        stopping = true;
        wake.Set();
        thread.Join();
        wake.Dispose();
    }
}
