using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;
using Mosaic.Grains.Queries;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Jobs;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Grains.Tests;

/// <summary>
/// A real plan's calls turned into dispatch shards: every planned call once; each worker's calls in the order it runs
/// them, the workers' interleaved by planned start; within a shard, grouped by question with slots in order.
/// </summary>
public sealed class JobPlanningShardsTests
{
    [Fact]
    public void Shards_CarryEveryPlannedCallOnce_InTheOrderTheWorkersRunThem()
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
        Assert.All(plan.Workers, w => Assert.True(w.Sessions.Count >= 2, "each worker should run several sessions"));

        var shards = JobPlanning.Shards(plan, spec, "job", 3).ToArray();

        Assert.All(shards, s => Assert.Equal(("job", 3), (s.JobId, s.Generation)));
        Assert.All(shards.SkipLast(1), s => Assert.Equal(768, s.Questions.Sum(q => q.Calls.Count)));
        Assert.All(shards, s => Assert.Equal(s.Questions.Count, s.Questions.Select(q => q.Index).Distinct().Count()));
        var dispatched = shards.SelectMany(s => s.Questions).ToArray();
        Assert.All(dispatched, q => Assert.Same(questions[q.Index], q.Question));
        Assert.All(dispatched, q => Assert.Equal(q.Calls.OrderBy(c => c.Slot).Select(c => c.Slot), q.Calls.Select(c => c.Slot)));
        var sent = dispatched.SelectMany(q => q.Calls.Select(c => (q.Index, c.Slot, c.Expert, c.Worker))).ToArray();
        var planned = plan.Workers
            .SelectMany(w => w.Sessions.SelectMany(s => s.Calls.Select(c => (c.QuestionIndex, c.Slot, c.Expert, w.Worker))))
            .ToArray();
        Assert.Equal(planned.Order(), sent.Order());
        Assert.Equal(calls.Length, sent.Length);

        // Each worker gets its calls session by session, in session order, as it runs them: compared shard by shard,
        // since within a shard the calls are grouped by question.
        var position = sent.Select((call, i) => (call, i)).ToDictionary(p => p.call, p => p.i);
        var shardOf = new int[sent.Length];
        var next = 0;
        for (var s = 0; s < shards.Length; s++)
        {
            var size = shards[s].Questions.Sum(q => q.Calls.Count);
            Array.Fill(shardOf, s, next, size);
            next += size;
        }

        foreach (var worker in plan.Workers)
        {
            var inRunOrder = worker.Sessions.SelectMany(s => s.Calls).Select(c => shardOf[position[(c.QuestionIndex, c.Slot, c.Expert, worker.Worker)]]).ToArray();
            Assert.Equal(inRunOrder.Order(), inRunOrder);
        }

        // Across the workers, by planned start: no call of a shard is planned to start after any call of the next shard.
        var startOf = plan.Workers
            .SelectMany(w => w.Sessions.SelectMany(s => s.Calls.Select((c, i) => (
                Call: (c.QuestionIndex, c.Slot, c.Expert, w.Worker),
                Start: s.StartSeconds + s.LoadSeconds + i * (s.EndSeconds - s.StartSeconds - s.LoadSeconds) / s.Calls.Count))))
            .ToDictionary(p => p.Call, p => p.Start);
        var spans = sent.GroupBy(call => shardOf[position[call]]).OrderBy(g => g.Key).Select(g => (First: g.Min(c => startOf[c]), Last: g.Max(c => startOf[c]))).ToArray();
        Assert.All(spans.Zip(spans.Skip(1)), pair => Assert.True(pair.First.Last <= pair.Second.First, $"a call planned at {pair.First.Last} s is sent before one planned at {pair.Second.First} s"));

        // The workers are interleaved: the first shard already carries calls for both, and so does the last but one.
        Assert.Equal(2, shards[0].Questions.SelectMany(q => q.Calls).Select(c => c.Worker).Distinct().Count());
        Assert.Equal(2, shards[^2].Questions.SelectMany(q => q.Calls).Select(c => c.Worker).Distinct().Count());
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
