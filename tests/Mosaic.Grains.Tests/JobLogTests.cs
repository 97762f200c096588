using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;

namespace Mosaic.Grains.Tests;

public sealed class JobLogTests
{
    [Theory]
    [InlineData(null, "planned makespan 1200.00 s, 900.00 s with early decisions priced)")]
    [InlineData(0.001, "planned makespan 1.20 s, 0.90 s with early decisions priced, emulated at time scale 0.001)")]
    [InlineData(0.0, "planned makespan 1200.00 s, 900.00 s with early decisions priced, in profiled seconds: emulated at time scale 0)")]
    public void Ended_ComparesTheExpertStageWithThePlanInTheSameSeconds(double? timeScale, string expected)
    {
        // An emulated job's expert stage is wall seconds; its plan, profiled seconds: the end line set 1.3 s against 1200 s.
        var logger = new LinesLogger();
        var state = new JobState { Status = JobStatus.Completed, Backend = "emulated", PlannedMakespanSeconds = 1200, ForecastExpertStageSeconds = 900 };

        JobLog.Ended(logger, JobReports.Build("j", state, JobCounters.Empty, DateTimeOffset.UtcNow), null, timeScale);

        Assert.Contains(expected, Assert.Single(logger.Lines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, new string[0], "generation 3 resumes: a new activation of the job (its silo or its directory entry went away), no worker known lost, planned on")]
    [InlineData(false, new[] { "gpu1", "gpu2" }, "generation 3 re-plans: workers lost [gpu1,gpu2], planned on")]
    public void Generation_SaysWhatStartedIt(bool resume, string[] lost, string expected)
    {
        // A resume logged "workers lost []".
        var logger = new LinesLogger();
        var options = TestOptions.Emulated();
        var spec = new JobSpec([new QuestionSpec("q0", "question", ["x", "y"])], ["x", "y"], "agg", GateSpec.Off);
        var plan = StagePlanner.Plan(JobPlanning.Request(
            JobPlanning.AllCalls(spec), spec, PoolProfiles.Load(options.Experts), [new WorkerSpec("gpu0")], options, raiseModelsPerWorker: true));

        JobLog.Generation(logger, "j", 3, resume ? GenerationCause.Resume : GenerationCause.Replan, lost, plan, 10, 0);

        Assert.Contains(expected, Assert.Single(logger.Lines), StringComparison.Ordinal);
    }
}
