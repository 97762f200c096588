using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Jobs;

namespace Mosaic.Grains.Tests;

public sealed class JobRouterTests
{
    private static readonly string[] Experts = ["alpha", "beta", "gamma"];

    private static readonly RouterSpec Router = new(
        Experts.ToDictionary(e => e, e => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["add"] = e == "gamma" ? 0.1 : 0.85 }),
        Seed: 7);

    [Fact]
    public void Route_TheSameTextUnderAnyId_DrawsTheSameExperts()
    {
        // What every front door sends: a chat question is always "q", a batch names its lines.
        var routed = Route(
            new QuestionSpec("q", "What is 12 + 30?", [], "add"),
            new QuestionSpec("l1", "What is 12 + 30?", [], "add"),
            new QuestionSpec("l2", "What is 12 + 30?", [], "add"));

        Assert.Equal(routed[0].Experts, routed[1].Experts);
        Assert.Equal(routed[0].Experts, routed[2].Experts);
    }

    [Fact]
    public void Route_DifferentTextsUnderOneId_DrawExpertsApart()
    {
        // Seeded by id, forty chat questions of one skill all went to one set of experts.
        var sets = Enumerable.Range(0, 40)
            .Select(i => Route(new QuestionSpec("q", $"What is {i} + {i * 3}?", [], "add"))[0].Experts)
            .Select(experts => string.Join(",", experts))
            .Distinct()
            .Count();

        Assert.True(sets > 5, $"{sets} distinct expert draws over 40 questions");
    }

    [Fact]
    public void Route_TheAccuraciesInAnyKeyOrder_DrawTheSameExperts()
    {
        // The gateway's configuration binder gives the experts in key order, a pool file in its own (helper run, 2026-12-05:
        // 80 of 600 answers differed between the gateway and mosaic run on one pool).
        var questions = Enumerable.Range(0, 40).Select(i => new QuestionSpec($"l{i}", $"What is {i} + {i * 3}?", [], "add")).ToArray();
        var reversed = Router with { SkillAccuracy = Experts.Reverse().ToDictionary(e => e, e => Router.SkillAccuracy[e]) };

        var asGiven = Route(questions);
        var fromReversed = JobRouter.Route(new JobSpec(questions, Experts, "agg", new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true), Router: reversed)).Questions;

        Assert.Equal(asGiven.Select(q => string.Join(",", q.Experts)), fromReversed.Select(q => string.Join(",", q.Experts)));
    }

    [Fact]
    public void Route_AQuestionWithoutText_IsLeftToTheValidator()
    {
        var routed = Route(new QuestionSpec("q", null!, [], "add"));

        Assert.Equal(3, routed[0].Experts.Count);
        Assert.Equal("question 'q' has no text", JobValidator.Validate(new JobSpec(routed, Experts, null, new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true)), Experts.ToDictionary(e => e, _ => new ExpertOptions())));
    }

    [Fact]
    public void Route_QuestionsThatComeWithExperts_AreKept()
    {
        var routed = Route(new QuestionSpec("q", "What is 1 + 1?", ["gamma", "gamma", "gamma"], "add"));

        Assert.Equal(["gamma", "gamma", "gamma"], routed[0].Experts);
    }

    private static IReadOnlyList<QuestionSpec> Route(params QuestionSpec[] questions) =>
        JobRouter.Route(new JobSpec(questions, Experts, "agg", new GateSpec(GateRule.VoteFraction, 2.0 / 3.0, SameExpertPolicy.CountEverySlot, true), Router: Router)).Questions;
}
