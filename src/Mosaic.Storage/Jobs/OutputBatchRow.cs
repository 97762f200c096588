namespace Mosaic.Storage.Jobs;

/// <summary>One distinct output key of a write batch: the first payload given for it and how often it occurs.</summary>
internal sealed record OutputBatchRow(string QuestionId, int Slot, byte[] Payload, int Count)
{
    public static readonly Comparison<OutputBatchRow> KeyOrder = static (a, b) =>
    {
        var byQuestion = string.CompareOrdinal(a.QuestionId, b.QuestionId);
        return byQuestion != 0 ? byQuestion : a.Slot.CompareTo(b.Slot);
    };
}
