using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Simulation;

/// <summary>One GPU worker during a pipeline simulation: its plan, where it is in it, and its aggregator replica.</summary>
internal sealed class SimulatedWorker(int index, WorkerPlan plan, double speed)
{
    public int Index { get; } = index;

    public WorkerPlan Plan { get; } = plan;

    public double Speed { get; } = speed;

    public List<TimelineInterval> Intervals { get; } = [];

    public WorkerActivity Activity { get; set; } = WorkerActivity.Idle;

    /// <summary>Time of the next event; infinity when waiting for something else to happen.</summary>
    public double Until { get; set; } = double.PositiveInfinity;

    public int SessionIndex { get; set; }

    public PlannedSession? Session => SessionIndex < Plan.Sessions.Count ? Plan.Sessions[SessionIndex] : null;

    public List<SimulatedCall> Requests { get; set; } = [];

    public int Cursor { get; set; }

    public double SessionStart { get; set; }

    public double GenerationStart { get; set; }

    public int Started { get; set; }

    public SimulatedCall? Current { get; set; }

    public bool ExpertsDone { get; set; }

    public double ExpertEnd { get; set; }

    public Queue<AggregatorJob> AggregatorQueue { get; } = new();

    public bool AggregatorLoadStarted { get; set; }

    /// <summary>When the aggregator replica finished loading (infinity before).</summary>
    public double AggregatorReadyAt { get; set; } = double.PositiveInfinity;

    public AggregatorJob? CurrentJob { get; set; }

    public double JobStart { get; set; }

    public double AggregatorEnd { get; set; }
}
