using Mosaic.Abstractions.Jobs;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Batches;

/// <summary>An input file read line by line: every request line (valid or not) and the one model its valid lines ask for.</summary>
internal sealed record ParsedBatch(IReadOnlyList<BatchLine> Lines, string? Model)
{
    public IReadOnlyList<BatchLine> Valid { get; } = Lines.Where(l => l.Question is not null).ToArray();

    public int Invalid => Lines.Count - Valid.Count;

    /// <summary>The valid lines as one job of batch priority (each question named by its line); null when none is valid.</summary>
    public JobSpec? Job(PoolCatalog catalog) =>
        Model is { } model && Valid.Count > 0
            ? catalog.Job(model, [.. Valid.Select(l => PendingQuestion.Of(l.QuestionId, l.Question!))], JobPriority.Batch)
            : null;
}
