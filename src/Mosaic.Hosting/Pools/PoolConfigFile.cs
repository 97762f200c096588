using System.Text.Json;
using System.Text.RegularExpressions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Hosting.Pools;

/// <summary>
/// Reads a pool configuration file (format in docs/demo.md). Folders are relative to the file's own folder. Every
/// problem is one <see cref="PoolFileException"/> naming the file and the field.
/// </summary>
internal static class PoolConfigFile
{
    public const string ZooFileName = "pool.json";

    /// <summary>The model name requests use when the file names none.</summary>
    public const string DefaultModel = "mosaic";

    /// <summary>
    /// The aggregator's name when the file gives none. The name addresses the model in the cluster (silos serve it, jobs
    /// and the gateway's readiness ask for it by name), as an expert's key does; a pool has one aggregator, so a fixed
    /// default is unambiguous within it.
    /// </summary>
    public const string DefaultAggregator = "aggregator";

    private static readonly string[] TopLevelKeys =
    [
        "model", "backend", "time_scale", "device", "models_per_worker", "plan_time_limit_ms", "calibrate_speed", "experts", "aggregator",
        "gate", "scheduler", "answer_format", "overlap_stages", "workers", "router", "skills", "share_repeated_calls",
    ];

    private static readonly string[] ModelKeys = ["path", "kind", "max_new_tokens", "context_tokens", "profile", "load_s", "per_prompt_s", "mean_output_tokens"];

    public static PoolConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PoolFileException($"{path}: cannot read the pool configuration ({e.Message})");
        }

        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return Parse(document.RootElement, Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (JsonException e)
        {
            throw new PoolFileException($"{path}: not valid JSON ({JsonErrorText.Describe(e)})");
        }
        catch (ConfigError e)
        {
            throw new PoolFileException($"{path}: {e.Message}");
        }
    }

    private static PoolConfig Parse(JsonElement root, string folder)
    {
        Require(root.ValueKind == JsonValueKind.Object, "the top level must be a JSON object");
        Require(!root.TryGetProperty(MosaicGrainsOptions.SectionName, out _),
            $"this is a silo settings file (a \"{MosaicGrainsOptions.SectionName}\" section); a pool file has \"experts\" and \"aggregator\" at the top level (docs/demo.md)");
        Known(root, "", TopLevelKeys);
        var grains = new MosaicGrainsOptions
        {
            Backend = Text(root, "backend") is { } backend ? OneOf<BackendKind>(backend, "backend") : BackendKind.TorchSharp,
            TimeScale = Double(root, "time_scale") ?? 0.001,
            Device = Text(root, "device") ?? "cpu",
            MaxModelsPerWorker = Int(root, "models_per_worker") ?? 4,
            PlanTimeLimitMs = Int(root, "plan_time_limit_ms") ?? 2000,
            CalibrateSpeed = Bool(root, "calibrate_speed") ?? false,
        };
        Require(root.TryGetProperty("experts", out var experts) && experts.ValueKind == JsonValueKind.Object && experts.EnumerateObject().Any(),
            "\"experts\" must be an object with at least one expert");
        foreach (var expert in experts.EnumerateObject())
        {
            Require(IsModelName(expert.Name), $"experts: the name '{expert.Name}' must be non-empty and contain no '@' or '/' (clients ask for it as a model)");
            grains.Experts[expert.Name] = Model(expert.Value, $"experts.{expert.Name}", folder, grains.Backend, ModelKeys);
        }

        Require(root.TryGetProperty("aggregator", out var aggregator) && aggregator.ValueKind == JsonValueKind.Object, "\"aggregator\" must be an object");
        var named = Text(aggregator, "name", "aggregator.");
        var aggregatorName = named ?? DefaultAggregator;
        Require(IsModelName(aggregatorName), $"aggregator.name '{aggregatorName}' must be non-empty and contain no '@' or '/'");
        Require(!grains.Experts.ContainsKey(aggregatorName), named is null
            ? $"an expert is named '{DefaultAggregator}', the aggregator's name when aggregator.name is not given; give the aggregator a \"name\" of its own"
            : $"aggregator.name '{aggregatorName}' is also an expert");
        grains.Experts[aggregatorName] = Model(aggregator, "aggregator", folder, grains.Backend, [.. ModelKeys, "name"]);
        // In the file's own words, before the silo settings' check would name them as Mosaic:TimeScale and the like.
        Require(double.IsFinite(grains.TimeScale) && grains.TimeScale >= 0, $"time_scale must be 0 or more, got {grains.TimeScale}");
        Require(grains.MaxModelsPerWorker >= 1, $"models_per_worker must be at least 1, got {grains.MaxModelsPerWorker}");
        Require(grains.PlanTimeLimitMs >= 1, $"plan_time_limit_ms must be at least 1, got {grains.PlanTimeLimitMs}");
        try
        {
            grains.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigError(e.Message);
        }

        var expertNames = experts.EnumerateObject().Select(e => e.Name).ToArray();
        var model = Text(root, "model") ?? DefaultModel;
        Require(IsModelName(model), $"model '{model}' must be non-empty and contain no '@' or '/'");
        Require(!grains.Experts.ContainsKey(model),
            $"model '{model}' is also the name of {(model == aggregatorName ? "the aggregator" : "an expert")}; the pool's mixture-of-agents model needs a name of its own");
        return new PoolConfig(
            model,
            grains,
            aggregatorName,
            Gate(root),
            Text(root, "scheduler") is { } scheduler ? OneOf<SchedulerKind>(scheduler, "scheduler") : SchedulerKind.Mosaic,
            Text(root, "answer_format") is { } format ? OneOf<AnswerFormat>(format, "answer_format") : AnswerFormat.Auto,
            Bool(root, "overlap_stages") ?? true,
            Int(root, "workers") is { } workers ? (workers >= 1 ? workers : throw new ConfigError("workers must be positive")) : 2,
            Router(root, expertNames),
            Skills(root),
            Bool(root, "share_repeated_calls") ?? true);
    }

    private static bool IsModelName(string name) => !string.IsNullOrWhiteSpace(name) && !name.Contains('@') && !name.Contains('/');

    /// <summary>An expert or the aggregator. The emulated backend loads no weights, so there a model needs no folder.</summary>
    private static ExpertOptions Model(JsonElement element, string field, string folder, BackendKind backend, string[] keys)
    {
        Require(element.ValueKind == JsonValueKind.Object, $"{field} must be an object");
        Known(element, $"{field}.", keys);
        var path = Text(element, "path", $"{field}.");
        Require(path is not null || backend == BackendKind.Emulated, $"{field}.path is missing (the model's checkpoint folder)");
        var modelPath = path is null ? null : Path.GetFullPath(Path.Combine(folder, path));
        var given = Text(element, "profile", $"{field}.");
        var profile = given is not null ? Path.GetFullPath(Path.Combine(folder, given))
            : modelPath is null ? null
            : Path.Combine(modelPath, Scheduling.Profiling.ProfileDirectory.FileName);
        // A profile the file names must be there; the one beside the weights is used when `mosaic profile` wrote it.
        Require(given is null || File.Exists(profile), $"{field}.profile '{given}': no such file ({profile})");
        var options = new ExpertOptions
        {
            Kind = Text(element, "kind", $"{field}.") is { } kind ? OneOf<ExpertKind>(kind, $"{field}.kind") : ExpertKind.Instruct,
            ModelPath = modelPath,
            MaxNewTokens = Int(element, "max_new_tokens", $"{field}."),
            ContextTokens = Int(element, "context_tokens", $"{field}."),
            ProfilePath = File.Exists(profile) ? profile : null,
        };
        if (Double(element, "load_s", $"{field}.") is { } load)
        {
            options.LoadSeconds = load;
        }

        if (Double(element, "per_prompt_s", $"{field}.") is { } perPrompt)
        {
            options.PerPromptSeconds = perPrompt;
        }

        // The emulated backend draws each call's length around it: a pool with small max_new_tokens needs a smaller mean,
        // or every emulated call reaches its limit and none votes.
        if (Double(element, "mean_output_tokens", $"{field}.") is { } meanTokens)
        {
            Require(double.IsFinite(meanTokens) && meanTokens >= 1, $"{field}.mean_output_tokens must be at least 1, got {meanTokens}");
            options.MeanOutputTokens = meanTokens;
        }

        Require(modelPath is null || Directory.Exists(modelPath), File.Exists(modelPath)
            ? $"{field}.path: '{modelPath}' is a file; name the model's folder (the one holding config.json and the weights)"
            : $"{field}.path: model folder '{modelPath}' does not exist");
        return options;
    }

    private static GateSpec Gate(JsonElement root)
    {
        if (!root.TryGetProperty("gate", out var gate))
        {
            return new GateSpec();
        }

        Require(gate.ValueKind == JsonValueKind.Object, "gate must be an object");
        Known(gate, "gate.", "rule", "threshold", "early_decisions", "same_expert");
        var rule = Text(gate, "rule", "gate.") is { } name ? OneOf<GateRule>(name, "gate.rule") : GateRule.VoteFraction;
        var threshold = Double(gate, "threshold", "gate.") ?? 2.0 / 3.0;
        Require(threshold is > 0 and <= 1, $"gate.threshold must be in (0, 1], got {threshold}");
        var sameExpert = Text(gate, "same_expert", "gate.") is { } policy ? OneOf<SameExpertPolicy>(policy, "gate.same_expert") : SameExpertPolicy.CountEverySlot;
        return rule == GateRule.Off ? GateSpec.Off : new GateSpec(rule, threshold, sameExpert, Bool(gate, "early_decisions", "gate.") ?? true);
    }

    /// <summary>Every closed set of the file (backend, scheduler, answer_format, gate.rule, gate.same_expert, a model's kind), read by <see cref="EnumNames{TEnum}"/>' one rule.</summary>
    private static TEnum OneOf<TEnum>(string name, string field)
        where TEnum : struct, Enum =>
        EnumNames<TEnum>.TryParse(name, out var value)
            ? value
            : throw new ConfigError($"{field} must be one of {string.Join(", ", EnumNames<TEnum>.All)}, got '{name}'");

    private static RouterSpec? Router(JsonElement root, IReadOnlyList<string> experts)
    {
        if (!root.TryGetProperty("router", out var router))
        {
            return null;
        }

        Require(router.ValueKind == JsonValueKind.Object, "router must be an object");
        Known(router, "router.", "skill_accuracy", "k", "with_replacement", "temperature", "seed");
        Require(router.TryGetProperty("skill_accuracy", out var accuracy) && accuracy.ValueKind == JsonValueKind.Object,
            "router.skill_accuracy must map every expert to its calibration accuracy per skill");
        var table = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var expert in accuracy.EnumerateObject())
        {
            Require(experts.Contains(expert.Name), $"router.skill_accuracy names '{expert.Name}', which is not an expert of the pool");
            Require(expert.Value.ValueKind == JsonValueKind.Object, $"router.skill_accuracy.{expert.Name} must be an object of skill: accuracy");
            table[expert.Name] = expert.Value.EnumerateObject().ToDictionary(
                s => s.Name,
                s => s.Value.ValueKind == JsonValueKind.Number && s.Value.GetDouble() is >= 0 and <= 1
                    ? s.Value.GetDouble()
                    : throw new ConfigError($"router.skill_accuracy.{expert.Name}.{s.Name} must be a number in [0, 1]"),
                StringComparer.Ordinal);
        }

        Require(experts.All(table.ContainsKey), $"router.skill_accuracy must score every expert ({string.Join(", ", experts.Where(e => !table.ContainsKey(e)))} missing)");
        var (k, withReplacement, temperature) = (Int(router, "k", "router.") ?? 3, Bool(router, "with_replacement", "router.") ?? true, Double(router, "temperature", "router.") ?? 0.75);
        // Checked here, not when the first job is routed (that was an internal error naming a parameter of the router).
        Require(k >= 1, $"router.k must be at least 1, got {k}");
        Require(withReplacement || k <= experts.Count, $"router.k = {k} draws without replacement from {experts.Count} experts; lower k or set with_replacement");
        Require(temperature > 0, $"router.temperature must be positive, got {temperature}");
        return new RouterSpec(table, k, withReplacement, temperature, Int(router, "seed", "router.") ?? 0);
    }

    private static IReadOnlyList<SkillPattern> Skills(JsonElement root)
    {
        if (!root.TryGetProperty("skills", out var skills))
        {
            return [];
        }

        Require(skills.ValueKind == JsonValueKind.Array, "skills must be an array of {\"name\", \"pattern\"}");
        var parsed = skills.EnumerateArray().Select((s, i) =>
        {
            if (s.ValueKind == JsonValueKind.Object)
            {
                Known(s, $"skills[{i}].", "name", "pattern");
            }

            var name = s.ValueKind == JsonValueKind.Object ? Text(s, "name", $"skills[{i}].") : null;
            var pattern = s.ValueKind == JsonValueKind.Object ? Text(s, "pattern", $"skills[{i}].") : null;
            Require(name is not null && pattern is not null, $"skills[{i}] needs a \"name\" and a \"pattern\"");
            try
            {
                return new SkillPattern(name!, PoolConfig.Compile(pattern!));
            }
            catch (ArgumentException e)
            {
                throw new ConfigError($"skills[{i}].pattern is not a valid regular expression ({e.Message})");
            }
        }).ToArray();
        var repeated = parsed.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        Require(repeated is null, $"skills names '{repeated?.Key}' twice (one pattern per skill)");
        return parsed;
    }

    // prefix: where the element sits in the file ("gate.", "experts.think."), so that an error names the field's path.
    private static string? Text(JsonElement element, string name, string prefix = "") =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text
        : throw new ConfigError($"{prefix}{name} must be a non-empty string");

    private static int? Int(JsonElement element, string name, string prefix = "") =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new ConfigError($"{prefix}{name} must be an integer");

    private static double? Double(JsonElement element, string name, string prefix = "") =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw new ConfigError($"{prefix}{name} must be a number");

    private static bool? Bool(JsonElement element, string name, string prefix = "") =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new ConfigError($"{prefix}{name} must be true or false");

    /// <summary>A misspelt setting (<c>max_new_token</c>) is an error naming it, not a default taken without a word.</summary>
    private static void Known(JsonElement element, string prefix, params string[] keys)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!keys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new ConfigError($"{prefix}{property.Name} is not a pool setting here (known: {string.Join(", ", keys)})");
            }
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ConfigError(message);
        }
    }

    private sealed class ConfigError(string message) : Exception(message);
}
