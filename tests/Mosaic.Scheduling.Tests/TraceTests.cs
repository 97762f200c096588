using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class TraceTests
{
    [Fact]
    public void FromPredictions_CostsArePromptCostsOfActiveExperts()
    {
        var instance = new SchedulingInstance(
            "t",
            [
                new ExpertSpec("a", ExpertKind.Instruct, 1, 0.5, 3),
                new ExpertSpec("b", ExpertKind.Reasoning, 1, 9, 2, PromptCosts: [4, 7]),
                new ExpertSpec("idle", ExpertKind.Reasoning, 1, 9, 0),
            ],
            [new WorkerSpec("w")],
            3);

        var trace = Trace.FromPredictions(instance);

        Assert.Equal([0.5, 0.5, 0.5], trace.Seconds["a"]);
        Assert.Equal([4.0, 7.0], trace.Seconds["b"]);
        Assert.Equal([0, 0], trace.OutputTokens["b"]);
        Assert.False(trace.Seconds.ContainsKey("idle"));
        Assert.Equal(7.0, trace.Cost("b", 1));
    }

    [Fact]
    public void Cost_UnknownExpert_IsNamed()
    {
        var trace = new Trace(new Dictionary<string, IReadOnlyList<double>>(), new Dictionary<string, IReadOnlyList<int>>());

        var error = Assert.Throws<ArgumentException>(() => trace.Cost("ghost", 0));

        Assert.Equal("expert", error.ParamName);
        Assert.StartsWith("the trace has no costs for expert 'ghost'", error.Message);
    }
}
