namespace Mosaic.Scheduling.Planning;

/// <summary>Plans the expert stage of a validated instance.</summary>
public interface IScheduler
{
    /// <summary>The name used on the command line and in reports.</summary>
    string Name { get; }

    SchedulePlan Plan(SchedulingInstance instance);
}
