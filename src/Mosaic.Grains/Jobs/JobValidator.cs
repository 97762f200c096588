using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;

namespace Mosaic.Grains.Jobs;

/// <summary>Checks a routed job against the cluster's pool; returns the first problem in one line, or null when it can run.</summary>
internal static class JobValidator
{
    public static string? Validate(JobSpec spec, IReadOnlyDictionary<string, ExpertOptions> pool)
    {
        if (spec.Questions is not { Count: > 0 })
        {
            return "the job has no questions";
        }

        if (spec.MaxNewTokens is < 1)
        {
            return $"max new tokens must be positive, got {spec.MaxNewTokens}";
        }

        if (!Enum.IsDefined(spec.Scheduler) || !Enum.IsDefined(spec.AnswerFormat) || !Enum.IsDefined(spec.Priority))
        {
            return "unknown scheduler, answer format or priority";
        }

        if (spec.Retention < TimeSpan.Zero)
        {
            return $"the retention must not be negative, got {spec.Retention}";
        }

        if (spec.WatchLease <= TimeSpan.Zero)
        {
            return $"the watch lease must be positive, got {spec.WatchLease}";
        }

        if (GateError(spec.Gate) is { } gateError)
        {
            return gateError;
        }

        var experts = new HashSet<string>(spec.ExpertPool, StringComparer.Ordinal);
        if (spec.Aggregator is not null && !pool.ContainsKey(spec.Aggregator))
        {
            return $"aggregator '{spec.Aggregator}' is not a model this cluster serves ({Served(pool)})";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in spec.Questions)
        {
            if (string.IsNullOrWhiteSpace(question.Id) || question.Id.Contains(':') || question.Id.Contains('/'))
            {
                return $"question id '{question.Id}' must be non-empty and contain no ':' or '/'";
            }

            if (question.Id.Length > Storage.MosaicStorage.MaxIdLength)
            {
                return $"question id '{question.Id[..32]}…' is {question.Id.Length} characters long; the limit is {Storage.MosaicStorage.MaxIdLength}";
            }

            if (!ids.Add(question.Id))
            {
                return $"question id '{question.Id}' appears twice";
            }

            if (string.IsNullOrWhiteSpace(question.Text))
            {
                return $"question '{question.Id}' has no text";
            }

            if (question.MaxNewTokens is < 1)
            {
                return $"question '{question.Id}': max new tokens must be positive, got {question.MaxNewTokens}";
            }

            if (question.Experts is not { Count: > 0 })
            {
                return $"question '{question.Id}' is routed to no expert";
            }

            if (question.Experts.FirstOrDefault(e => !experts.Contains(e)) is { } outside)
            {
                return $"question '{question.Id}' is routed to expert '{outside}', which is not in the job's expert pool";
            }
        }

        // Only the experts the questions use need a profile: a pool that lists one this silo lacks (its silo configured
        // with an older pool, during a rolling update) still runs questions that do not use it.
        if (MissingProfiles(spec, pool).FirstOrDefault() is { } unknown)
        {
            return $"expert '{unknown}' is not a model this cluster serves ({Served(pool)})";
        }

        return null;
    }

    private static string Served(IReadOnlyDictionary<string, ExpertOptions> pool) =>
        pool.Count == 0 ? "it serves none" : $"it serves {string.Join(", ", pool.Keys.Order(StringComparer.Ordinal))}";

    /// <summary>The models the routed job uses (its questions' experts, its aggregator) that <paramref name="pool"/> has no profile for.</summary>
    public static IEnumerable<string> MissingProfiles(JobSpec spec, IReadOnlyDictionary<string, ExpertOptions> pool) =>
        MissingProfiles(spec.Questions.SelectMany(q => q.Experts).Append(spec.Aggregator).OfType<string>().Distinct(StringComparer.Ordinal), pool);

    /// <summary>Those of <paramref name="models"/> that <paramref name="pool"/> has no profile for.</summary>
    public static IEnumerable<string> MissingProfiles(IEnumerable<string> models, IReadOnlyDictionary<string, ExpertOptions> pool) =>
        models.Where(m => !pool.ContainsKey(m));

    private static string? GateError(GateSpec gate)
    {
        if (gate is null || !Enum.IsDefined(gate.Rule) || !Enum.IsDefined(gate.SameExpert))
        {
            return "the gate needs a known rule (vote, beta or off) and same-expert policy";
        }

        return gate.Rule != GateRule.Off && gate.Threshold is not (> 0 and <= 1)
            ? $"gate threshold must be in (0, 1], got {gate.Threshold}"
            : null;
    }

    public static GateSettings Settings(GateSpec gate) => new(gate.Rule, gate.Rule == GateRule.Off ? 1 : gate.Threshold, gate.SameExpert);
}
