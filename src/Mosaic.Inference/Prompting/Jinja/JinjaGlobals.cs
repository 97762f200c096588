using System.Globalization;
using System.Text;

namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>
/// The global functions Hugging Face gives chat templates (<c>raise_exception</c>, <c>strftime_now</c>) and the
/// Jinja ones they use (<c>namespace</c>, <c>range</c>, <c>dict</c>).
/// </summary>
internal static class JinjaGlobals
{
    private static readonly HashSet<string> Names = ["namespace", "range", "raise_exception", "strftime_now", "dict"];

    public static bool Supports(string name) => Names.Contains(name);

    public static JinjaCallable? Find(string name, Func<DateTime> now) => name switch
    {
        "namespace" => (args, kwargs) =>
        {
            var ns = new JinjaNamespace();
            if (args.Count > 0)
            {
                foreach (var (key, value) in args[0] as Dictionary<string, object?> ?? throw new JinjaException("namespace() expects a mapping"))
                {
                    ns.Attributes[key] = value;
                }
            }

            foreach (var (key, value) in kwargs)
            {
                ns.Attributes[key] = value;
            }

            return ns;
        },
        "dict" => (_, kwargs) => kwargs.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        "range" => (args, _) => Range(args),
        "raise_exception" => (args, _) => throw new JinjaException($"the template raised an error: {(args.Count > 0 ? JinjaValues.ToOutput(args[0]) : "")}"),
        "strftime_now" => (args, _) => StrFTime(now(), args.Count > 0 && args[0] is string format ? format : throw new JinjaException("strftime_now() expects a format string")),
        _ => null,
    };

    private static List<object?> Range(IReadOnlyList<object?> args)
    {
        var (start, stop, step) = args.Count switch
        {
            1 => (0L, JinjaValues.ToLong(args[0]), 1L),
            2 => (JinjaValues.ToLong(args[0]), JinjaValues.ToLong(args[1]), 1L),
            3 => (JinjaValues.ToLong(args[0]), JinjaValues.ToLong(args[1]), JinjaValues.ToLong(args[2])),
            _ => throw new JinjaException("range() takes 1 to 3 arguments"),
        };
        if (step == 0)
        {
            throw new JinjaException("range() step must not be zero");
        }

        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            result.Add(i);
        }

        return result;
    }

    /// <summary>Python's <c>strftime</c> for the directives date lines in chat templates use.</summary>
    internal static string StrFTime(DateTime time, string format)
    {
        var culture = CultureInfo.InvariantCulture;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            var directive = format[++i];
            builder.Append(directive switch
            {
                'd' => time.ToString("dd", culture),
                'm' => time.ToString("MM", culture),
                'Y' => time.ToString("yyyy", culture),
                'y' => time.ToString("yy", culture),
                'b' => time.ToString("MMM", culture),
                'B' => time.ToString("MMMM", culture),
                'a' => time.ToString("ddd", culture),
                'A' => time.ToString("dddd", culture),
                'H' => time.ToString("HH", culture),
                'I' => time.ToString("hh", culture),
                'M' => time.ToString("mm", culture),
                'S' => time.ToString("ss", culture),
                'p' => time.ToString("tt", culture),
                'j' => time.DayOfYear.ToString("000", culture),
                '%' => "%",
                _ => throw new JinjaException($"strftime_now: the directive '%{directive}' is not supported"),
            });
        }

        return builder.ToString();
    }
}
