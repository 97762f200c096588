using Mosaic.Inference.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference.Generation;

/// <summary>
/// The mechanism of continuous batching on one KV cache: sequences join (a batched, right-padded prefill into
/// free rows), all active rows decode one token per step, finished or cancelled rows leave and the last row moves
/// into the gap so the active rows stay 0..n-1. Single-threaded: the owner calls it from one thread, inside
/// inference mode; every step opens its own dispose scope.
/// </summary>
internal sealed class ContinuousBatcher : IDisposable
{
    private readonly LanguageModel model;
    private readonly KvCache cache;
    private readonly List<SequenceState> active = [];

    public ContinuousBatcher(LanguageModel model, int slots, int capacity)
    {
        this.model = model;
        Slots = slots;
        Capacity = capacity;
        cache = new KvCache(model.Config, slots, capacity, model.Network.DType, model.Network.Device);
    }

    public int Slots { get; }

    public int Capacity { get; }

    public int ActiveCount => active.Count;

    public int FreeSlots => Slots - active.Count;

    /// <summary>Prefills <paramref name="joiners"/> together and samples each one's first token.</summary>
    public void Admit(IReadOnlyList<SequenceState> joiners)
    {
        if (joiners.Count == 0)
        {
            return;
        }

        if (joiners.Count > FreeSlots)
        {
            throw new InvalidOperationException($"{joiners.Count} sequences cannot join {FreeSlots} free slots");
        }

        var start = active.Count;
        var longest = joiners.Max(j => j.PromptIds.Length);
        var ids = new long[joiners.Count * longest];
        var positions = new long[joiners.Count, longest];
        var last = new long[joiners.Count];
        for (var row = 0; row < joiners.Count; row++)
        {
            var prompt = joiners[row].PromptIds;
            for (var t = 0; t < longest; t++)
            {
                ids[row * longest + t] = t < prompt.Length ? prompt[t] : 0;
                positions[row, t] = t;
            }

            last[row] = prompt.Length - 1;
        }

        int[] tokens;
        using (var scope = NewDisposeScope())
        {
            var network = model.Network;
            var batch = ForwardBatch.Create(model.Config, network.Rope, cache, start, positions, network.DType, network.Device);
            var input = torch.tensor(ids, [joiners.Count, longest], device: network.Device);
            var logits = network.LastLogits(input, batch, last);
            tokens = TokenSampler.Sample(logits, joiners);
        }

        for (var row = 0; row < joiners.Count; row++)
        {
            var sequence = joiners[row];
            sequence.MarkAdmitted();
            sequence.CacheLength = sequence.PromptIds.Length;
            active.Add(sequence);
            sequence.Append(tokens[row], Capacity);
        }
    }

    /// <summary>Feeds every active row's newest token and samples the next one.</summary>
    public void Step()
    {
        var rows = active.Where(s => s.Finish is null).ToList();
        if (rows.Count != active.Count)
        {
            throw new InvalidOperationException("finished sequences must be removed before the next step");
        }

        if (rows.Count == 0)
        {
            return;
        }

        var ids = new long[rows.Count];
        var positions = new long[rows.Count, 1];
        for (var row = 0; row < rows.Count; row++)
        {
            ids[row] = rows[row].LastToken;
            positions[row, 0] = rows[row].CacheLength;
        }

        int[] tokens;
        using (var scope = NewDisposeScope())
        {
            var network = model.Network;
            var batch = ForwardBatch.Create(model.Config, network.Rope, cache, 0, positions, network.DType, network.Device);
            var input = torch.tensor(ids, [rows.Count, 1], device: network.Device);
            var logits = network.LastLogits(input, batch, new long[rows.Count]);
            tokens = TokenSampler.Sample(logits, rows);
        }

        for (var row = 0; row < rows.Count; row++)
        {
            rows[row].CacheLength++;
            rows[row].Append(tokens[row], Capacity);
        }
    }

    /// <summary>Marks rows whose token fired as cancelled.</summary>
    public void ObserveCancellation()
    {
        foreach (var sequence in active)
        {
            if (sequence.Finish is null && sequence.Cancellation.IsCancellationRequested)
            {
                sequence.Cancel();
            }
        }
    }

    /// <summary>Removes finished rows, compacting the cache, and returns them.</summary>
    public List<SequenceState> RemoveFinished()
    {
        var finished = new List<SequenceState>();
        var i = 0;
        while (i < active.Count)
        {
            if (active[i].Finish is null)
            {
                i++;
                continue;
            }

            finished.Add(active[i]);
            var lastIndex = active.Count - 1;
            if (i != lastIndex)
            {
                cache.MoveSlot(lastIndex, i, active[lastIndex].CacheLength);
                active[i] = active[lastIndex];
            }

            active.RemoveAt(lastIndex);
        }

        return finished;
    }

    /// <summary>Removes every row (engine shutdown) and returns them unfinished.</summary>
    public List<SequenceState> RemoveAll()
    {
        var all = active.ToList();
        active.Clear();
        return all;
    }

    public void Dispose() => cache.Dispose();
}
