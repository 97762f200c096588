using System.Text.Json;
using Mosaic.Aggregation;

namespace Mosaic.Scheduling.Instances;

/// <summary>
/// Reads an instance file:
/// <c>{"name": str, "max_models_per_worker": int, "workers": int | [{"id": str, "memory_gb"?: num, "speed"?: num}],
/// "experts": [{"name": str, "kind": "reasoning"|"instruct", "load_s": num, "per_prompt_s": num, "prompts": int,
/// "memory_gb"?: num, "mean_output_tokens"?: num, "longest_prompt_s"?: num, "prompt_costs"?: [num]}]}</c>.
/// Every problem is reported as an <see cref="InvalidInstanceException"/> naming the file and the field.
/// </summary>
public static class InstanceFile
{
    private static readonly string[] RootFields = ["name", "max_models_per_worker", "workers", "experts"];
    private static readonly string[] WorkerFields = ["id", "memory_gb", "speed"];
    private static readonly string[] ExpertFields =
        ["name", "kind", "load_s", "per_prompt_s", "prompts", "memory_gb", "mean_output_tokens", "longest_prompt_s", "prompt_costs"];

    public static SchedulingInstance Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInstanceException($"{path}: cannot read the file ({e.Message})");
        }

        try
        {
            return Parse(text, Path.GetFileNameWithoutExtension(path));
        }
        catch (InvalidInstanceException e)
        {
            throw new InvalidInstanceException($"{path}: {e.Message}");
        }
    }

    public static SchedulingInstance Parse(string json, string defaultName = "instance")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidInstanceException($"not valid JSON ({JsonErrorText.Describe(e)})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInstanceException("the top level must be a JSON object");
            }

            CheckFields(root, "", RootFields);
            var name = OptionalString(root, "name", "") is { Length: > 0 } given ? given : defaultName;
            var k = RequiredInt(root, "max_models_per_worker", "max_models_per_worker");
            var workers = ReadWorkers(root);
            if (!root.TryGetProperty("experts", out var expertsElement) || expertsElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidInstanceException("'experts' is missing or not an array");
            }

            var experts = expertsElement.EnumerateArray().Select((e, i) => ReadExpert(e, $"experts[{i}]")).ToArray();
            return new SchedulingInstance(name, experts, workers, k).Validate();
        }
    }

    private static WorkerSpec[] ReadWorkers(JsonElement root)
    {
        if (!root.TryGetProperty("workers", out var element))
        {
            throw new InvalidInstanceException("'workers' is missing");
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            if (!element.TryGetInt32(out var count) || count < 1)
            {
                throw new InvalidInstanceException($"'workers' must be a positive integer or a list, got {element.GetRawText()}");
            }

            return Enumerable.Range(0, count).Select(n => new WorkerSpec($"gpu{n}")).ToArray();
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInstanceException("'workers' must be a positive integer or a list of workers");
        }

        return element.EnumerateArray().Select((w, i) =>
        {
            var where = $"workers[{i}]";
            if (w.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInstanceException($"{where} must be an object");
            }

            CheckFields(w, where, WorkerFields);
            return new WorkerSpec(
                RequiredString(w, "id", where),
                OptionalNumber(w, "memory_gb", where),
                OptionalNumber(w, "speed", where) ?? 1.0);
        }).ToArray();
    }

    private static ExpertSpec ReadExpert(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInstanceException($"{where} must be an object");
        }

        var name = RequiredString(e, "name", where);
        where = $"{where} ('{name}')";
        CheckFields(e, where, ExpertFields);
        var kindName = RequiredString(e, "kind", where);
        var kind = EnumNames<ExpertKind>.TryParse(kindName, out var parsed)
            ? parsed
            : throw new InvalidInstanceException($"{where}.kind must be {string.Join(" or ", EnumNames<ExpertKind>.All.Select(k => $"\"{k}\""))}, got \"{kindName}\"");

        IReadOnlyList<double>? costs = null;
        if (e.TryGetProperty("prompt_costs", out var costsElement) && costsElement.ValueKind != JsonValueKind.Null)
        {
            if (costsElement.ValueKind != JsonValueKind.Array
                || costsElement.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.Number))
            {
                throw new InvalidInstanceException($"{where}.prompt_costs must be an array of numbers");
            }

            costs = costsElement.EnumerateArray().Select(c => c.GetDouble()).ToArray();
        }

        return new ExpertSpec(
            name,
            kind,
            RequiredNumber(e, "load_s", where),
            RequiredNumber(e, "per_prompt_s", where),
            RequiredInt(e, "prompts", where),
            OptionalNumber(e, "memory_gb", where),
            OptionalNumber(e, "mean_output_tokens", where),
            OptionalNumber(e, "longest_prompt_s", where),
            costs);
    }

    /// <summary>A field the format does not have is an error: a misspelt optional field would silently take its default.</summary>
    private static void CheckFields(JsonElement obj, string where, IReadOnlyList<string> known)
    {
        foreach (var field in obj.EnumerateObject())
        {
            if (!known.Contains(field.Name, StringComparer.Ordinal))
            {
                var path = where.Length == 0 ? $"'{field.Name}'" : $"{where}.{field.Name}";
                throw new InvalidInstanceException($"{path} is not a field of an instance file here (the fields are {string.Join(", ", known)})");
            }
        }
    }

    private static string RequiredString(JsonElement obj, string field, string where) =>
        obj.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new InvalidInstanceException($"{where}.{field} is missing or not a non-empty string");

    private static string? OptionalString(JsonElement obj, string field, string where) =>
        !obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null
            ? null
            : v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : throw new InvalidInstanceException($"{(where.Length > 0 ? where + "." : "")}{field} must be a string");

    private static double RequiredNumber(JsonElement obj, string field, string where) =>
        OptionalNumber(obj, field, where) ?? throw new InvalidInstanceException($"{where}.{field} is missing");

    private static double? OptionalNumber(JsonElement obj, string field, string where)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble()))
        {
            throw new InvalidInstanceException($"{where}.{field} must be a number, got {v.GetRawText()}");
        }

        var value = v.GetDouble();
        return value < 0 ? throw new InvalidInstanceException($"{where}.{field} must not be negative, got {v.GetRawText()}") : value;
    }

    private static int RequiredInt(JsonElement obj, string field, string where)
    {
        var label = where == field ? field : $"{where}.{field}";
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidInstanceException($"{label} is missing");
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var value))
        {
            throw new InvalidInstanceException($"{label} must be an integer, got {v.GetRawText()}");
        }

        return value < 0 ? throw new InvalidInstanceException($"{label} must not be negative, got {value}") : value;
    }
}
