using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Aggregation;

/// <summary>An undecided or unrecorded question in its aggregation grain: what each slot returned, the gate, the aggregator call.</summary>
internal sealed class QuestionState(int index, QuestionSpec question, QuestionGate gate)
{
    public int Index { get; } = index;

    public QuestionSpec Question { get; } = question;

    public QuestionGate Gate { get; } = gate;

    public CallOutcome?[] Slots { get; } = new CallOutcome?[question.Experts.Count];

    public string?[] Answers { get; } = new string?[question.Experts.Count];

    /// <summary>Slots this grain cancelled after an early decision.</summary>
    public bool[] Cancelled { get; } = new bool[question.Experts.Count];

    public GateStep.Decided? Decision { get; set; }

    public DateTimeOffset? ExpertsDoneAt { get; set; }

    public CallOutcome? Aggregator { get; set; }

    /// <summary>The aggregator call is queued or running somewhere (so it is never sent twice).</summary>
    public bool AggregatorSent { get; set; }

    /// <summary>For each slot that took another slot's call (same expert, shared), that slot; null while no slot did.</summary>
    public int?[]? SharedFrom { get; private set; }

    public bool IsSlotDone(int slot) => Slots[slot] is not null || Cancelled[slot];

    public void MarkShared(int slot, int leader) => (SharedFrom ??= new int?[Slots.Length])[slot] = leader;

    public CallKey Key(int slot) => new(Question.Id, slot);
}
