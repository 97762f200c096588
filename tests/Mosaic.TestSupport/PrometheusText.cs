using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mosaic.TestSupport;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): HELP/TYPE lines, samples with escaped label
/// values, float values (NaN, ±Inf) and optional timestamps. It also checks what a scraper relies on: every sample
/// belongs to a family declared by TYPE (histograms through _bucket/_sum/_count), a family is declared once, and a
/// histogram's buckets are cumulative and end with le="+Inf" equal to its _count. Any violation throws
/// <see cref="FormatException"/> naming the line.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples) => (Types, Samples) = (types, samples);

    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    if (!types.TryAdd(type.Groups[1].Value, type.Groups[2].Value))
                    {
                        throw new FormatException($"line {lineNumber}: family {type.Groups[1].Value} declared twice");
                    }
                }
                else if (line.StartsWith("# TYPE", StringComparison.Ordinal) || (line.StartsWith("# HELP", StringComparison.Ordinal) && !HelpLine().IsMatch(line)))
                {
                    throw new FormatException($"line {lineNumber}: malformed comment: {line}");
                }

                continue;
            }

            Sample sample;
            try
            {
                sample = ParseSample(line, lineNumber);
            }
            catch (IndexOutOfRangeException)
            {
                throw new FormatException($"line {lineNumber}: truncated sample: {line}");
            }

            if (FamilyOf(sample.Name, types) is null)
            {
                throw new FormatException($"line {lineNumber}: sample {sample.Name} has no TYPE");
            }

            samples.Add(sample);
        }

        CheckHistograms(types, samples);
        return new PrometheusText(types, samples);
    }

    private static Sample ParseSample(string line, int lineNumber)
    {
        var name = MetricName().Match(line);
        if (!name.Success || name.Index != 0)
        {
            throw new FormatException($"line {lineNumber}: no metric name: {line}");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = name.Length;
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var label = LabelName().Match(line, i);
                if (!label.Success || label.Index != i || line[i + label.Length] != '=' || line[i + label.Length + 1] != '"')
                {
                    throw new FormatException($"line {lineNumber}: malformed label at column {i + 1}: {line}");
                }

                i += label.Length + 2;
                var value = new StringBuilder();
                for (; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"line {lineNumber}: bad escape \\{line[i]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }

                if (!labels.TryAdd(label.Value, value.ToString()))
                {
                    throw new FormatException($"line {lineNumber}: label {label.Value} repeated");
                }

                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++;
        }

        var rest = line[i..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (i >= line.Length || line[i] != ' ' || rest.Length is < 1 or > 2 || (rest.Length == 2 && !long.TryParse(rest[1], out _)))
        {
            throw new FormatException($"line {lineNumber}: expected ' value [timestamp]': {line}");
        }

        return new Sample(name.Value, labels, ParseValue(rest[0], lineNumber));
    }

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"line {lineNumber}: bad value '{text}'"),
    };

    private static string? FamilyOf(string sample, IReadOnlyDictionary<string, string> types)
    {
        if (types.ContainsKey(sample))
        {
            return sample;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return sample[..^suffix.Length];
            }
        }

        return null;
    }

    private static void CheckHistograms(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples)
    {
        foreach (var family in types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            var series = samples.Where(s => s.Name == family + "_bucket")
                .GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")));
            foreach (var buckets in series)
            {
                var ordered = buckets.OrderBy(b => ParseValue(b.Labels["le"], 0)).ToArray();
                if (ordered[^1].Labels["le"] != "+Inf")
                {
                    throw new FormatException($"{family}{{{buckets.Key}}}: no le=\"+Inf\" bucket");
                }

                if (ordered.Zip(ordered.Skip(1)).Any(p => p.Second.Value < p.First.Value))
                {
                    throw new FormatException($"{family}{{{buckets.Key}}}: buckets are not cumulative");
                }

                var count = samples.Single(s => s.Name == family + "_count"
                    && string.Join(",", s.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")) == buckets.Key);
                if (count.Value != ordered[^1].Value)
                {
                    throw new FormatException($"{family}{{{buckets.Key}}}: _count {count.Value} differs from the +Inf bucket {ordered[^1].Value}");
                }
            }
        }
    }

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]*( .*)?$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"[a-zA-Z_][a-zA-Z0-9_]*")]
    private static partial Regex LabelName();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
