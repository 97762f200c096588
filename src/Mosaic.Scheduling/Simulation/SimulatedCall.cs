using Mosaic.Scheduling.Emulation;

namespace Mosaic.Scheduling.Simulation;

/// <summary>One expert call during a pipeline simulation.</summary>
internal sealed class SimulatedCall(int question, int slot, string expert, ExpertCallOutput output)
{
    public int Question { get; } = question;

    public int Slot { get; } = slot;

    public string Expert { get; } = expert;

    public ExpertCallOutput Output { get; } = output;

    public bool Done { get; set; }

    public bool Cancelled { get; set; }

    /// <summary>The worker generating it right now, if any.</summary>
    public SimulatedWorker? RunningOn { get; set; }

    public bool Pending => !Done && !Cancelled;
}
