namespace Mosaic.Storage.Jobs;

/// <summary>One job of an <see cref="InMemoryJobStore"/>; every member is used under <see cref="Gate"/>.</summary>
internal sealed class InMemoryJob(byte[] spec)
{
    public Lock Gate { get; } = new();

    public byte[] Spec { get; } = spec;

    public bool Running { get; set; }

    /// <summary>Set when the job is deleted, so a writer that looked the job up just before sees it is gone.</summary>
    public bool Deleted { get; set; }

    public SortedDictionary<(string QuestionId, int Slot), StoredOutput> Outputs { get; } = new(OutputKeyComparer.Instance);

    public Dictionary<int, StoredResult> Results { get; } = [];

    /// <summary>The keys of <see cref="Results"/> in order, for paging from any index in O(log n).</summary>
    public SortedSet<int> AnsweredIndexes { get; } = [];

    public ResultTotals Totals { get; set; } = ResultTotals.Empty;

    private sealed class OutputKeyComparer : IComparer<(string QuestionId, int Slot)>
    {
        public static readonly OutputKeyComparer Instance = new();

        public int Compare((string QuestionId, int Slot) x, (string QuestionId, int Slot) y)
        {
            var byQuestion = string.CompareOrdinal(x.QuestionId, y.QuestionId);
            return byQuestion != 0 ? byQuestion : x.Slot.CompareTo(y.Slot);
        }
    }
}
