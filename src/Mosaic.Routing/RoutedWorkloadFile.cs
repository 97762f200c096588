using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mosaic.Routing;

/// <summary>
/// The routed workload as JSON lines, one question per line:
/// <c>{"id": str, "text": str, "skill": str, "gold": str, "experts": [str, ...]}</c>. Blank lines are skipped; any
/// other unreadable line throws <see cref="WorkloadFormatException"/> naming the line.
/// </summary>
public static class RoutedWorkloadFile
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter writer, IEnumerable<RoutedQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(questions);
        foreach (var question in questions)
        {
            writer.Write(Serialize(question));
            writer.Write('\n');
        }
    }

    public static void WriteFile(string path, IEnumerable<RoutedQuestion> questions)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var writer = new StreamWriter(path);
        Write(writer, questions);
    }

    public static IReadOnlyList<RoutedQuestion> Read(TextReader reader, string origin = "workload")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new List<RoutedQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var question = Parse(line, origin, number);
            if (!ids.Add(question.Id))
            {
                throw new WorkloadFormatException(origin, number, $"duplicate question id '{question.Id}'");
            }

            result.Add(question);
        }

        return result;
    }

    /// <exception cref="FileNotFoundException">No such file; the message names it.</exception>
    public static IReadOnlyList<RoutedQuestion> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"workload file '{path}' not found", path);
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static string Serialize(RoutedQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("id", question.Id);
            writer.WriteString("text", question.Text);
            writer.WriteString("skill", question.Skill);
            writer.WriteString("gold", question.GoldAnswer);
            writer.WriteStartArray("experts");
            foreach (var expert in question.Experts)
            {
                writer.WriteStringValue(expert);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static RoutedQuestion Parse(string line, string origin, int number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new WorkloadFormatException(origin, number, $"not valid JSON ({JsonErrorText.Describe(e)})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new WorkloadFormatException(origin, number, "expected a JSON object");
            }

            string Text(string name)
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
                {
                    throw new WorkloadFormatException(origin, number, $"missing string field \"{name}\"");
                }

                var text = value.GetString()!;
                if (name != "text" && text.Length == 0)
                {
                    throw new WorkloadFormatException(origin, number, $"field \"{name}\" is empty");
                }

                return text;
            }

            var id = Text("id");
            var text = Text("text");
            var skill = Text("skill");
            var gold = Text("gold");
            if (!root.TryGetProperty("experts", out var expertsValue) || expertsValue.ValueKind != JsonValueKind.Array)
            {
                throw new WorkloadFormatException(origin, number, "missing array field \"experts\"");
            }

            var experts = new List<string>();
            foreach (var item in expertsValue.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
                {
                    throw new WorkloadFormatException(origin, number, "\"experts\" must hold non-empty strings");
                }

                experts.Add(item.GetString()!);
            }

            if (experts.Count == 0)
            {
                throw new WorkloadFormatException(origin, number, "\"experts\" is empty");
            }

            return new RoutedQuestion(id, text, skill, gold, experts);
        }
    }
}
