namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// The hidden state of one emulated question, fixed by the seed: its difficulty, the agreement pattern that follows
/// from it, how much longer than average its experts write, and the answer every slot gives.
/// </summary>
/// <param name="Id">Question id.</param>
/// <param name="Difficulty">Latent difficulty in (0, 1): the question's rank among the job's questions (stratified,
/// so the pattern counts match the calibration exactly). Harder questions disagree more and get longer traces.</param>
/// <param name="Pattern">3:0, 2:1 or 1:1:1.</param>
/// <param name="LengthMultiplier">Mean output of a call on this question relative to the dataset mean.</param>
/// <param name="SlotChoices">The answer of each slot (0 = right).</param>
/// <param name="AggregatorChoice">The aggregator's answer if it is called (0 = right).</param>
public sealed record QuestionTruth(
    string Id,
    double Difficulty,
    AgreementPattern Pattern,
    double LengthMultiplier,
    IReadOnlyList<int> SlotChoices,
    int AggregatorChoice);
