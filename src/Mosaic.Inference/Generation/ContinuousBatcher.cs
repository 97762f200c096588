using Mosaic.Inference.Modules;
using static TorchSharp.torch;

namespace Mosaic.Inference.Generation;

/// <summary>
/// The mechanism of continuous batching on one paged KV cache. Admission is first come, first served, bounded by
/// the row count and the KV budget (each sequence reserves blocks for prompt plus max new tokens, so a running
/// sequence never runs out). Every <see cref="Step"/> is one forward pass that decodes one token for each running
/// sequence and, in the same pass, prefills the next chunk of the prompts still being read, so a joiner costs its
/// prompt tokens and not an extra pass. Finished or cancelled sequences leave and free their blocks at once.
/// Single-threaded: the owner calls it from one thread, inside inference mode; every step has its own dispose scope.
/// </summary>
internal sealed class ContinuousBatcher : IDisposable
{
    /// <summary>Bound on the float32 scores of one prompt chunk (heads × chunk × keys); long prompts take smaller chunks.</summary>
    private const long MaxChunkScores = 1L << 25;

    /// <summary>Padding below this many query-key pairs costs less than running another attention segment.</summary>
    private const long SegmentOverhead = 1L << 16;

    private readonly LanguageModel model;
    private readonly KvCache cache;
    private readonly List<SequenceState> active = [];
    private int reservedBlocks;

    public ContinuousBatcher(LanguageModel model, BatchLimits limits)
    {
        this.model = model;
        Limits = limits;
        cache = new KvCache(model.Config, limits.BlockTokens, limits.BudgetBlocks, model.Network.DType, model.Network.Device);
    }

    public BatchLimits Limits { get; }

    public int ActiveCount => active.Count;

    public long ForwardPasses { get; private set; }

    /// <summary>KV tokens the cache holds now (whole blocks, the scratch block included).</summary>
    public long HeldKvTokens => (long)cache.PhysicalBlocks * cache.BlockTokens;

    /// <summary>KV tokens the cache has held at most (whole blocks, the scratch block included).</summary>
    public long PeakKvTokens => (long)cache.PeakPhysicalBlocks * cache.BlockTokens;

    /// <summary>
    /// Moves sequences from the head of <paramref name="waiting"/> into the batch while a row is free and the head's
    /// reservation fits the KV budget. Strictly in order: a head that does not fit yet waits, and so does everyone
    /// behind it, so a long request is never starved by short ones.
    /// </summary>
    public int Admit(List<SequenceState> waiting)
    {
        var admitted = 0;
        while (admitted < waiting.Count && active.Count < Limits.MaxRows)
        {
            var next = waiting[admitted];
            var blocks = KvCache.BlocksFor(next.MaxTokens, Limits.BlockTokens);
            if (reservedBlocks + blocks > Limits.BudgetBlocks)
            {
                break;
            }

            reservedBlocks += blocks;
            next.ReservedBlocks = blocks;
            next.MarkAdmitted();
            active.Add(next);
            admitted++;
        }

        waiting.RemoveRange(0, admitted);
        cache.EnsureCapacity(reservedBlocks);
        return admitted;
    }

    /// <summary>One forward pass: a token for every decoding sequence and a prompt chunk for those still prefilling.</summary>
    public void Step()
    {
        if (active.Any(s => s.Finish is not null))
        {
            throw new InvalidOperationException("finished sequences must be removed before the next step");
        }

        var work = PlanStep();
        if (work.Count == 0)
        {
            return;
        }

        var groups = Group(work);
        var ordered = groups.SelectMany(g => g).ToList();
        var sampled = new List<int>();
        for (var row = 0; row < ordered.Count; row++)
        {
            var (sequence, start, tokens) = work[ordered[row]];
            if (!sequence.IsPrefilling || start + tokens.Length == sequence.PromptIds.Length)
            {
                sampled.Add(row);
            }
        }

        int[] next;
        using (var scope = NewDisposeScope())
        {
            var network = model.Network;
            var rows = groups.Select(g => (IReadOnlyList<ForwardRow>)g.Select(i => new ForwardRow(work[i].Sequence.Blocks, work[i].Start, work[i].Tokens)).ToList()).ToList();
            var batch = ForwardBatch.Create(network.Rope, cache, rows, network.DType, network.Device);
            var logits = network.LastLogits(batch, sampled);
            next = TokenSampler.Sample(logits, sampled.Select(r => work[ordered[r]].Sequence).ToList());
        }

        ForwardPasses++;
        foreach (var (sequence, _, tokens) in work)
        {
            sequence.CacheLength += tokens.Length;
        }

        for (var i = 0; i < sampled.Count; i++)
        {
            work[ordered[sampled[i]]].Sequence.Append(next[i]);
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

    /// <summary>Removes finished rows, frees their blocks and reservations, and returns them.</summary>
    public List<SequenceState> RemoveFinished()
    {
        var finished = active.Where(s => s.Finish is not null).ToList();
        foreach (var sequence in finished)
        {
            Release(sequence);
        }

        active.RemoveAll(s => s.Finish is not null);
        return finished;
    }

    /// <summary>Removes every row (engine shutdown) and returns them unfinished.</summary>
    public List<SequenceState> RemoveAll()
    {
        var all = active.ToList();
        all.ForEach(Release);
        active.Clear();
        return all;
    }

    /// <summary>Returns the cache's memory once nothing runs.</summary>
    public void ReleaseIdleMemory()
    {
        if (active.Count == 0)
        {
            cache.ReleaseIfUnused();
        }
    }

    private void Release(SequenceState sequence)
    {
        cache.Free(sequence.Blocks);
        reservedBlocks -= sequence.ReservedBlocks;
        sequence.ReservedBlocks = 0;
    }

    /// <summary>Decode rows first, then prompt chunks in admission order within the per-step prefill allowance.</summary>
    private List<(SequenceState Sequence, int Start, int[] Tokens)> PlanStep()
    {
        var work = new List<(SequenceState, int, int[])>();
        foreach (var sequence in active.Where(s => !s.IsPrefilling))
        {
            Reserve(sequence, sequence.CacheLength + 1);
            work.Add((sequence, sequence.CacheLength, [sequence.LastToken]));
        }

        var allowance = Limits.PrefillChunkTokens;
        var heads = (long)model.Config.NumAttentionHeads;
        foreach (var sequence in active.Where(s => s.IsPrefilling))
        {
            if (allowance == 0)
            {
                break;
            }

            var start = sequence.CacheLength;
            var chunk = Math.Min(sequence.PromptIds.Length - start, allowance);
            var scoreBound = MaxChunkScores / (heads * (start + chunk));
            chunk = (int)Math.Min(chunk, Math.Max(Limits.BlockTokens, scoreBound));
            Reserve(sequence, start + chunk);
            work.Add((sequence, start, sequence.PromptIds.AsSpan(start, chunk).ToArray()));
            allowance -= chunk;
        }

        return work;
    }

    /// <summary>Takes blocks from the pool until the sequence can cache <paramref name="tokens"/> tokens.</summary>
    private void Reserve(SequenceState sequence, int tokens)
    {
        var needed = KvCache.BlocksFor(tokens, Limits.BlockTokens);
        while (sequence.Blocks.Count < needed)
        {
            if (sequence.Blocks.Count >= sequence.ReservedBlocks)
            {
                throw new InvalidOperationException($"a sequence needs more than its {sequence.ReservedBlocks} reserved KV blocks");
            }

            sequence.Blocks.Add(cache.Allocate());
        }
    }

    /// <summary>
    /// Splits the step's rows into attention segments: rows sorted by new tokens, then keys, and a row joins the
    /// current segment only while padding stays small (at most a quarter more token slots, at most twice the
    /// query-key pairs or less than one segment's fixed cost), so one-token decode rows never pad to a prompt chunk.
    /// </summary>
    private List<List<int>> Group(List<(SequenceState Sequence, int Start, int[] Tokens)> work)
    {
        var order = Enumerable.Range(0, work.Count)
            .OrderByDescending(i => work[i].Tokens.Length)
            .ThenByDescending(i => work[i].Start + work[i].Tokens.Length)
            .ToList();
        var groups = new List<List<int>>();
        List<int>? current = null;
        long tokens = 0, keys = 0, realTokens = 0, realPairs = 0;
        foreach (var i in order)
        {
            var t = work[i].Tokens.Length;
            var k = (long)KvCache.BlocksFor(work[i].Start + t, Limits.BlockTokens) * Limits.BlockTokens;
            if (current is not null)
            {
                var rows = current.Count + 1L;
                var paddedTokens = rows * Math.Max(tokens, t);
                var paddedPairs = paddedTokens * Math.Max(keys, k);
                if (paddedTokens * 4 <= (realTokens + t) * 5 && paddedPairs <= 2 * (realPairs + t * k) + SegmentOverhead)
                {
                    current.Add(i);
                    tokens = Math.Max(tokens, t);
                    keys = Math.Max(keys, k);
                    realTokens += t;
                    realPairs += t * k;
                    continue;
                }
            }

            current = [i];
            groups.Add(current);
            tokens = t;
            keys = k;
            realTokens = t;
            realPairs = t * k;
        }

        return groups;
    }

    public void Dispose() => cache.Dispose();
}
