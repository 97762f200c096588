namespace Mosaic.Aggregation.Gating;

/// <summary>
/// The gate of one question while its k slots answer, in any order: records each slot's extracted answer (null for a
/// failed extraction or a failed call: a non-vote) and says when the outcome is known. With early decisions a
/// question settles as soon as the pending slots cannot change a skip (<see cref="ConfidenceGate.DecideEarly"/>);
/// otherwise, and whenever the aggregator is needed, it waits for all k.
/// </summary>
public sealed class QuestionGate
{
    private readonly string[] _experts;
    private readonly string?[] _answers;
    private readonly bool[] _recorded;
    private readonly GateSettings _settings;
    private readonly bool _early;
    private int _pending;

    public QuestionGate(IReadOnlyList<string> slotExperts, GateSettings settings, bool earlyDecisions)
    {
        ArgumentNullException.ThrowIfNull(slotExperts);
        ArgumentNullException.ThrowIfNull(settings);
        if (slotExperts.Count == 0)
        {
            throw new ArgumentException("a question needs at least one slot", nameof(slotExperts));
        }

        _experts = slotExperts.ToArray();
        _answers = new string?[_experts.Length];
        _recorded = new bool[_experts.Length];
        _settings = settings;
        _early = earlyDecisions;
        _pending = _experts.Length;
    }

    public int Slots => _experts.Length;

    /// <summary>The decision, once made.</summary>
    public GateStep.Decided? Outcome { get; private set; }

    public bool IsRecorded(int slot) => _recorded[slot];

    /// <summary>Records slot <paramref name="slot"/>; a slot recorded twice, or after the decision, changes nothing.</summary>
    public GateStep Record(int slot, string? answer) => Record(new ReadOnlySpan<int>(in slot), answer);

    /// <summary>
    /// Records the same answer for every slot in <paramref name="slots"/> (slots that shared one call) before deciding,
    /// so an early decision never cancels a slot whose answer is already known; slots recorded before are left as they are.
    /// </summary>
    public GateStep Record(ReadOnlySpan<int> slots, string? answer)
    {
        foreach (var slot in slots)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(slot);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, _experts.Length);
        }

        if (Outcome is { } decided)
        {
            return decided;
        }

        var recorded = false;
        foreach (var slot in slots)
        {
            if (!_recorded[slot])
            {
                _recorded[slot] = true;
                _answers[slot] = answer;
                _pending--;
                recorded = true;
            }
        }

        if (!recorded)
        {
            return new GateStep.Waiting();
        }

        var received = Enumerable.Range(0, _experts.Length).Where(i => _recorded[i]).Select(i => new ExpertAnswer(_experts[i], _answers[i])).ToArray();
        if (_pending == 0)
        {
            return Outcome = new GateStep.Decided(ConfidenceGate.Decide(Ordered(), _settings), Early: false, []);
        }

        if (_early && ConfidenceGate.DecideEarly(received, _pending, _settings) is EarlyDecision.Settled settled)
        {
            var cancel = Enumerable.Range(0, _experts.Length).Where(i => !_recorded[i]).ToArray();
            return Outcome = new GateStep.Decided(settled.Decision, Early: true, cancel);
        }

        return new GateStep.Waiting();
    }

    private ExpertAnswer[] Ordered() => _experts.Select((e, i) => new ExpertAnswer(e, _answers[i])).ToArray();
}
