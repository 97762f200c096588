using Mosaic.Scheduling.Planning;

namespace Mosaic.Scheduling.Tests;

/// <summary>Structural checks every plan must pass.</summary>
internal static class PlanAssertions
{
    public static void EveryPromptExactlyOnce(SchedulePlan plan, SchedulingInstance instance)
    {
        foreach (var expert in instance.ActiveExperts)
        {
            var served = plan.Workers.SelectMany(w => w.Sessions).Where(s => s.Expert == expert.Name)
                .SelectMany(s => s.PromptIds).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, expert.Prompts), served);
        }

        var names = instance.ActiveExperts.Select(e => e.Name).ToHashSet();
        Assert.All(plan.Workers.SelectMany(w => w.Sessions), s => Assert.Contains(s.Expert, names));
    }

    public static void RespectsCaps(SchedulePlan plan, SchedulingInstance instance)
    {
        foreach (var worker in plan.Workers)
        {
            Assert.True(worker.Sessions.Select(s => s.Expert).Distinct().Count() <= instance.MaxModelsPerWorker,
                $"{plan.Scheduler}: worker {worker.Worker} loads more than K models");
        }

        foreach (var expert in instance.ActiveExperts)
        {
            var replicas = plan.ReplicaCounts.GetValueOrDefault(expert.Name);
            Assert.InRange(replicas, 1, CostModel.ReplicaCap(expert, instance.Workers.Count));
        }
    }
}
