using Mosaic.Abstractions.Jobs;
using Mosaic.Routing;

namespace Mosaic.Grains.Jobs;

/// <summary>
/// Routes a job's unrouted questions with its router spec (pure; the result is persisted with the job). A question's
/// draw is seeded by its text, not its id: the front doors name questions by position (a chat question is always "q",
/// a batch line "l7"), so seeding by id sent every chat question of a skill to the same experts, and the same question
/// to different experts depending on where it came from.
/// </summary>
internal static class JobRouter
{
    /// <summary>Returns the spec with every question routed, or throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static JobSpec Route(JobSpec spec)
    {
        var unrouted = spec.Questions.Where(q => q.Experts is not { Count: > 0 }).ToArray();
        if (unrouted.Length == 0)
        {
            return spec;
        }

        if (spec.Router is not { } router)
        {
            throw new ArgumentException($"question '{unrouted[0].Id}' is routed to no expert and the job has no router");
        }

        foreach (var expert in router.SkillAccuracy.Keys)
        {
            if (!spec.ExpertPool.Contains(expert))
            {
                throw new ArgumentException($"the router scores expert '{expert}', which is not in the job's expert pool");
            }
        }

        if (unrouted.FirstOrDefault(q => string.IsNullOrWhiteSpace(q.Skill)) is { } noSkill)
        {
            throw new ArgumentException($"question '{noSkill.Id}' has no experts and no skill to route it by");
        }

        SkillRouter skillRouter;
        try
        {
            skillRouter = new SkillRouter(
                SkillProfile.FromAccuracy(InPoolOrder(router.SkillAccuracy, spec.ExpertPool)),
                new RouterOptions { K = router.K, WithReplacement = router.WithReplacement, Temperature = router.Temperature, Seed = router.Seed });
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid router: {e.Message}");
        }

        return spec with
        {
            Questions = spec.Questions
                .Select(q => q.Experts is { Count: > 0 } ? q : q with { Experts = skillRouter.Choose(q.Text ?? "", q.Skill!) /* no text: the validator refuses it, naming the question */.ToArray() })
                .ToArray(),
        };
    }

    /// <summary>
    /// The accuracies in the pool's expert order. A draw picks experts by their position in the profile, so the order
    /// of the dictionary must not decide it: the gateway's configuration binder hands the experts over in key order
    /// (quick-large before quick-small), a pool file in its own, and the same question went to different experts.
    /// </summary>
    private static Dictionary<string, IReadOnlyDictionary<string, double>> InPoolOrder(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> accuracy, IReadOnlyList<string> pool) =>
        pool.Distinct(StringComparer.Ordinal).Where(accuracy.ContainsKey).ToDictionary(e => e, e => accuracy[e], StringComparer.Ordinal);
}
