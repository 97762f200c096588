using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Client;

namespace Mosaic.Integration.Tests;

/// <summary>What a client application gets for a wrong id, a cancelled token or an argument out of range.</summary>
[Collection(EmulatedClusterCollection.Name)]
public sealed class MosaicClientCallTests(EmulatedClusterFixture fixture)
{
    [Fact]
    public async Task WaitForCompletion_UnknownJob_JobNotFoundAtOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // It used to poll until the token fired (without one, forever).
        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => fixture.Client.WaitForCompletionAsync("no-such-job", timeout.Token));

        Assert.Equal("no-such-job", error.JobId);
        Assert.False(timeout.IsCancellationRequested);
    }

    /// <summary>A mistyped id read "no results yet" (an empty page, an empty timeline) until 2026-12-06, where the gateway answers 404.</summary>
    [Fact]
    public async Task ResultsAndTimeline_UnknownJob_JobNotFound_PlanNull()
    {
        Assert.Equal("no-such-job", (await Assert.ThrowsAsync<JobNotFoundException>(() => fixture.Client.GetResultPageAsync("no-such-job"))).JobId);
        await Assert.ThrowsAsync<JobNotFoundException>(() => fixture.Client.GetResultsAsync("no-such-job"));
        await Assert.ThrowsAsync<JobNotFoundException>(() => fixture.Client.GetTimelineAsync("no-such-job"));
        Assert.Null(await fixture.Client.GetPlanAsync("no-such-job"));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetPlanAsync(""));
        Assert.Equal("jobId", empty.ParamName);

        // A job with no result yet is not unknown.
        var id = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(6, seed: 23));
        Assert.Equal(6, (await fixture.Client.GetResultPageAsync(id)).Total);
        await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.NotEmpty(await fixture.Client.GetTimelineAsync(id));
    }

    [Fact]
    public async Task Submit_TheSameIdTwiceAtOnce_OneAcceptedAndTheOtherFindsItRunning()
    {
        // Two gateways advancing one batch submit its job together: one is accepted, the other refused, and the job is
        // there to report on as soon as the refusal is (a batch whose report read came back empty was failed).
        for (var round = 0; round < 5; round++)
        {
            var id = $"twice-{round}-{Guid.NewGuid():N}";
            var spec = TestWorkloads.MultipleChoice(40, seed: 30 + round);
            var submits = new[] { Submit(id, spec), Submit(id, spec) };
            var outcomes = await Task.WhenAll(submits);
            var report = await fixture.Client.GetReportAsync(id);

            Assert.Single(outcomes, rejected => rejected is not null);
            Assert.Contains("already exists", outcomes.Single(o => o is not null)!.Message);
            Assert.Equal(JobRejection.IdInUse, outcomes.Single(o => o is not null)!.Reason);
            Assert.NotNull(report);
            await fixture.Client.CancelAsync(id);
        }

        async Task<JobRejectedException?> Submit(string id, JobSpec spec)
        {
            try
            {
                await fixture.Client.SubmitAsync(spec, id);
                return null;
            }
            catch (JobRejectedException e)
            {
                return e;
            }
        }
    }

    [Fact]
    public async Task Cancel_UnknownJob_JobNotFound_EndedJob_LeftAsItIs()
    {
        // It used to return as if the job had been cancelled.
        var error = await Assert.ThrowsAsync<JobNotFoundException>(() => fixture.Client.CancelAsync("no-such-job"));
        Assert.Equal("no-such-job", error.JobId);

        var id = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(6, seed: 22));
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        await fixture.Client.CancelAsync(id);
        Assert.Equal((JobStatus.Completed, report.Answered), ((await fixture.Client.GetReportAsync(id))!.Status, (await fixture.Client.GetReportAsync(id))!.Answered));
    }

    [Fact]
    public async Task Watch_CancelledToken_ThrowsInsteadOfEndingLikeAFinishedJob()
    {
        var id = await fixture.Client.SubmitAsync(TestWorkloads.MultipleChoice(6, seed: 21));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in fixture.Client.WatchAsync(id, cancelled.Token))
            {
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Client.GetResultsAsync(id, cancelled.Token));
        Assert.Equal(JobStatus.Completed, (await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token)).Status);
    }

    [Fact]
    public async Task Calls_ArgumentsOutOfRange_ArgumentExceptionsBeforeAnyGrainCall()
    {
        var spec = TestWorkloads.MultipleChoice(3, seed: 22);

        await Assert.ThrowsAsync<ArgumentNullException>(() => fixture.Client.SubmitAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.SubmitAsync(spec, " "));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetReportAsync(""));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Client.GetResultPageAsync("job", from: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fixture.Client.GetResultPageAsync("job", maxCount: 0));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.WaitForCompletionAsync(""));
    }
}
