namespace Mosaic.Scheduling.Planning;

/// <summary>Predicted makespan of a set of worker plans, honouring barrier phases.</summary>
public static class PlanMetrics
{
    public static double Makespan(IReadOnlyList<WorkerPlan> workers)
    {
        if (workers.Count == 0)
        {
            return 0;
        }

        var phases = workers.SelectMany(w => w.Sessions).Select(s => s.Phase).Distinct().Order().ToArray();
        var total = 0.0;
        foreach (var phase in phases)
        {
            total += workers.Max(w => w.Sessions.Where(s => s.Phase == phase).Sum(s => s.BusySeconds));
        }

        return total;
    }
}
