using Mosaic.Abstractions.Jobs;
using Mosaic.Gateway.Batches;
using Mosaic.Gateway.Chat;
using Mosaic.Hosting.Pools;

namespace Mosaic.Cli.Batch;

/// <summary>
/// A batch file as <c>mosaic run</c> reads it: by the gateway's own parser over the pool as the gateway serves it, so
/// a file gets the same lines, errors, routing and job from <c>mosaic run</c> as from the gateway's batch API.
/// <see cref="CustomIds"/>: each line's name in the output, its <c>custom_id</c>, or <c>line-N</c> for a line without
/// one (<c>line-N~2</c> when a request took that name); <see cref="Model"/>: the batch's model, its first answerable
/// line's (the pool's MoA model when none is); <see cref="Job"/>: the answerable lines as one job at batch priority, so
/// that on a cluster that also serves chat a person waiting for an answer goes first; null when no line is answerable.
/// </summary>
internal sealed record BatchRequests(IReadOnlyList<BatchLine> Lines, IReadOnlyList<string> CustomIds, string Model, JobSpec? Job)
{
    public static BatchRequests Read(byte[] content, PoolConfig pool)
    {
        var catalog = new PoolCatalog(GatewayPools.From(pool));
        var parsed = new BatchFileParser(new ChatRequestReader(catalog)).Parse(content, BatchService.Endpoint);
        return new BatchRequests(parsed.Lines, Names(parsed.Lines), parsed.Model ?? pool.Model, parsed.Job(catalog));
    }

    /// <summary>The lines' names in the output: a line without a usable custom_id never takes a request's own.</summary>
    private static string[] Names(IReadOnlyList<BatchLine> lines)
    {
        var taken = lines.Where(l => !string.IsNullOrEmpty(l.CustomId)).Select(l => l.CustomId!).ToHashSet(StringComparer.Ordinal);
        return lines.Select(l => string.IsNullOrEmpty(l.CustomId) ? Free($"line-{l.Number}", taken) : l.CustomId).ToArray();
    }

    private static string Free(string name, HashSet<string> taken)
    {
        var free = name;
        for (var n = 2; !taken.Add(free); n++)
        {
            free = $"{name}~{n}";
        }

        return free;
    }
}
