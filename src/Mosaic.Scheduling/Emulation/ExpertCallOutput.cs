namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// One emulated expert call.
/// </summary>
/// <param name="OutputTokens">Tokens the expert writes.</param>
/// <param name="Seconds">The call's share of a saturated engine run on a worker of speed 1 (divide by the speed).
/// A run's generation time is max(Σ shares, <see cref="EmulationModel.RunFloorSeconds"/>).</param>
/// <param name="Choice">The answer it gives: 0 is the right answer, 1, 2, … are the question's distinct wrong answers
/// (render with <see cref="EmulationModel.AnswerLetter"/>).</param>
public sealed record ExpertCallOutput(int OutputTokens, double Seconds, int Choice)
{
    public bool Correct => Choice == 0;
}
