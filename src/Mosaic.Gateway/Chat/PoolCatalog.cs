using System.Text.Json;
using System.Text.RegularExpressions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// The served models and how a request for one becomes a job. The MoA model: each question is routed by the pool's
/// router (or goes to every expert when the pool has none, or to the experts its request names), gated, and sent to the aggregator when the gate says so.
/// An expert's model: each question goes to that expert alone (k = 1), the gate is off and the job has no aggregator
/// (<see cref="JobSpec.Aggregator"/> null), so the answer is the expert's own.
/// </summary>
internal sealed class PoolCatalog
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The fields of a request's <c>mosaic</c> extension.</summary>
    private static readonly string[] ExtensionFields = ["experts", "skill", "gold"];
    private readonly PoolOptions _pool;
    private readonly RouterSpec? _router;
    private readonly (string Skill, Regex Pattern)[] _patterns;

    public PoolCatalog(PoolOptions pool)
    {
        _pool = pool;
        _router = pool.Router is { } router ? RouterSpecOf(router) : null;
        _patterns = pool.Router?.SkillPatterns.Select(p => (p.Key, new Regex(p.Value, RegexOptions.CultureInvariant, MatchTimeout))).ToArray() ?? [];
    }

    public string MoaModel => _pool.ModelName;

    /// <summary>The router questions of the MoA model are drawn by (with the fallback skill's accuracies); null without one.</summary>
    public RouterSpec? Router => _router;

    public IReadOnlyList<string> Models => _pool.ModelIds;

    public IReadOnlyList<string> Experts => _pool.Experts;

    /// <summary>Every model the cluster must know for this pool: the experts and the aggregator.</summary>
    public IEnumerable<string> RequiredClusterModels => _pool.Aggregator is { } aggregator ? _pool.Experts.Append(aggregator) : _pool.Experts;

    public bool IsModel(string model) => Models.Contains(model, StringComparer.Ordinal);

    /// <summary>The model, when served; else a 404 naming the served ones, as OpenAI answers a request for a model it does not have.</summary>
    /// <exception cref="ApiException">The model is not served.</exception>
    public string Require(string model) => IsModel(model)
        ? model
        : throw new ApiException(StatusCodes.Status404NotFound,
            $"The model '{model}' does not exist; GET /v1/models lists the served models ({string.Join(", ", Models)}).", "invalid_request_error", "model_not_found", "model");

    /// <summary>
    /// The request's <c>mosaic</c> extension: the skill it names (see <see cref="SkillOf"/>), the experts it routes
    /// the question to (<c>mosaic.experts</c>, in slot order, repeats allowed; null when not given) and its gold answer
    /// (<c>mosaic.gold</c>, for the job's accuracy). Only a question of the MoA model is routed: an expert's model answers alone.
    /// </summary>
    /// <exception cref="ApiException">The extension is malformed, names an unknown expert or routes an expert's request.</exception>
    public (string? Skill, IReadOnlyList<string>? Experts, string? Gold) RoutingOf(string model, string text, JsonElement body)
    {
        if (!body.TryGetProperty("mosaic", out var extension) || extension.ValueKind == JsonValueKind.Null)
        {
            return (SkillOf(model, text, null), null, null);
        }

        if (extension.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("'mosaic' must be an object.", "invalid_type", "mosaic");
        }

        foreach (var field in extension.EnumerateObject())
        {
            // A misspelt key ("expert") was ignored and the question routed as if it had said nothing.
            if (!ExtensionFields.Contains(field.Name, StringComparer.Ordinal))
            {
                throw ApiException.BadRequest(
                    $"'mosaic.{field.Name}' is not a field of the mosaic extension (it has {string.Join(", ", ExtensionFields)}).", "invalid_value", $"mosaic.{field.Name}");
            }
        }

        var skill = RequestFields.String(extension, "skill", "mosaic.skill");
        return (SkillOf(model, text, skill), ExpertsOf(model, extension), RequestFields.String(extension, "gold", "mosaic.gold") is { Length: > 0 } gold ? gold : null);
    }

    private string[]? ExpertsOf(string model, JsonElement extension)
    {
        const string param = "mosaic.experts";
        if (!extension.TryGetProperty("experts", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{param}' must be an array of expert names.", "invalid_type", param);
        }

        if (model != MoaModel)
        {
            throw ApiException.BadRequest(
                $"'{param}' routes a question of the MoA model '{MoaModel}'; a request to '{model}' is answered by it alone.", "invalid_value", param);
        }

        var experts = new string[list.GetArrayLength()];
        if (experts.Length == 0)
        {
            throw ApiException.BadRequest($"'{param}' is empty: name at least one expert, or leave it out to let the pool route the question.", "invalid_value", param);
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest($"'{param}' must be an array of expert names (strings), not of {item.ValueKind.ToString().ToLowerInvariant()}s.", "invalid_type", param);
            }

            var name = item.GetString()!;
            experts[index++] = Experts.Contains(name, StringComparer.Ordinal)
                ? name
                : throw ApiException.BadRequest(
                    $"'{param}' names an unknown expert '{name}'; the pool's experts are {string.Join(", ", Experts)}.", "invalid_value", param);
        }

        return experts;
    }

    /// <summary>The skill a question is routed by: the one requested (which the router must know), else the first matching pattern, else <see cref="PoolRouterOptions.AnySkill"/>.</summary>
    /// <exception cref="ApiException">The requested skill is unknown to the router.</exception>
    public string? SkillOf(string model, string text, string? requested)
    {
        if (model != MoaModel || _router is null)
        {
            return requested;
        }

        if (requested is not null)
        {
            return _router.SkillAccuracy.Values.Any(s => s.ContainsKey(requested))
                ? requested
                : throw ApiException.BadRequest($"Unknown skill '{requested}': the router knows {string.Join(", ", Skills())}.", "invalid_value", "mosaic.skill");
        }

        foreach (var (skill, pattern) in _patterns)
        {
            try
            {
                if (pattern.IsMatch(text))
                {
                    return skill;
                }
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }

        return PoolRouterOptions.AnySkill;
    }

    /// <summary>The pool's warm-up jobs (<see cref="PoolWarmUp"/>) for <paramref name="workers"/> workers.</summary>
    public IReadOnlyList<JobSpec> WarmUpJobs(int workers, int batchSize) => PoolWarmUp.Jobs(_pool.Experts, _pool.Aggregator, _pool.AnswerFormat, workers, batchSize);

    /// <summary>
    /// One job of <paramref name="priority"/> for questions all asking <paramref name="model"/>: each question keeps its
    /// own new-token limit (a batch line's <c>max_tokens</c> is that line's alone), never above the pool's, which is the job's.
    /// </summary>
    public JobSpec Job(string model, IReadOnlyList<PendingQuestion> questions, JobPriority priority)
    {
        int? Limit(PendingQuestion q) => q.MaxTokens is { } asked && _pool.MaxNewTokens is { } cap ? Math.Min(asked, cap) : q.MaxTokens;
        string? Gold(PendingQuestion q) => q.Gold is { } gold ? AnswerExtractor.Extract(gold, _pool.AnswerFormat) ?? gold : null;
        if (model != MoaModel)
        {
            return JobSpec.OneExpert(
                questions.Select(q => new QuestionSpec(q.Id, q.Text, [model], q.Skill, Gold(q), Limit(q))).ToArray(), model, _pool.Scheduler, _pool.AnswerFormat,
                _pool.MaxNewTokens, _pool.OverlapStages) with { Priority = priority };
        }

        var routed = questions.Select(q => q.Experts is { } named
            ? new QuestionSpec(q.Id, q.Text, named.ToArray(), q.Skill, Gold(q), Limit(q))
            : _router is null
            ? new QuestionSpec(q.Id, q.Text, _pool.Experts.ToArray(), q.Skill, Gold(q), Limit(q))
            : new QuestionSpec(q.Id, q.Text, [], q.Skill ?? PoolRouterOptions.AnySkill, Gold(q), Limit(q))).ToArray();
        return new JobSpec(
            routed, _pool.Experts.ToArray(), _pool.Aggregator, new GateSpec(_pool.GateRule, _pool.GateThreshold, _pool.SameExpert, _pool.EarlyDecisions),
            _pool.Scheduler, _pool.AnswerFormat, _pool.MaxNewTokens, _pool.OverlapStages, _router, _pool.ShareRepeatedCalls, priority);
    }

    private IEnumerable<string> Skills() =>
        _router!.SkillAccuracy.Values.SelectMany(s => s.Keys).Distinct().Order(StringComparer.Ordinal);

    /// <summary>The router's accuracies plus the fallback skill: each expert's mean accuracy over every skill the router knows (unknown counts 0).</summary>
    private static RouterSpec RouterSpecOf(PoolRouterOptions router)
    {
        var skills = router.SkillAccuracy.Values.SelectMany(s => s.Keys).Distinct().ToArray();
        var accuracy = router.SkillAccuracy.ToDictionary(
            e => e.Key,
            e => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>(e.Value, StringComparer.Ordinal)
            {
                [PoolRouterOptions.AnySkill] = skills.Length == 0 ? 0 : skills.Average(s => e.Value.GetValueOrDefault(s)),
            },
            StringComparer.Ordinal);
        return new RouterSpec(accuracy, router.K, router.WithReplacement, router.Temperature, router.Seed);
    }
}
