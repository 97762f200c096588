using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class PlanSimulatorTests
{
    private static readonly SchedulingInstance Instance = new(
        "sim",
        [new ExpertSpec("a", ExpertKind.Instruct, 5, 3, 2), new ExpertSpec("b", ExpertKind.Reasoning, 3, 8, 3)],
        [new WorkerSpec("w0"), new WorkerSpec("w1", Speed: 2), new WorkerSpec("idle")],
        2);

    // The plan's own predictions are not used: the simulator charges the trace's costs.
    private static readonly SchedulePlan Plan = new(
        "hand",
        PlanStatus.Feasible,
        [
            new WorkerPlan("w0", [new PlannedSession("a", [0, 1], 5, 999), new PlannedSession("b", [0], 3, 999, Phase: 1)]),
            new WorkerPlan("w1", [new PlannedSession("b", [1, 2], 4, 999)]),
            new WorkerPlan("idle", []),
        ],
        0,
        null,
        TimeSpan.Zero);

    private static readonly Trace Costs = new(
        new Dictionary<string, IReadOnlyList<double>> { ["a"] = [2, 4], ["b"] = [10, 6, 10] },
        new Dictionary<string, IReadOnlyList<int>> { ["a"] = [1, 1], ["b"] = [1, 1, 1] });

    [Fact]
    public void Run_LinearCosts_LoadsThenComputesAtTheWorkersSpeedAndWaitsAtTheBarrier()
    {
        var result = PlanSimulator.Run(Plan, Instance, Costs);

        // w0: a loads 0–5, runs 6 s to 11; w1: b loads 0–4, runs 16 / 2 = 8 s to 12; phase 1 starts at 12 on w0.
        Assert.Equal(
            [
                new TimelineInterval(TimelineInterval.Load, "a", 0, 5, 0),
                new TimelineInterval(TimelineInterval.Compute, "a", 5, 11, 2),
                new TimelineInterval(TimelineInterval.Load, "b", 12, 15, 0),
                new TimelineInterval(TimelineInterval.Compute, "b", 15, 25, 1),
            ],
            result.Workers[0].Intervals);
        Assert.Equal(
            [new TimelineInterval(TimelineInterval.Load, "b", 0, 4, 0), new TimelineInterval(TimelineInterval.Compute, "b", 4, 12, 2)],
            result.Workers[1].Intervals);
        Assert.Empty(result.Workers[2].Intervals);
        Assert.Equal(["w0", "w1", "idle"], result.Workers.Select(w => w.Worker));
        Assert.Equal(25, result.MakespanSeconds);
    }

    [Fact]
    public void Run_WithARunTail_ChargesTheFloorOfShortInstructionRuns()
    {
        // D(n) = 20 s for any instruction run, none for reasoning: a's 6 s run lasts 20 s, so phase 1 starts at 25.
        var tail = new RunTail(InstructPlateauSeconds: 20, ReasoningPlateauSeconds: 0, Shape: 1);

        var result = PlanSimulator.Run(Plan, Instance, Costs, tail);

        Assert.Equal(25, result.Workers[0].Intervals[1].End);
        Assert.Equal(12, result.Workers[1].FinishSeconds);
        Assert.Equal(38, result.MakespanSeconds);
    }

    [Fact]
    public void Run_FloorOnAFastWorker_IsDividedByItsSpeed()
    {
        var tail = new RunTail(InstructPlateauSeconds: 20, ReasoningPlateauSeconds: 30, Shape: 1);

        var result = PlanSimulator.Run(Plan, Instance, Costs, tail);

        // b's two prompts on w1 (speed 2): max(16, 30) / 2 = 15 s after its 4 s load.
        Assert.Equal(19, result.Workers[1].FinishSeconds);
    }

    [Fact]
    public void Run_EmptyPlan_HasZeroMakespan()
    {
        var result = PlanSimulator.Run(Plan with { Workers = [] }, Instance, Costs);

        Assert.Equal(0, result.MakespanSeconds);
        Assert.Empty(result.Workers);
    }
}
