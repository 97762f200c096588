using System.Text.RegularExpressions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Hosting;

namespace Mosaic.Hosting.Pools;

/// <summary>
/// A serving pool as <c>mosaic run --config</c>, <c>mosaic serve --config</c> and <c>Mosaic.Silo --pool</c> read it (format in docs/demo.md): the model name requests use, the
/// experts and the aggregator with their checkpoint folders, kinds and limits (as the silo options), how questions
/// are routed (skill patterns and the router's calibration accuracies), the gate, the scheduler, the answer format,
/// and whether a question's slots routed to the same expert share one call.
/// </summary>
internal sealed record PoolConfig(
    string Model,
    MosaicGrainsOptions Grains,
    string Aggregator,
    GateSpec Gate,
    SchedulerKind Scheduler,
    AnswerFormat AnswerFormat,
    bool OverlapStages,
    int Workers,
    RouterSpec? Router,
    IReadOnlyList<SkillPattern> Skills,
    bool ShareRepeatedCalls = true)
{
    public const string DefaultSkill = "general";

    public IReadOnlyList<string> Experts => [.. Grains.Experts.Keys.Where(e => e != Aggregator)];

    /// <summary>The skill of a question: the first pattern that matches its text, else <see cref="DefaultSkill"/>.</summary>
    public string SkillOf(string text) => Skills.FirstOrDefault(s => s.Pattern.IsMatch(text.Trim()))?.Name ?? DefaultSkill;

    internal static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
