using System.Text.Json;

namespace Mosaic.Scheduling.Profiling;

/// <summary>
/// Reads the profiles <c>mosaic profile</c> and <c>mosaic zoo profile</c> write, by expert name, from a folder:
/// <c>DIR/&lt;expert&gt;/profile.json</c> (the layout of a model zoo, profile beside the weights) or
/// <c>DIR/&lt;expert&gt;.json</c>.
/// </summary>
public static class ProfileDirectory
{
    public const string FileName = "profile.json";

    /// <summary>The profile of every expert in <paramref name="experts"/> that has one in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidInstanceException">The folder is missing, or a profile file is unreadable (named).</exception>
    public static IReadOnlyDictionary<string, ExpertProfile> Load(string directory, IEnumerable<string> experts)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidInstanceException($"profile folder '{directory}' does not exist");
        }

        var profiles = new Dictionary<string, ExpertProfile>(StringComparer.Ordinal);
        foreach (var expert in experts.Distinct(StringComparer.Ordinal))
        {
            var path = new[] { Path.Combine(directory, expert, FileName), Path.Combine(directory, expert + ".json") }.FirstOrDefault(File.Exists);
            if (path is not null)
            {
                profiles[expert] = Read(path) with { Expert = expert };
            }
        }

        return profiles;
    }

    /// <exception cref="InvalidInstanceException">The file is unreadable or not a profile; the message names it.</exception>
    public static ExpertProfile Read(string path)
    {
        try
        {
            var profile = JsonSerializer.Deserialize<ExpertProfile>(File.ReadAllText(path)) ?? throw new JsonException("the file is empty");
            return profile.SessionTime is null || !(profile.LoadSeconds >= 0) || !(profile.MeanOutputTokens > 0)
                ? throw new JsonException("load_s, mean_output_tokens and session_time are required")
                : profile;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidInstanceException($"{path}: not a readable expert profile ({JsonErrorText.Describe(e)})");
        }
    }
}
