namespace Mosaic.Scheduling.Planning;

/// <summary>The ordered sessions one worker runs.</summary>
public sealed record WorkerPlan(string Worker, IReadOnlyList<PlannedSession> Sessions)
{
    /// <summary>Predicted load plus generation time, idle time at barriers excluded.</summary>
    public double BusySeconds => Sessions.Sum(s => s.BusySeconds);
}
