using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Gating;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Emulation;

namespace Mosaic.Integration.Tests;

/// <summary>
/// A reduced end to end of the paper's MOSAIC through the real grains with the calibrated emulation model (GPQA, 198
/// questions): the gate's skip rate, which questions reach the aggregator and what the aggregator's calls cost all come
/// out as calibrated, because every call is drawn from the model.
/// </summary>
public sealed class CalibratedEndToEndTests(CalibratedClusterFixture fixture) : IClassFixture<CalibratedClusterFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task MosaicAsPublished_ThroughTheGrains_SkipsAndAggregatesAsCalibrated()
    {
        var spec = fixture.Workload(SchedulerKind.Mosaic, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, false), overlap: false);

        var id = await fixture.Client.SubmitAsync(spec);
        var report = await fixture.Client.WaitForCompletionAsync(id, new CancellationTokenSource(JobTimeout).Token);
        var results = await fixture.Client.GetResultsAsync(id);

        Assert.Equal(JobStatus.Completed, report.Status);
        var model = fixture.Model;
        var profile = model.Profile;

        // The gate skips the calibrated share (Table 1: 87.37% at τ = 2/3): exactly the 3:0 and 2:1 questions.
        var skipRate = 1 - report.AggregatorCalls / (double)results.Count;
        Assert.InRange(skipRate, profile.Patterns.Unanimous + profile.Patterns.Majority - 0.02, profile.Patterns.Unanimous + profile.Patterns.Majority + 0.02);
        Assert.All(results, r => Assert.Equal(model.Question(r.QuestionId).Pattern == AgreementPattern.Split, r.AggregatorCall is not null));

        // Every expert call is the model's (expert, question, slot) draw; the disagreements carry the longer traces (§5.4).
        foreach (var result in results)
        {
            var question = fixture.Questions.Single(q => q.Id == result.QuestionId);
            Assert.Equal(
                question.Experts.Select((expert, slot) => model.ExpertCall(expert, question.Id, slot).OutputTokens),
                result.ExpertCalls.Select(c => c.OutputTokens));
        }

        double MeanTrace(bool aggregated) => results.Where(r => (r.AggregatorCall is not null) == aggregated).Average(r => r.ExpertCalls.Average(c => c.OutputTokens));
        Assert.True(MeanTrace(aggregated: true) > 1.3 * MeanTrace(aggregated: false));

        // An aggregator call reads its question's actual responses (a reasoning trace only in its visible part) and costs
        // the TP = 4 engine's prefill of that prompt plus the decode of its output.
        foreach (var result in results.Where(r => r.AggregatorCall is not null))
        {
            var responses = result.ExpertCalls.Select(c => new ExpertResponse(c.Expert, c.OutputTokens)).ToArray();
            var expected = model.AggregatorCall(result.QuestionId, responses, AggregatorPlacement.TensorParallel);
            var visible = responses.Sum(r => profile.Expert(r.Expert).Kind == ExpertKind.Reasoning
                ? profile.Aggregator.VisibleReasoningFraction * r.OutputTokens
                : r.OutputTokens);
            var call = result.AggregatorCall!;
            Assert.Equal((int)Math.Round(profile.Aggregator.QuestionTokens + visible), call.InputTokens);
            Assert.Equal(expected.OutputTokens, call.OutputTokens);
            Assert.Equal(profile.Aggregator.PrefillSecondsPerToken * call.InputTokens + profile.Aggregator.DecodeSecondsPerToken * call.OutputTokens,
                call.Seconds, 9);
        }
    }
}
