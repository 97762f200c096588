namespace Mosaic.Storage.Jobs;

/// <summary>One job of an <see cref="InMemoryJobStore"/>; every member is used under <see cref="Gate"/>.</summary>
internal sealed class InMemoryJob(byte[] spec)
{
    public Lock Gate { get; } = new();

    public byte[] Spec { get; } = spec;

    public bool Running { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>Set when the job is deleted, so a writer that looked the job up just before sees it is gone.</summary>
    public bool Deleted { get; set; }

    /// <summary>
    /// Hashed, not sorted: a job writes an output for each of its calls and reads them back only on resume, so the
    /// order a database gives (question id, slot) is applied when reading.
    /// </summary>
    public Dictionary<(string QuestionId, int Slot), StoredOutput> Outputs { get; } = [];

    public Dictionary<int, StoredResult> Results { get; } = [];

    /// <summary>The highest key of <see cref="Results"/> (−1 when empty): a page is read by walking the indexes up to it.</summary>
    public int HighestAnsweredIndex { get; set; } = -1;

    public ResultTotals Totals { get; set; } = ResultTotals.Empty;
}
