using System.Collections.Concurrent;
using System.Text;

namespace Mosaic.Inference.Tokenization;

/// <summary>
/// Hugging Face's BPE model: a piece's characters (or, with byte fallback, the <c>&lt;0xXX&gt;</c> tokens of characters
/// outside the vocabulary) are merged pairwise, lowest merge rank first and leftmost first among equal ranks.
/// With <c>ignore_merges</c> a piece that is itself in the vocabulary is one token (Llama 3).
/// </summary>
internal sealed class BpeModel
{
    private const int MaxCachedLength = 256;
    private const int CacheCapacity = 100_000;

    private readonly int[] bmpIds;
    private readonly Dictionary<int, int> astralIds = [];
    private readonly Dictionary<long, int> mergeRanks;
    private readonly int[] mergeResults;
    private readonly int[] byteIds;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    public BpeModel(Dictionary<string, int> vocabulary, IReadOnlyList<(string Left, string Right)> merges, BpeOptions options)
    {
        Vocabulary = vocabulary;
        Options = options;
        bmpIds = new int[char.MaxValue + 1];
        Array.Fill(bmpIds, -1);
        foreach (var (token, id) in vocabulary)
        {
            if (token.Length == 1)
            {
                bmpIds[token[0]] = id;
            }
            else if (token.Length == 2 && char.IsSurrogatePair(token[0], token[1]))
            {
                astralIds[char.ConvertToUtf32(token[0], token[1])] = id;
            }
        }

        mergeRanks = new Dictionary<long, int>(merges.Count);
        mergeResults = new int[merges.Count];
        var lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        var buffer = new char[256];
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocabulary.TryGetValue(left, out var leftId) || !vocabulary.TryGetValue(right, out var rightId))
            {
                throw new FormatException($"merge {rank} ('{left} {right}') uses a token missing from the vocabulary");
            }

            var length = left.Length + right.Length;
            if (buffer.Length < length)
            {
                buffer = new char[length * 2];
            }

            left.CopyTo(buffer);
            right.CopyTo(buffer.AsSpan(left.Length));
            if (!lookup.TryGetValue(buffer.AsSpan(0, length), out var merged))
            {
                throw new FormatException($"merge {rank} ('{left} {right}') makes '{left + right}', which is missing from the vocabulary");
            }

            mergeRanks.TryAdd(Pair(leftId, rightId), rank);
            mergeResults[rank] = merged;
        }

        byteIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            byteIds[b] = vocabulary.TryGetValue($"<0x{b:X2}>", out var id) ? id : -1;
        }

        UnknownId = options.UnknownToken is null ? null
            : vocabulary.TryGetValue(options.UnknownToken, out var unknown) ? unknown
            : throw new FormatException($"unk_token '{options.UnknownToken}' is not in the vocabulary");
    }

    public Dictionary<string, int> Vocabulary { get; }

    public BpeOptions Options { get; }

    public int? UnknownId { get; }

    public int MergeCount => mergeResults.Length;

    /// <summary>Appends the ids of one pre-tokenized piece.</summary>
    public void Encode(string piece, List<int> output)
    {
        if (piece.Length == 0)
        {
            return;
        }

        if (Options.IgnoreMerges && Vocabulary.TryGetValue(piece, out var whole))
        {
            output.Add(whole);
            return;
        }

        if (cache.TryGetValue(piece, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var ids = Merge(InitialSymbols(piece));
        if (piece.Length <= MaxCachedLength)
        {
            if (cache.Count >= CacheCapacity)
            {
                cache.Clear();
            }

            cache.TryAdd(piece, ids);
        }

        output.AddRange(ids);
    }

    private List<int> InitialSymbols(string piece)
    {
        var symbols = new List<int>(piece.Length);
        var pendingUnknown = false;
        for (var i = 0; i < piece.Length; i++)
        {
            var id = -1;
            var codePointLength = 1;
            if (char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1]))
            {
                codePointLength = 2;
                id = astralIds.GetValueOrDefault(char.ConvertToUtf32(piece[i], piece[i + 1]), -1);
            }
            else
            {
                id = bmpIds[piece[i]];
            }

            if (id >= 0)
            {
                FlushUnknown(symbols, ref pendingUnknown);
                symbols.Add(id);
            }
            else if (Options.ByteFallback && TryByteFallback(piece.AsSpan(i, codePointLength), out var fallback))
            {
                FlushUnknown(symbols, ref pendingUnknown);
                symbols.AddRange(fallback);
            }
            else if (UnknownId is int unknown)
            {
                if (Options.FuseUnknown)
                {
                    pendingUnknown = true;
                }
                else
                {
                    symbols.Add(unknown);
                }
            }

            i += codePointLength - 1;
        }

        FlushUnknown(symbols, ref pendingUnknown);
        return symbols;
    }

    private void FlushUnknown(List<int> symbols, ref bool pendingUnknown)
    {
        if (pendingUnknown)
        {
            symbols.Add(UnknownId!.Value);
            pendingUnknown = false;
        }
    }

    private bool TryByteFallback(ReadOnlySpan<char> character, out int[] ids)
    {
        Span<byte> bytes = stackalloc byte[4];
        var count = Encoding.UTF8.GetBytes(character, bytes);
        ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = byteIds[bytes[i]];
            if (ids[i] < 0)
            {
                return false;
            }
        }

        return true;
    }

    private int[] Merge(List<int> symbols)
    {
        var count = symbols.Count;
        if (count < 2)
        {
            return [.. symbols];
        }

        var ids = symbols.ToArray();
        var next = new int[count];
        var previous = new int[count];
        for (var i = 0; i < count; i++)
        {
            next[i] = i + 1 < count ? i + 1 : -1;
            previous[i] = i - 1;
        }

        var queue = new PriorityQueue<int, long>();
        for (var i = 0; i + 1 < count; i++)
        {
            Enqueue(queue, ids, i, i + 1);
        }

        while (queue.TryDequeue(out var position, out var priority))
        {
            var right = next[position];
            if (ids[position] < 0 || right < 0)
            {
                continue;
            }

            var rank = (int)(priority >> 32);
            if (!mergeRanks.TryGetValue(Pair(ids[position], ids[right]), out var currentRank) || currentRank != rank)
            {
                continue;
            }

            ids[position] = mergeResults[rank];
            ids[right] = -1;
            next[position] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = position;
                Enqueue(queue, ids, position, next[position]);
            }

            if (previous[position] >= 0)
            {
                Enqueue(queue, ids, previous[position], position);
            }
        }

        var result = new List<int>(count);
        for (var i = 0; i >= 0; i = next[i])
        {
            result.Add(ids[i]);
        }

        return [.. result];
    }

    private void Enqueue(PriorityQueue<int, long> queue, int[] ids, int left, int right)
    {
        if (mergeRanks.TryGetValue(Pair(ids[left], ids[right]), out var rank))
        {
            queue.Enqueue(left, ((long)rank << 32) | (uint)left);
        }
    }

    private static long Pair(int left, int right) => ((long)left << 32) | (uint)right;
}
