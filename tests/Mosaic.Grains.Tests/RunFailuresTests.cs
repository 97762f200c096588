using Mosaic.Grains.Jobs;
using Mosaic.Scheduling;
using Orleans.Runtime;
using Orleans.Storage;

namespace Mosaic.Grains.Tests;

/// <summary>The job's policy when a generation throws: only an impossible plan or a long run of failures ends the job.</summary>
public sealed class RunFailuresTests
{
    [Fact]
    public void Classify_NewerActivationOwnsTheJob_Superseded()
    {
        Assert.Equal(RunFailure.Superseded, RunFailures.Classify(new InconsistentStateException("etag mismatch"), 2, 0));
        Assert.Equal(RunFailure.Superseded, RunFailures.Classify(new StaleGenerationException("job-1", 2, 3), 2, 0));
    }

    [Fact]
    public void Classify_ImpossiblePlan_FatalWithWorkersButWaitsWithoutAny()
    {
        var infeasible = new InvalidInstanceException("no plan fits this cluster");

        Assert.Equal(RunFailure.Fatal, RunFailures.Classify(infeasible, liveWorkers: 1, retriedInARow: 0));
        Assert.Equal(RunFailure.WaitForWorkers, RunFailures.Classify(infeasible, liveWorkers: 0, retriedInARow: RunFailures.MaxAttemptsInARow + 5));
    }

    [Fact]
    public void Classify_WorkerLossOrTimeout_RetriedUntilTooManyInARow()
    {
        var lost = new SiloUnavailableException("gone");

        Assert.Equal(RunFailure.Retry, RunFailures.Classify(lost, 2, 0));
        Assert.Equal(RunFailure.Retry, RunFailures.Classify(new TimeoutException(), 2, RunFailures.MaxAttemptsInARow - 1));
        Assert.Equal(RunFailure.Fatal, RunFailures.Classify(lost, 2, RunFailures.MaxAttemptsInARow));
    }
}
