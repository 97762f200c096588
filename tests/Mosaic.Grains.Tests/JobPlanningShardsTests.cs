using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Grains.Queries;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Grains.Tests;

/// <summary>A real plan's calls turned into dispatch shards: every planned call once, grouped by question, slots in order.</summary>
public sealed class JobPlanningShardsTests
{
    [Fact]
    public void Shards_CarryEveryPlannedCallOnce_ByQuestionInOrder_SlotsInOrder()
    {
        var options = TestOptions.Emulated();
        var experts = new[] { "x", "y", "mid" };
        var random = new Random(7);
        var questions = Enumerable.Range(0, 700)
            .Select(i => new QuestionSpec($"q{i}", $"question {i}", [.. Enumerable.Range(0, 3).Select(_ => experts[random.Next(experts.Length)])]))
            .ToArray();
        var spec = new JobSpec(questions, experts, "agg", new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true));
        // Only some questions' calls are left to plan (a re-plan): the others must not appear in any shard.
        var calls = JobPlanning.AllCalls(spec).Where(c => c.QuestionIndex % 5 != 0 || c.Slot == 1).ToArray();
        var workers = new[] { new WorkerSpec("gpu0"), new WorkerSpec("gpu1") };
        var plan = StagePlanner.Plan(JobPlanning.Request(calls, spec, PoolProfiles.Load(options.Experts), workers, options, raiseModelsPerWorker: false));

        var shards = JobPlanning.Shards(plan, spec, "job", 3).ToArray();

        Assert.All(shards, s => Assert.Equal(("job", 3), (s.JobId, s.Generation)));
        Assert.All(shards.SkipLast(1), s => Assert.Equal(256, s.Questions.Count));
        var dispatched = shards.SelectMany(s => s.Questions).ToArray();
        Assert.Equal(Enumerable.Range(0, questions.Length), dispatched.Select(q => q.Index));
        Assert.All(dispatched, q => Assert.Same(questions[q.Index], q.Question));
        Assert.All(dispatched, q => Assert.Equal(q.Calls.OrderBy(c => c.Slot).Select(c => c.Slot), q.Calls.Select(c => c.Slot)));
        var planned = plan.Workers
            .SelectMany(w => w.Sessions.SelectMany(s => s.Calls.Select(c => (c.QuestionIndex, c.Slot, c.Expert, w.Worker))))
            .Order()
            .ToArray();
        var sent = dispatched.SelectMany(q => q.Calls.Select(c => (q.Index, c.Slot, c.Expert, c.Worker))).Order().ToArray();
        Assert.Equal(planned, sent);
        Assert.Equal(calls.Length, sent.Length);
    }

    [Fact]
    public void Shards_SkipQuestionsWithoutPlannedCalls()
    {
        var options = TestOptions.Emulated();
        var questions = Enumerable.Range(0, 10).Select(i => new QuestionSpec($"q{i}", $"question {i}", ["x", "y", "x"])).ToArray();
        var spec = new JobSpec(questions, ["x", "y"], "agg", new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true));
        var calls = JobPlanning.AllCalls(spec).Where(c => c.QuestionIndex is 2 or 7).ToArray();
        var plan = StagePlanner.Plan(JobPlanning.Request(calls, spec, PoolProfiles.Load(options.Experts), [new WorkerSpec("gpu0")], options, raiseModelsPerWorker: false));

        var shard = Assert.Single(JobPlanning.Shards(plan, spec, "job", 1));

        Assert.Equal([2, 7], shard.Questions.Select(q => q.Index));
        Assert.All(shard.Questions, q => Assert.Equal([0, 1, 2], q.Calls.Select(c => c.Slot)));
    }
}
