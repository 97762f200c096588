namespace Mosaic.Scheduling.Emulation;

/// <summary>
/// One emulated aggregator call.
/// </summary>
/// <param name="PromptTokens">What it reads: the instructions and question plus the visible part of each response.</param>
/// <param name="OutputTokens">What it writes.</param>
/// <param name="Seconds">Its share of a saturated engine run: prefill of the prompt plus decode of the output.</param>
/// <param name="LatencySeconds">The least time from its start to its end: its output decoded alone. A call finishes
/// no earlier than start + latency however idle the engine is.</param>
/// <param name="Choice">Its answer (0 = right, 1 = the question's first wrong answer).</param>
public sealed record AggregatorCallOutput(int PromptTokens, int OutputTokens, double Seconds, double LatencySeconds, int Choice)
{
    public bool Correct => Choice == 0;
}
