using Mosaic.Aggregation.Gating;

namespace Mosaic.Scheduling.Simulation;

/// <summary>One question during a pipeline simulation: its calls, the answers received so far, and its fate.</summary>
internal sealed class SimulatedQuestion(string id, int slots)
{
    public string Id { get; } = id;

    public SimulatedCall?[] Calls { get; } = new SimulatedCall?[slots];

    public List<ExpertAnswer> Received { get; } = [];

    public bool Decided { get; set; }

    public bool Aggregated { get; set; }

    /// <summary>The final answer (0 = right), once known.</summary>
    public int? FinalChoice { get; set; }

    public int PendingCalls
    {
        get
        {
            var pending = 0;
            foreach (var call in Calls)
            {
                if (call is { Pending: true })
                {
                    pending++;
                }
            }

            return pending;
        }
    }
}
