namespace Mosaic.Scheduling.Tests;

public sealed class SchedulingInstanceTests
{
    private static readonly ExpertSpec Expert = new("x", ExpertKind.Instruct, 1, 1, 3);

    private static SchedulingInstance With(
        ExpertSpec? expert = null, WorkerSpec? worker = null, string name = "demo", int k = 2) =>
        new(name, [expert ?? Expert], [worker ?? new WorkerSpec("a")], k);

    public static TheoryData<SchedulingInstance, string> Invalid => new()
    {
        { With(name: " "), "instance name is empty" },
        { new SchedulingInstance("demo", [Expert], [], 2), "the instance has zero workers" },
        { new SchedulingInstance("demo", [], [new WorkerSpec("a")], 2), "the instance has no experts" },
        { With(k: 0), "max_models_per_worker must be at least 1, got 0" },
        { With(worker: new WorkerSpec(" ")), "worker id is missing or empty" },
        { new SchedulingInstance("demo", [Expert], [new WorkerSpec("a"), new WorkerSpec("a")], 2), "worker id 'a' appears twice" },
        { With(worker: new WorkerSpec("a", Speed: 0)), "worker 'a' speed must be a finite number > 0, got 0" },
        { With(worker: new WorkerSpec("a", Speed: -1)), "worker 'a' speed must be a finite number > 0, got -1" },
        { With(worker: new WorkerSpec("a", Speed: double.PositiveInfinity)), $"worker 'a' speed must be a finite number > 0, got {double.PositiveInfinity}" },
        { With(worker: new WorkerSpec("a", MemoryGb: 0)), "worker 'a' memory_gb must be a finite number > 0, got 0" },
        { With(Expert with { Name = "" }), "expert name is missing or empty" },
        { new SchedulingInstance("demo", [Expert, Expert], [new WorkerSpec("a")], 2), "expert name 'x' appears twice" },
        { With(Expert with { LoadSeconds = -1 }), "expert 'x' load_s must be a finite number >= 0, got -1" },
        { With(Expert with { LoadSeconds = double.PositiveInfinity }), $"expert 'x' load_s must be a finite number >= 0, got {double.PositiveInfinity}" },
        { With(Expert with { PerPromptSeconds = double.NaN }), "expert 'x' per_prompt_s must be a finite number >= 0, got NaN" },
        { With(Expert with { Prompts = -1 }), "expert 'x' prompts must not be negative, got -1" },
        { With(Expert with { MemoryGb = 0 }), "expert 'x' memory_gb must be a finite number > 0, got 0" },
        { With(Expert with { MeanOutputTokens = 0 }), "expert 'x' mean_output_tokens must be a finite number > 0, got 0" },
        { With(Expert with { LongestPromptSeconds = -0.5 }), $"expert 'x' longest_prompt_s must be a finite number >= 0, got {-0.5}" },
        { With(Expert with { PromptCosts = [1, 2] }), "expert 'x' has 2 prompt costs for 3 prompts" },
        { With(Expert with { PromptCosts = [1, -2, 3] }), "expert 'x' prompt cost #1 must be a finite number >= 0, got -2" },
        { With(Expert with { Prompts = 0 }), "no expert has any prompts" },
        {
            new SchedulingInstance("demo", [Expert, Expert with { Name = "y" }, Expert with { Name = "z" }], [new WorkerSpec("a"), new WorkerSpec("b")], 1),
            "max_models_per_worker = 1 is too small: 2 worker(s) can host at most 2 experts but 3 have prompts (need K >= 2)"
        },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidField_ThrowsTheExactOneLineMessage(SchedulingInstance instance, string expected)
    {
        var error = Assert.Throws<InvalidInstanceException>(() => instance.Validate());

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Validate_BoundaryValues_AreAccepted()
    {
        // Zero is allowed where the rule is ">= 0", K · N equal to the active experts is enough, and an expert
        // without prompts does not count against K.
        var instance = new SchedulingInstance(
            "demo",
            [
                new ExpertSpec("x", ExpertKind.Instruct, 0, 0, 2, MemoryGb: 1, MeanOutputTokens: 1, LongestPromptSeconds: 0, PromptCosts: [0, 0]),
                new ExpertSpec("y", ExpertKind.Reasoning, 1, 1, 1),
                new ExpertSpec("idle", ExpertKind.Reasoning, 1, 1, 0),
            ],
            [new WorkerSpec("a", MemoryGb: 1), new WorkerSpec("b", Speed: 0.5)],
            1);

        Assert.Same(instance, instance.Validate());
    }

    [Fact]
    public void ActiveExperts_LeaveOutExpertsWithoutPrompts_AndTotalPromptsCountsAll()
    {
        var instance = new SchedulingInstance(
            "demo",
            [Expert, Expert with { Name = "idle", Prompts = 0 }, Expert with { Name = "y", Prompts = 4 }],
            [new WorkerSpec("a")],
            2);

        Assert.Equal(["x", "y"], instance.ActiveExperts.Select(e => e.Name));
        Assert.Equal(7, instance.TotalPrompts);
    }
}
