namespace Mosaic.Storage.Jobs;

/// <summary>Argument checks and batch preparation shared by every <see cref="IJobStore"/> implementation, so the three
/// behave identically.</summary>
internal static class JobRows
{
    public static void CheckJobId(string jobId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        if (jobId.Length > MosaicStorage.MaxIdLength)
        {
            throw new ArgumentException($"Job id is {jobId.Length} characters long; the limit is {MosaicStorage.MaxIdLength}.", nameof(jobId));
        }
    }

    public static void CheckPage(int fromIndex, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
    }

    /// <summary>
    /// One entry per (question id, slot), sorted by question id (ordinal) then slot, carrying the first payload of that
    /// key and how many times the key occurs. Sorting gives concurrent writers one lock order.
    /// </summary>
    public static OutputBatchRow[] CoalesceOutputs(IReadOnlyList<StoredOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var rows = new Dictionary<(string QuestionId, int Slot), OutputBatchRow>(outputs.Count);
        foreach (var output in outputs)
        {
            ArgumentNullException.ThrowIfNull(output, nameof(outputs));
            CheckQuestionId(output.QuestionId);
            ArgumentNullException.ThrowIfNull(output.Payload, nameof(outputs));
            var key = (output.QuestionId, output.Slot);
            rows[key] = rows.TryGetValue(key, out var row)
                ? row.Payload.AsSpan().SequenceEqual(output.Payload) ? row : row with { Count = row.Count + 1 }
                : new OutputBatchRow(output.QuestionId, output.Slot, output.Payload, 1);
        }

        var sorted = rows.Values.ToArray();
        Array.Sort(sorted, OutputBatchRow.KeyOrder);
        return sorted;
    }

    /// <summary>The first result per question index, sorted by index, with timestamps normalized.</summary>
    public static StoredResult[] DistinctResults(IReadOnlyList<StoredResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = new Dictionary<int, StoredResult>(results.Count);
        foreach (var result in results)
        {
            ArgumentNullException.ThrowIfNull(result, nameof(results));
            ArgumentOutOfRangeException.ThrowIfNegative(result.QuestionIndex, nameof(results));
            CheckQuestionId(result.QuestionId);
            ArgumentNullException.ThrowIfNull(result.Payload, nameof(results));
            ArgumentNullException.ThrowIfNull(result.Summary, nameof(results));
            ArgumentOutOfRangeException.ThrowIfNegative(result.Summary.CancelledCalls, nameof(results));
            ArgumentOutOfRangeException.ThrowIfNegative(result.Summary.FailedCalls, nameof(results));
            rows.TryAdd(result.QuestionIndex, result with
            {
                Summary = result.Summary with
                {
                    ExpertsDoneAt = JobTime.Normalize(result.Summary.ExpertsDoneAt),
                    CompletedAt = JobTime.Normalize(result.Summary.CompletedAt),
                },
            });
        }

        var sorted = rows.Values.ToArray();
        Array.Sort(sorted, static (a, b) => a.QuestionIndex.CompareTo(b.QuestionIndex));
        return sorted;
    }

    public static KeyNotFoundException JobNotFound(string jobId) =>
        new($"Job '{jobId}' does not exist in the job store (never created, or deleted).");

    private static void CheckQuestionId(string questionId)
    {
        ArgumentNullException.ThrowIfNull(questionId, nameof(questionId));
        if (questionId.Length > MosaicStorage.MaxIdLength)
        {
            throw new ArgumentException($"Question id is {questionId.Length} characters long; the limit is {MosaicStorage.MaxIdLength}.", nameof(questionId));
        }
    }
}
