namespace Mosaic.Aggregation.Extraction;

/// <summary>The command-line names of <see cref="AnswerFormat"/>: auto, mcq, boxed, gsm8k, number.</summary>
public static class AnswerFormatNames
{
    public static IReadOnlyList<string> All { get; } = ["auto", "mcq", "boxed", "gsm8k", "number"];

    public static bool TryParse(string? name, out AnswerFormat format)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "auto": format = AnswerFormat.Auto; return true;
            case "mcq": format = AnswerFormat.MultipleChoice; return true;
            case "boxed": format = AnswerFormat.Boxed; return true;
            case "gsm8k": format = AnswerFormat.Gsm8k; return true;
            case "number": format = AnswerFormat.Number; return true;
            default: format = AnswerFormat.Auto; return false;
        }
    }

    public static string NameOf(AnswerFormat format) => format switch
    {
        AnswerFormat.Auto => "auto",
        AnswerFormat.MultipleChoice => "mcq",
        AnswerFormat.Boxed => "boxed",
        AnswerFormat.Gsm8k => "gsm8k",
        AnswerFormat.Number => "number",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown answer format"),
    };
}
