namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// Who is right, per agreement pattern.
/// </summary>
/// <param name="MajorityCorrect">3:0: the shared answer is right; 2:1: the majority is right; 1:1:1: one of the three
/// is right.</param>
/// <param name="MinorityCorrectWhenMajorityWrong">2:1: chance the lone answer is right when the majority is wrong.</param>
/// <param name="AggregatorCorrect">Chance the aggregator's answer is right, per pattern.</param>
public sealed record AnswerRates(
    PatternValues MajorityCorrect,
    double MinorityCorrectWhenMajorityWrong,
    PatternValues AggregatorCorrect);
