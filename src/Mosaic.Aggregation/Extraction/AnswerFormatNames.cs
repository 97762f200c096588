namespace Mosaic.Aggregation.Extraction;

/// <summary>
/// The names of <see cref="AnswerFormat"/> (<see cref="EnumNames{TEnum}"/>: auto, mcq, boxed, gsm8k, number), read by
/// its rule: case and surrounding spaces are ignored.
/// </summary>
public static class AnswerFormatNames
{
    public static IReadOnlyList<string> All => EnumNames<AnswerFormat>.All;

    /// <summary>False (and <see cref="AnswerFormat.Auto"/>, the default) for a name that is none of them.</summary>
    public static bool TryParse(string? name, out AnswerFormat format) =>
        EnumNames<AnswerFormat>.TryParse(name, out format);

    public static string NameOf(AnswerFormat format) => EnumNames<AnswerFormat>.NameOf(format);
}
