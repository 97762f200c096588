using Mosaic.Aggregation.Gating;
using Mosaic.Scheduling.Baselines;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class PipelineSimulatorTests
{
    private static readonly SchedulingInstance Gpqa = PaperInstances.Get("paper:gpqa");
    private static readonly IReadOnlyList<EmulatedQuestion> Questions = EmulatedWorkload.Deal(Gpqa, 0);
    private static readonly EmulationModel Model = new(PaperCalibration.For("paper:gpqa"), Questions, 0);
    private static readonly SchedulePlan Ilp = new MosaicIlpScheduler().Plan(Gpqa);

    private static PipelineResult Run(PipelineOptions options, SchedulePlan? plan = null) =>
        PipelineSimulator.Run(plan ?? Ilp, Gpqa, Questions, Model, options);

    [Fact]
    public void FullAggregation_SendsEveryQuestionToOneTensorParallelRun()
    {
        var result = Run(PipelineOptions.FullAggregation);

        var calls = Questions.Select(q => Model.AggregatorCall(q.Id, EmulationModelTests.Responses(Model, q), AggregatorPlacement.TensorParallel)).ToArray();
        Assert.Equal(198, result.AggregatorCalls);
        Assert.Equal(0, result.SkipRate);
        Assert.Equal(Model.AggregatorStageFixedSeconds + EmulationModel.AggregatorRunSeconds(calls), result.AggregatorStageSeconds, 6);
        Assert.Equal(calls.Count(c => c.Correct), result.CorrectAnswers);
    }

    [Theory]
    [InlineData(2.0 / 3.0, 25)]
    [InlineData(1.0, 124)]
    public void Gate_AggregatesExactlyTheQuestionsThatDoNotAgreeEnough(double threshold, int aggregated)
    {
        var result = Run(new PipelineOptions(new GateSettings(GateRule.VoteFraction, threshold)));

        Assert.Equal(aggregated, result.AggregatorCalls);
    }

    [Fact]
    public void Barrier_StartsTheAggregatorAfterTheLastExpertCall()
    {
        var result = Run(new PipelineOptions(GateSettings.Aggressive));

        // The aggregator (QwenR1 on GPQA) is also an expert, so its stage is found by kind: its load then its run.
        var aggregation = result.Workers.SelectMany(w => w.Intervals.SkipWhile(i => i.Kind != TimelineInterval.Aggregate).Prepend(w.Intervals[^2])).ToArray();
        Assert.Equal(8, aggregation.Length);
        Assert.All(aggregation, i => Assert.True(i.Start >= result.ExpertStageSeconds - 1e-9));
        Assert.Equal(result.EndToEndSeconds, result.Workers.Max(w => w.FinishSeconds), 6);
    }

    [Fact]
    public void Overlap_AggregatesOnWorkersThatFinishedTheirExpertsEarly()
    {
        var result = Run(new PipelineOptions(GateSettings.Conservative, OverlapStages: true));

        var aggregation = result.Workers.SelectMany(w => w.Intervals).Where(i => i.Kind == TimelineInterval.Aggregate).ToArray();
        Assert.Equal(result.AggregatorCalls, aggregation.Length);
        Assert.Contains(aggregation, i => i.Start < result.ExpertStageSeconds);
        Assert.Equal(result.EndToEndSeconds, result.Workers.Max(w => w.FinishSeconds), 6);
    }

    [Fact]
    public void EarlyDecisions_CancelTheThirdCallOfQuestionsWhoseFirstTwoAgree()
    {
        var published = Run(new PipelineOptions(GateSettings.Aggressive));
        var early = Run(new PipelineOptions(GateSettings.Aggressive, EarlyDecisions: true));
        var conservative = Run(new PipelineOptions(GateSettings.Conservative, EarlyDecisions: true));

        Assert.InRange(early.CancelledExpertCalls, 74, 173);
        Assert.Equal(published.CorrectAnswers, early.CorrectAnswers);
        Assert.True(early.ExpertStageSeconds < published.ExpertStageSeconds);
        Assert.Equal(0, conservative.CancelledExpertCalls);
    }

    [Fact]
    public void SmallInstructionRuns_LastAtLeastTheirFloor()
    {
        var result = Run(PipelineOptions.FullAggregation, new RoundRobinScheduler().Plan(Gpqa));

        var gemma = result.Workers.SelectMany(w => w.Intervals).Single(i => i.Kind == TimelineInterval.Compute && i.Expert == "Gemma");
        Assert.Equal(4, gemma.Prompts);
        Assert.Equal(Model.RunFloorSeconds("Gemma", 4), gemma.Duration, 9);
    }

    [Fact]
    public void DataParallel_SerializesLoadsAndWaitsAtEveryBarrier()
    {
        var plan = new DataParallelScheduler().Plan(Gpqa);

        var result = Run(PipelineOptions.FullAggregation, plan);

        var loads = result.Workers.Select(w => w.Intervals.First(i => i.Kind == TimelineInterval.Load && i.Expert == "LlamaR1")).ToArray();
        Assert.All(loads.Select((l, n) => (l, n)), p => Assert.Equal((p.n + 1) * 45.0, p.l.Duration, 6));
        Assert.All(loads, l => Assert.Equal(loads[0].Start, l.Start, 9));
        var previousPhaseEnd = result.Workers.Max(w => w.Intervals.Where(i => i.Kind == TimelineInterval.Compute && i.Expert == "QwenR1").Max(i => i.End));
        Assert.Equal(previousPhaseEnd, loads[0].Start, 9);
    }

    private static readonly SchedulePlan RoundRobin = new RoundRobinScheduler().Plan(Gpqa);

    private static SchedulePlan WithGemma(params int[] promptIds) => RoundRobin with
    {
        Workers = RoundRobin.Workers.Select(w => w with
        {
            Sessions = w.Sessions.Select(s => s.Expert == "Gemma" ? s with { PromptIds = promptIds } : s).ToArray(),
        }).ToArray(),
    };

    [Theory]
    [InlineData(new[] { 0, 1, 2, 4 }, "the plan's prompt 4 of 'Gemma' is outside 0..3")]
    [InlineData(new[] { -1, 0, 1, 2, 3 }, "the plan's prompt -1 of 'Gemma' is outside 0..3")]
    [InlineData(new[] { 0, 1, 1, 2, 3 }, "the plan serves prompt 1 of 'Gemma' twice")]
    [InlineData(new[] { 0, 1 }, "the plan leaves 2 routed expert call(s) unserved")]
    public void BadPlan_IsRejectedNamingTheProblem(int[] gemmaPrompts, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => Run(PipelineOptions.FullAggregation, WithGemma(gemmaPrompts)));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void PlanRunningAnUnroutedExpert_IsRejected()
    {
        var plan = RoundRobin with
        {
            Workers = [.. RoundRobin.Workers, new WorkerPlan("gpu0", [new PlannedSession("Nobody", [0], 1, 1)])],
        };

        var error = Assert.Throws<ArgumentException>(() => Run(PipelineOptions.FullAggregation, plan));

        Assert.Equal("the plan runs expert 'Nobody', which no question is routed to", error.Message);
    }

    [Fact]
    public void PlanWorkerOutsideTheInstance_IsRejected()
    {
        var plan = RoundRobin with { Workers = [.. RoundRobin.Workers.Skip(1), RoundRobin.Workers[0] with { Worker = "ghost" }] };

        var error = Assert.Throws<ArgumentException>(() => Run(PipelineOptions.FullAggregation, plan));

        Assert.Equal("plan worker 'ghost' is not in the instance", error.Message);
    }

    [Fact]
    public void InfeasiblePlan_IsRejectedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => Run(PipelineOptions.FullAggregation, SchedulePlan.Infeasible("mosaic", TimeSpan.Zero)));

        Assert.Equal("plan", error.ParamName);
        Assert.StartsWith("plan of 'mosaic' is infeasible and cannot be executed", error.Message);
    }

    [Fact]
    public void RoundRobin_FullAggregation_EveryWorkerLoadsThenRunsItsSessionsInPlanOrder()
    {
        var result = Run(PipelineOptions.FullAggregation, RoundRobin);

        Assert.Equal(RoundRobin.Workers.Select(w => w.Worker), result.Workers.Select(w => w.Worker));
        foreach (var (timeline, plan) in result.Workers.Zip(RoundRobin.Workers))
        {
            var expertIntervals = timeline.Intervals.Take(2 * plan.Sessions.Count).ToArray();
            Assert.Equal(plan.Sessions.SelectMany(s => new[] { (TimelineInterval.Load, s.Expert), (TimelineInterval.Compute, s.Expert) }), expertIntervals.Select(i => (i.Kind, i.Expert)));
            Assert.Equal(0, expertIntervals[0].Start);
            Assert.All(expertIntervals.Zip(expertIntervals.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start, 9));
            Assert.All(plan.Sessions.Select((s, k) => (s, k)), p =>
            {
                var load = expertIntervals[2 * p.k];
                var compute = expertIntervals[2 * p.k + 1];
                Assert.Equal(p.s.LoadSeconds, load.Duration, 9);
                Assert.Equal(p.s.PromptCount, compute.Prompts);
                Assert.True(compute.Duration >= Model.RunFloorSeconds(p.s.Expert, p.s.PromptCount) - 1e-9);
            });
        }

        Assert.Equal(result.ExpertStageSeconds, result.Workers.Max(w => w.Intervals.Where(i => i.Kind == TimelineInterval.Compute).Max(i => i.End)), 9);
        Assert.Equal(198, result.Questions);
        Assert.Equal(0, result.CancelledExpertCalls);
    }

    [Fact]
    public void IncompletePlan_IsRejectedWithTheCount()
    {
        var broken = Ilp with { Workers = Ilp.Workers.Skip(1).ToArray() };

        var e = Assert.Throws<ArgumentException>(() => Run(PipelineOptions.FullAggregation, broken));

        Assert.Contains("unserved", e.Message);
    }
}
