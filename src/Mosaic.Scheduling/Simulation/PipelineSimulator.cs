using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// Discrete-event simulation of a whole MoA job with the calibrated emulation model, no cluster involved: the plan's
/// sessions on every worker (load, then the session's calls shortest first at their saturated shares, the run lasting
/// at least its floor D(n); a later barrier phase waits for every worker), the confidence gate on each question as its
/// answers arrive (with early decisions cancelling calls that can no longer matter), and the aggregator either as the
/// paper ran it (one TP = 4 engine after the last expert call) or overlapped (TP = 1 replicas on workers that are done
/// with their experts).
/// </summary>
public static class PipelineSimulator
{
    public static PipelineResult Run(
        SchedulePlan plan,
        SchedulingInstance instance,
        IReadOnlyList<EmulatedQuestion> questions,
        EmulationModel model,
        PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (plan.Status == PlanStatus.Infeasible)
        {
            throw new ArgumentException($"plan of '{plan.Scheduler}' is infeasible and cannot be executed", nameof(plan));
        }

        return new PipelineExecution(plan, instance, questions, model, options).Run();
    }
}
