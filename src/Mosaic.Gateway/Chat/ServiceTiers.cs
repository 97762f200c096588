using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Gateway.Api;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// OpenAI's <c>service_tier</c> of a chat completion or response: <c>flex</c> (slower, for work nobody waits on) runs the
/// question as a batch job, behind every interactive question on the workers; <c>auto</c>, <c>default</c> and
/// <c>priority</c> run it as an interactive job. The completion says which tier served it.
/// </summary>
internal static class ServiceTiers
{
    public const string Default = "default";
    public const string Flex = "flex";

    private static readonly string[] Known = ["auto", Default, Flex, "priority"];

    /// <exception cref="ApiException">An unknown tier (400 <c>invalid_value</c>) or not a string (<c>invalid_type</c>).</exception>
    public static JobPriority Read(JsonElement body)
    {
        if (!body.TryGetProperty("service_tier", out var tier) || tier.ValueKind == JsonValueKind.Null)
        {
            return JobPriority.Interactive;
        }

        if (tier.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest("'service_tier' must be a string.", "invalid_type", "service_tier");
        }

        return tier.GetString() switch
        {
            Flex => JobPriority.Batch,
            { } name when Known.Contains(name, StringComparer.Ordinal) => JobPriority.Interactive,
            var name => throw ApiException.BadRequest($"'service_tier' must be one of {string.Join(", ", Known)}, got '{name}'.", "invalid_value", "service_tier"),
        };
    }

    public static string NameOf(JobPriority priority) => priority == JobPriority.Batch ? Flex : Default;
}
