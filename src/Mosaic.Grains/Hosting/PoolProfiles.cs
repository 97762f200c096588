using System.Text.Json;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Grains.Hosting;

/// <summary>
/// The planner's cost profile of every model in the pool: the measured profile file of <c>mosaic profile</c> when
/// an expert names one (its load time and T(N)), else the numbers configured for it. Read at every plan (a few small
/// files against a solve): a model re-profiled while the cluster runs is priced from its new profile at the next job.
/// </summary>
internal static class PoolProfiles
{
    /// <exception cref="ArgumentException">A profile file is missing or unreadable; the message names it.</exception>
    public static IReadOnlyDictionary<string, ExpertProfile> Load(IReadOnlyDictionary<string, ExpertOptions> experts) =>
        experts.ToDictionary(p => p.Key, p => Load(p.Key, p.Value), StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The profile file is missing or unreadable; the message names it.</exception>
    public static ExpertProfile Load(string name, ExpertOptions expert)
    {
        if (expert.ProfilePath is not { } path)
        {
            return ExpertProfile.Linear(name, expert.Kind, expert.LoadSeconds, expert.PerPromptSeconds, expert.MeanOutputTokens, expert.MemoryGb);
        }

        try
        {
            var measured = JsonSerializer.Deserialize<ExpertProfile>(File.ReadAllText(path))
                ?? throw new JsonException("the file is empty");
            return measured with { Expert = name, MemoryGb = expert.MemoryGb ?? measured.MemoryGb };
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"expert '{name}': cannot read profile '{path}': {e.Message}");
        }
    }
}
